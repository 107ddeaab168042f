using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Polls;

/// <summary>
/// A standalone poll: written with the post that introduces it (the post's text, or the question when there is none), so it
/// reaches followers' home timelines and the community timelines under the post's audience rules.
/// </summary>
public static class CreatePoll
{
    public static readonly Audience[] Audiences = [Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group];

    public sealed record Request(
        string? Question,
        List<string?>? Options,
        bool Multiple = false,
        int? MaxChoices = null,
        DateTime? ClosesAt = null,
        string? Audience = null,
        long? GroupId = null,
        bool ResultsAfterClose = false,
        string? Text = null,
        List<CreatePost.MediaRef>? Media = null,
        bool OverridePrivacy = false,
        string? ContentWarning = null);

    public static async Task<Outcome<Poll>> RunAsync(Member author, Viewer viewer, Request r, RoundsDb db, Infrastructure.Audiences.Audiences audiences,
        JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var question = (r.Question ?? "").Trim();
        if (question.Length == 0) errors.Add("question", "Write the question.");
        else if (question.Length > Poll.MaxQuestionLength) errors.Add("question", $"A question has at most {Poll.MaxQuestionLength} characters; this one has {question.Length}.");

        var options = (r.Options ?? []).Select(o => o?.Trim() ?? "").ToList();
        if (options.Any(o => o.Length == 0)) errors.Add("options", "An option is empty: write it or remove it.");
        else if (options.Count < Poll.MinOptions) errors.Add("options", $"A poll needs at least {Poll.MinOptions} options.");
        else if (options.Count > Poll.MaxOptions) errors.Add("options", $"A poll has at most {Poll.MaxOptions} options; this one has {options.Count}.");
        else if (options.FirstOrDefault(o => o.Length > Poll.MaxOptionLength) is { } longOne)
            errors.Add("options", $"Each option has at most {Poll.MaxOptionLength} characters; \"{longOne[..40]}…\" has {longOne.Length}.");
        else if (options.GroupBy(o => o, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.Add("options", $"\"{twice.Key}\" is an option twice.");

        if (r.Multiple && r.MaxChoices is { } max && (max < 2 || max > options.Count))
            errors.Add("maxChoices", $"Allow between 2 and {Math.Max(2, options.Count)} choices, or leave it empty for any number.");
        if (!r.Multiple && r.MaxChoices is > 1) errors.Add("maxChoices", "A single-choice poll takes one choice; tick multiple choice to allow more.");

        DateTime? closesAt = r.ClosesAt is { } c ? c.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : c.ToUniversalTime() : null;
        if (closesAt is null) errors.Add("closesAt", "Choose when the poll closes.");
        else if (closesAt <= now) errors.Add("closesAt", "The closing time is in the past; choose a time in the future.");
        else if (closesAt > now + Poll.MaxDuration) errors.Add("closesAt", $"A poll runs at most {Poll.MaxDuration.TotalDays:0} days.");

        var audience = Audience.Public;
        if (!string.IsNullOrWhiteSpace(r.Audience))
        {
            if (Enum.TryParse<Audience>(r.Audience, ignoreCase: true, out var a) && Audiences.Contains(a)) audience = a;
            else errors.Add("audience", "A poll is for everyone (public), members, verified clinicians or a group.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        // The guard reads everything at once, so the author sees every finding in one answer.
        var text = string.IsNullOrWhiteSpace(r.Text) ? question : r.Text;
        var guard = PrivacyGuard.Scan([("text", r.Text), ("question", question), .. options.Select((o, i) => ($"options[{i}]", (string?)o))]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;
        var pollGuard = guard with { Findings = guard.Findings.Where(f => f.Field != "text").ToList(), Dismissed = [] };

        Poll? poll = null;
        var post = await CreatePost.RunAsync(author, viewer,
            new CreatePost.Request(text, audience.ToString().ToLowerInvariant(), audience == Audience.Group ? r.GroupId : null, Media: r.Media,
                ContentWarning: r.ContentWarning, OverridePrivacy: r.OverridePrivacy),
            db, audiences, jobs, clock, ct, attach: async p =>
            {
                poll = new Poll
                {
                    AuthorId = author.Id, Question = question, AllowsMultiple = r.Multiple, MaxChoices = r.Multiple ? r.MaxChoices : null, ClosesAt = closesAt,
                    Audience = p.Audience, GroupId = p.GroupId, ResultsAfterClose = r.ResultsAfterClose, PostId = p.Id, CreatedAt = now,
                    Options = options.Select((o, i) => new PollOption { Position = i, Text = o }).ToList(),
                };
                db.Polls.Add(poll);
                await db.SaveChangesAsync(ct);
                PrivacyGuard.Record(db, author.Id, "poll", poll.Id, pollGuard, now);
            });
        if (!post.IsOk) return new Failure(post.Kind, post.Errors, post.Message, post.Guard);
        return poll!;
    }

    public static async Task<Results<Created<PollView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db,
        Infrastructure.Audiences.Audiences audiences, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetPoll.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct, recordReach: false);
        return TypedResults.Created($"/api/v1/polls/{view!.Id}", view);
    }
}
