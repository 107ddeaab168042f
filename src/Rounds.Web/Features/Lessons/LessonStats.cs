using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Lessons;

public sealed record LessonQuestionStats(int Position, string Stem, int Answers, int Correct, double? Accuracy, IReadOnlyList<int> OptionCounts);

public sealed record LessonStatsView(long LessonId, int Started, int Completed, IReadOnlyList<LessonQuestionStats> Questions);

/// <summary>The author's view of how a lesson is taken: learners started and completed, and how often each question is answered right.</summary>
public static class GetLessonStats
{
    public static async Task<Outcome<LessonStatsView>> RunAsync(Viewer viewer, long id, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, id, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        // Learners only: the author's own run-through would skew the figures.
        var started = await db.LessonProgress.CountAsync(p => p.LessonId == id && p.MemberId != lesson.AuthorId, ct);
        var completed = await db.LessonProgress.CountAsync(p => p.LessonId == id && p.MemberId != lesson.AuthorId && p.CompletedAt != null, ct);
        var counts = await db.LessonAnswers.Where(a => a.LessonId == id && a.MemberId != lesson.AuthorId).GroupBy(a => new { a.StepId, a.Option })
            .Select(g => new { g.Key.StepId, g.Key.Option, N = g.Count() }).ToListAsync(ct);
        var questions = lesson.Steps.Where(s => s.Kind == LessonStepKind.Question).Select(s =>
        {
            var mine = counts.Where(c => c.StepId == s.Id).ToList();
            var total = mine.Sum(c => c.N);
            var right = mine.Where(c => c.Option == s.CorrectOption).Sum(c => c.N);
            return new LessonQuestionStats(s.Position, s.Text, total, right, total == 0 ? null : Math.Round(100.0 * right / total, 1),
                s.Options.Select(o => mine.Where(c => c.Option == o.Position).Sum(c => c.N)).ToList());
        }).ToList();
        return new LessonStatsView(id, started, completed, questions);
    }

    public static async Task<Results<Ok<LessonStatsView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
