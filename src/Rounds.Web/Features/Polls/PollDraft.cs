namespace Rounds.Web.Features.Polls;

/// <summary>The poll part of a form (the compose box, the new-poll page) as typed, so a refused form comes back filled in.</summary>
public sealed record PollDraft(string? Question, string? Options, bool Multiple, string? MaxChoices, int ClosesInHours, bool ResultsAfterClose)
{
    public static readonly (int Hours, string Label)[] Durations =
        [(24, "1 day"), (72, "3 days"), (168, "1 week"), (336, "2 weeks"), (720, "30 days"), (2160, "90 days")];

    public static PollDraft Empty => new(null, null, false, null, 168, false);

    /// <summary>The poll fields of a submitted form; null when the form has no poll (question and options left empty).</summary>
    public static PollDraft? FromForm(IFormCollection f) =>
        string.IsNullOrWhiteSpace(f["pollQuestion"]) && string.IsNullOrWhiteSpace(f["pollOptions"]) ? null
            : new(f["pollQuestion"], f["pollOptions"], f["pollMultiple"] == "true", f["pollMaxChoices"],
                int.TryParse(f["pollClosesIn"], out var h) ? h : 0, f["pollResultsAfterClose"] == "true");

    /// <summary>One option per line; blank lines are ignored.</summary>
    public List<string?> OptionList => (Options ?? "").Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).Select(o => (string?)o).ToList();

    public CreatePoll.Request ToRequest(DateTime now, string? text, string? audience, long? groupId, bool overridePrivacy,
        List<Posts.CreatePost.MediaRef>? media = null, string? contentWarning = null) =>
        new(Question, OptionList, Multiple, int.TryParse(MaxChoices, out var max) ? max : null,
            Durations.Any(d => d.Hours == ClosesInHours) ? now.AddHours(ClosesInHours) : null,
            audience, groupId, ResultsAfterClose, text, media, overridePrivacy, contentWarning);
}
