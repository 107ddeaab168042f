using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rounds.Privacy.Tests;

public sealed record GoldSpan(string Text, string Type);

public sealed record LabelledText(string Id, string Kind, string Text, List<GoldSpan> Spans);

/// <summary>Recall per gold type and precision per finding type, with the matching rules of docs/privacy-guard.md.</summary>
public sealed class EvaluationReport
{
    public const double RecallTarget = 0.97, TypeRecallTarget = 0.95, PrecisionTarget = 0.90;
    public const int MinimumTexts = 300;

    public int Texts { get; init; }
    public Dictionary<IdentifierType, (int Gold, int Found)> Recall { get; } = [];
    public Dictionary<IdentifierType, (int Findings, int Correct)> Precision { get; } = [];
    public List<string> Missed { get; } = [];
    public List<string> FalsePositives { get; } = [];
    public List<string> Unlocated { get; } = [];

    public int GoldTotal => Recall.Values.Sum(v => v.Gold);
    public int FoundTotal => Recall.Values.Sum(v => v.Found);
    public int FindingTotal => Precision.Values.Sum(v => v.Findings);
    public int CorrectTotal => Precision.Values.Sum(v => v.Correct);
    public double OverallRecall => GoldTotal == 0 ? 0 : (double)FoundTotal / GoldTotal;
    public double OverallPrecision => FindingTotal == 0 ? 1 : (double)CorrectTotal / FindingTotal;

    /// <summary>Why the figures miss the targets; empty when they meet them.</summary>
    public List<string> Failures()
    {
        var failures = new List<string>();
        if (Texts < MinimumTexts) failures.Add($"only {Texts} texts; the evaluation needs at least {MinimumTexts}");
        if (OverallRecall < RecallTarget) failures.Add($"overall recall {OverallRecall:0.000} < {RecallTarget}");
        foreach (var (type, (gold, found)) in Recall)
            if (gold > 0 && (double)found / gold < TypeRecallTarget) failures.Add($"{type} recall {(double)found / gold:0.000} < {TypeRecallTarget}");
        if (OverallPrecision < PrecisionTarget) failures.Add($"overall precision {OverallPrecision:0.000} < {PrecisionTarget}");
        return failures;
    }

    public string Table(bool details = true)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"{Texts} texts, {GoldTotal} gold identifiers, {FindingTotal} findings");
        sb.AppendLine("| Type | Gold | Found | Recall | Findings | Correct | Precision |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var type in Enum.GetValues<IdentifierType>())
        {
            var (gold, found) = Recall.GetValueOrDefault(type);
            var (findings, correct) = Precision.GetValueOrDefault(type);
            if (gold == 0 && findings == 0) continue;
            var recall = gold == 0 ? "–" : ((double)found / gold).ToString("0.000", inv);
            var precision = findings == 0 ? "–" : ((double)correct / findings).ToString("0.000", inv);
            sb.AppendLine(inv, $"| {type} | {gold} | {found} | {recall} | {findings} | {correct} | {precision} |");
        }
        sb.AppendLine(inv, $"| **All** | {GoldTotal} | {FoundTotal} | {OverallRecall:0.000} | {FindingTotal} | {CorrectTotal} | {OverallPrecision:0.000} |");
        if (details)
        {
            if (Unlocated.Count > 0) sb.AppendLine().AppendLine("Gold spans whose text is not in their text:").AppendJoin('\n', Unlocated).AppendLine();
            sb.AppendLine().AppendLine(inv, $"Missed gold identifiers ({Missed.Count}):").AppendJoin('\n', Missed).AppendLine();
            sb.AppendLine().AppendLine(inv, $"False positives ({FalsePositives.Count}):").AppendJoin('\n', FalsePositives).AppendLine();
        }
        return sb.ToString();
    }
}

public static class Evaluator
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Every labelled text of every *.jsonl file in the folder, one JSON object a line.</summary>
    public static List<LabelledText> Load(string folder)
    {
        var texts = new List<LabelledText>();
        if (!Directory.Exists(folder)) return texts;
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                var text = JsonSerializer.Deserialize<LabelledText>(line, Json)
                    ?? throw new InvalidDataException($"{Path.GetFileName(file)}: a line is not an object");
                texts.Add(text with { Spans = text.Spans ?? [] });
            }
        return texts;
    }

    /// <summary>Type families: the text often does not say which member it is ("ID 48213").</summary>
    public static int Family(IdentifierType type) => type switch
    {
        IdentifierType.Phone or IdentifierType.Fax => 1,
        IdentifierType.Address or IdentifierType.ZipCode or IdentifierType.Location => 2,
        IdentifierType.MedicalRecordNumber or IdentifierType.HealthPlanNumber or IdentifierType.AccountNumber or IdentifierType.LicenceNumber
            or IdentifierType.DeviceIdentifier or IdentifierType.VehicleIdentifier or IdentifierType.OtherIdentifier => 3,
        IdentifierType.Date or IdentifierType.Age => 4,
        _ => 10 + (int)type,
    };

    public static EvaluationReport Run(IReadOnlyList<LabelledText> texts, TextGuard guard)
    {
        var report = new EvaluationReport { Texts = texts.Count };
        foreach (var t in texts)
        {
            // Every occurrence of a gold span's text is that identifier.
            var gold = new List<(int Start, int End, IdentifierType Type, string Text)>();
            foreach (var span in t.Spans)
            {
                if (!Enum.TryParse<IdentifierType>(span.Type, ignoreCase: false, out var type))
                    throw new InvalidDataException($"{t.Id}: unknown type {span.Type}");
                if (string.IsNullOrEmpty(span.Text)) continue;
                var at = t.Text.IndexOf(span.Text, StringComparison.Ordinal);
                if (at < 0) report.Unlocated.Add($"  {t.Id}: \"{span.Text}\" ({span.Type})");
                while (at >= 0)
                {
                    if (!gold.Any(g => g.Start == at && g.End == at + span.Text.Length && g.Type == type))
                        gold.Add((at, at + span.Text.Length, type, span.Text));
                    at = t.Text.IndexOf(span.Text, at + 1, StringComparison.Ordinal);
                }
            }
            var findings = guard.Scan(t.Text);
            foreach (var g in gold)
            {
                var found = findings.Any(f => f.Start < g.End && g.Start < f.End && Family(f.Type) == Family(g.Type));
                var (total, hit) = report.Recall.GetValueOrDefault(g.Type);
                report.Recall[g.Type] = (total + 1, hit + (found ? 1 : 0));
                if (!found)
                {
                    var near = findings.Where(f => f.Start < g.End && g.Start < f.End).Select(f => $" [found as {f.Type}]").FirstOrDefault() ?? "";
                    report.Missed.Add($"  {t.Id}: \"{g.Text}\" ({g.Type}){near} … {Context(t.Text, g.Start, g.End)}");
                }
            }
            foreach (var f in findings)
            {
                var correct = gold.Any(g => f.Start < g.End && g.Start < f.End);
                var (total, ok) = report.Precision.GetValueOrDefault(f.Type);
                report.Precision[f.Type] = (total + 1, ok + (correct ? 1 : 0));
                if (!correct)
                    report.FalsePositives.Add($"  {t.Id}: \"{t.Text.Substring(f.Start, f.Length)}\" ({f.Type}, {f.Confidence:0.00}) … {Context(t.Text, f.Start, f.End)}");
            }
        }
        return report;
    }

    private static string Context(string text, int start, int end)
    {
        var from = Math.Max(0, start - 40);
        var to = Math.Min(text.Length, end + 40);
        return text[from..to].ReplaceLineEndings(" ");
    }
}
