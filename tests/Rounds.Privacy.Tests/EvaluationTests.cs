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
