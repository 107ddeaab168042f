using Xunit.Abstractions;

namespace Rounds.Privacy.Tests;

/// <summary>The held-out evaluation set (Evaluation/*.jsonl, written by someone else) against the quality targets.</summary>
public class EvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluation_set_meets_the_recall_and_precision_targets()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Evaluation");
        var texts = Evaluator.Load(folder);
        var report = Evaluator.Run(texts, TextGuard.Default);
        output.WriteLine(report.Table());
        var failures = report.Failures();
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Fact]
    public void Development_examples_stay_above_the_targets()
    {
        // Our own examples (Dev/*.jsonl), not the held-out set: a regression check on the rules, and on the harness.
        var texts = Evaluator.Load(Path.Combine(AppContext.BaseDirectory, "Dev"));
        Assert.NotEmpty(texts);
        var report = Evaluator.Run(texts, TextGuard.Default);
        output.WriteLine(report.Table());
        Assert.True(report.OverallRecall >= EvaluationReport.RecallTarget, $"recall {report.OverallRecall:0.000}");
        Assert.True(report.OverallPrecision >= EvaluationReport.PrecisionTarget, $"precision {report.OverallPrecision:0.000}");
    }

    [Fact]
    public void Matching_follows_the_type_families_of_the_guideline()
    {
        var texts = new List<LabelledText>
        {
            new("a", "post", "Fax 555-123-4567 and ID 48213.", [new("555-123-4567", "Phone"), new("48213", "MedicalRecordNumber")]),
            new("b", "post", "Seen 03/14/2024, BP 142/91.", [new("03/14/2024", "Date")]),
        };
        var report = Evaluator.Run(texts, TextGuard.Default);
        Assert.Equal(3, report.GoldTotal);
        Assert.Equal(3, report.FoundTotal);
        Assert.Equal(1.0, report.OverallPrecision);
        Assert.Contains(report.Failures(), f => f.Contains("texts"));
    }
}
