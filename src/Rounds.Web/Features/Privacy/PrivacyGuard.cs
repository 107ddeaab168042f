using Rounds.Privacy;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Privacy;

/// <summary>One possible identifier in one field of a request; offsets are UTF-16 positions in that field's text as sent.</summary>
public sealed record GuardFinding(string Field, int Start, int Length, string Type, string Label, string Text, string Placeholder, double Confidence);

/// <summary>A finding the author says is not patient information ("Still" in "Still's disease"); matched by type and text.</summary>
public sealed record Dismissal(string? Type, string? Text);

/// <summary>What the guard found in a request: the findings still open, and those the author dismissed.</summary>
public sealed record GuardReport(IReadOnlyList<GuardFinding> Findings, IReadOnlyList<GuardFinding> Dismissed, bool Blocking)
{
    public static readonly GuardReport Clean = new([], [], false);

    public string Message => Blocking
        ? $"This may identify a patient ({Summary}). Redact each finding, or dismiss it if it is not patient information, before publishing."
        : $"This may identify a patient ({Summary}). Redact it, or send it anyway if it is not patient information.";

    private string Summary => string.Join(", ", Findings.Take(5).Select(f => $"{f.Label} \"{f.Text}\"")) + (Findings.Count > 5 ? $" and {Findings.Count - 5} more" : "");
}

/// <summary>
/// The guard on every write path. Outside cases it warns: the write is refused (422 with the findings) until the author
/// redacts or overrides, and each override is recorded for moderators. In cases it blocks: every finding must be redacted
/// or dismissed, and each dismissal is recorded.
/// </summary>
public static class PrivacyGuard
{
    /// <summary>Scans each (field, text); findings whose type and text the author dismissed are set aside.</summary>
    public static GuardReport Scan(IEnumerable<(string Field, string? Text)> fields, IReadOnlyCollection<Dismissal>? dismissals = null, bool blocking = false)
    {
        var open = new List<GuardFinding>();
        var dismissed = new List<GuardFinding>();
        foreach (var (field, text) in fields)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (var f in TextGuard.Default.Scan(text))
            {
                var finding = new GuardFinding(field, f.Start, f.Length, f.Type.ToString(), TextGuard.Describe(f.Type), text.Substring(f.Start, f.Length),
                    TextGuard.Placeholder(f.Type), Math.Round(f.Confidence, 2));
                var isDismissed = dismissals?.Any(d => d is not null && string.Equals(d.Type, finding.Type, StringComparison.OrdinalIgnoreCase) && d.Text == finding.Text) == true;
                (isDismissed ? dismissed : open).Add(finding);
            }
        }
        return open.Count == 0 && dismissed.Count == 0 ? GuardReport.Clean with { Blocking = blocking } : new GuardReport(open, dismissed, blocking);
    }

    public static GuardReport Scan(string field, string? text) => Scan([(field, text)]);

    /// <summary>Warn mode: a failure while findings are open and the author has not chosen to send anyway.</summary>
    public static Failure? Warn(GuardReport report, bool overridden) =>
        report.Findings.Count == 0 || overridden ? null : Outcome.Privacy(report);

    /// <summary>Block mode: a failure while any finding is open, whatever the author says.</summary>
    public static Failure? Block(GuardReport report) =>
        report.Findings.Count == 0 ? null : Outcome.Privacy(report with { Blocking = true });

    /// <summary>Records the overridden findings (warn mode) and the dismissed ones, with the caller's unit of work.</summary>
    public static void Record(RoundsDb db, long memberId, string contentKind, long? contentId, GuardReport report, DateTime at)
    {
        foreach (var f in report.Findings) db.GuardDecisions.Add(Decision(GuardDecisionKind.Override, f));
        foreach (var f in report.Dismissed) db.GuardDecisions.Add(Decision(GuardDecisionKind.Dismissal, f));

        GuardDecision Decision(GuardDecisionKind kind, GuardFinding f) => new()
        {
            At = at, MemberId = memberId, Kind = kind, ContentKind = contentKind, ContentId = contentId, Field = f.Field, Type = f.Type,
            Text = f.Text.Length > GuardDecision.MaxText ? f.Text[..GuardDecision.MaxText] : f.Text,
        };
    }
}
