namespace Rounds.Web.Features.Lessons.Pages;

/// <summary>A step's fields as a form holds them (options one per line, the correct option counted from 1).</summary>
public sealed class StepForm
{
    public string Kind { get; set; } = "slide";
    public string? Text { get; set; }
    public string? Options { get; set; }
    public int? Correct { get; set; }
    public string? Explanation { get; set; }
    public string? AltText { get; set; }
    public bool Consent { get; set; }

    public static StepForm Of(LessonStep s) => new()
    {
        Kind = s.Kind == LessonStepKind.Slide ? "slide" : "question", Text = s.Text, Options = string.Join('\n', s.Options.Select(o => o.Text)),
        Correct = s.CorrectOption + 1, Explanation = s.Explanation, AltText = s.Image?.AltText, Consent = s.ConsentAttested,
    };

    public static StepForm Read(IFormCollection f, string prefix, string kind) => new()
    {
        Kind = kind, Text = f[$"{prefix}.text"], Options = f[$"{prefix}.options"], Correct = int.TryParse(f[$"{prefix}.correct"], out var c) ? c : null,
        Explanation = f[$"{prefix}.explanation"], AltText = f[$"{prefix}.altText"], Consent = f[$"{prefix}.consent"] == "true",
    };

    public LessonStepRequest ToRequest(long? imageId, int? position, bool overridePrivacy) => Kind == "question"
        ? new(Kind, Text, Options: (Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(o => (string?)o).ToList(),
            CorrectOption: Correct - 1, Explanation: Explanation, Position: position, OverridePrivacy: overridePrivacy)
        : new(Kind, Text, imageId, AltText, Consent, Position: position, OverridePrivacy: overridePrivacy);
}
