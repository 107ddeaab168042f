using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

public sealed record OptionFigures(int Position, string Text, bool Correct, int Answers);

public sealed record ItemFigures(long ItemId, string Stem, DateTime? ReleaseAt, string State, int Reached, int Answers, double AnswerRate, double Accuracy,
    IReadOnlyList<OptionFigures> Distribution);

/// <summary>
/// A series' figures for its educators. Reached: distinct learners who opened a released item (first views are recorded) or
/// answered it. Answer rate: answerers / reached. Accuracy: correct / answers. Top-decile share: the share of all answers
/// given by the most active 10% of the series' answerers (at least one learner) — the "usual suspects".
/// </summary>
public sealed record SeriesFigures(long SeriesId, string Title, int Released, int Reached, int Answerers, int Answers, double AnswerRate, double Accuracy,
    double TopDecileShare, int TopDecileLearners, IReadOnlyList<ItemFigures> Items);

public static class QuizAnalytics
{
    public static async Task<Outcome<SeriesFigures>> RunAsync(Viewer viewer, long seriesId, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var series = await QuizAccess.LoadSeriesAsync(db, audiences, viewer, seriesId, ct);
        if (series is null) return Outcome.NotFound();
        if (!QuizAccess.IsModerator(viewer) && !await QuizAccess.IsEditorAsync(db, seriesId, viewer, ct))
            return Outcome.Forbidden("Only the series' owner and editors (and moderators) see its analytics.");
        var now = clock.GetUtcNow().UtcDateTime;
        var items = (await db.QuizItems.AsNoTracking().Include(i => i.Options).Where(i => i.SeriesId == seriesId && i.Status == QuizItemStatus.Approved)
            .ToListAsync(ct)).Where(i => i.IsReleased(now)).OrderBy(i => i.ReleaseAt).ToList();
        var views = await db.QuizItemViews.Where(v => v.SeriesId == seriesId).Select(v => new { v.ItemId, v.MemberId }).ToListAsync(ct);
        var answers = await db.QuizAnswers.Where(a => a.SeriesId == seriesId).Select(a => new { a.ItemId, a.MemberId, a.Option, a.Correct }).ToListAsync(ct);

        var figures = items.Select(i =>
        {
            var mine = answers.Where(a => a.ItemId == i.Id).ToList();
            var reached = views.Where(v => v.ItemId == i.Id).Select(v => v.MemberId).Union(mine.Select(a => a.MemberId)).Count();
            return new ItemFigures(i.Id, GetQuiz.Excerpt(i.Stem, 80), i.ReleaseAt, GetQuiz.StateOf(i, now), reached, mine.Count, Ratio(mine.Count, reached),
                Ratio(mine.Count(a => a.Correct), mine.Count),
                i.Options.OrderBy(o => o.Position).Select(o => new OptionFigures(o.Position, o.Text, o.Position == i.CorrectOption,
                    mine.Count(a => a.Option == o.Position))).ToList());
        }).ToList();

        var perLearner = answers.GroupBy(a => a.MemberId).Select(g => g.Count()).OrderByDescending(n => n).ToList();
        var top = perLearner.Count == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(perLearner.Count * 0.1));
        var reachedAll = views.Select(v => v.MemberId).Union(answers.Select(a => a.MemberId)).Distinct().Count();
        return new SeriesFigures(seriesId, series.Title, items.Count, reachedAll, perLearner.Count, answers.Count, Ratio(perLearner.Count, reachedAll),
            Ratio(answers.Count(a => a.Correct), answers.Count), Ratio(perLearner.Take(top).Sum(), answers.Count), top, figures);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    public static async Task<Results<Ok<SeriesFigures>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
