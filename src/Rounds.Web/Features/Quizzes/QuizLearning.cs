using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

public sealed record HistoryEntry(long ItemId, long SeriesId, string SeriesTitle, string Stem, int Option, bool Correct, DateTime AnsweredAt,
    int? ReviewBox, DateTime? ReviewDueAt, bool Reviewed);

public sealed record ReviewCard(long ItemId, long SeriesId, string SeriesTitle, int Box, DateTime DueAt, int Reviews, bool Due);

public sealed record ReviewQueue(IReadOnlyList<ReviewCard> Due, IReadOnlyList<ReviewCard> Upcoming);

/// <summary>What the learner answered, right or wrong, newest first (items they can no longer see are left out).</summary>
public static class QuizHistory
{
    public static async Task<List<HistoryEntry>> ListAsync(RoundsDb db, Audiences audiences, Viewer viewer, CancellationToken ct)
    {
        if (viewer.Id is not { } me) return [];
        var rows = await (from a in db.QuizAnswers
                          join i in db.QuizItems on a.ItemId equals i.Id
                          join s in db.QuizSeries on i.SeriesId equals s.Id
                          where a.MemberId == me
                          orderby a.AnsweredAt descending, a.Id descending
                          select new { a, i.Stem, Series = s }).Take(500).ToListAsync(ct);
        var reviews = await db.QuizReviews.Where(r => r.MemberId == me).ToDictionaryAsync(r => r.ItemId, ct);
        var visible = (await audiences.FilterAsync(viewer, rows, r => r.Series.Target, ct)).ToList();
        return visible.Select(r =>
        {
            var review = reviews.GetValueOrDefault(r.a.ItemId);
            return new HistoryEntry(r.a.ItemId, r.Series.Id, r.Series.Title, GetQuiz.Excerpt(r.Stem), r.a.Option, r.a.Correct, r.a.AnsweredAt,
                review is { DoneAt: null } ? review.Box : null, review is { DoneAt: null } ? review.DueAt : null, review?.DoneAt is not null);
        }).ToList();
    }

    public static async Task<Ok<List<HistoryEntry>>> HandleAsync(CurrentUser me, RoundsDb db, Audiences audiences, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, audiences, await me.ViewerAsync(ct), ct));
}

/// <summary>
/// Spaced review of missed items (Leitner boxes of 1, 3, 7, 14 and 30 days). A review answer moves the card and nothing else:
/// the original answer, the learning record and the item's distribution stay as they were.
/// </summary>
public static class QuizReviews
{
    public sealed record Request(int? Option);
    public sealed record Result(long ItemId, bool Correct, int CorrectOption, string Explanation, int? Box, DateTime? DueAt, bool Done);

    public static async Task<ReviewQueue> QueueAsync(RoundsDb db, Audiences audiences, Viewer viewer, DateTime now, CancellationToken ct)
    {
        if (viewer.Id is not { } me) return new([], []);
        var rows = await (from r in db.QuizReviews
                          join i in db.QuizItems on r.ItemId equals i.Id
                          join s in db.QuizSeries on i.SeriesId equals s.Id
                          where r.MemberId == me && r.DoneAt == null
                          orderby r.DueAt
                          select new { r, Series = s }).Take(500).ToListAsync(ct);
        var cards = (await audiences.FilterAsync(viewer, rows, x => x.Series.Target, ct))
            .Select(x => new ReviewCard(x.r.ItemId, x.Series.Id, x.Series.Title, x.r.Box, x.r.DueAt, x.r.Reviews, x.r.DueAt <= now)).ToList();
        return new ReviewQueue(cards.Where(c => c.Due).ToList(), cards.Where(c => !c.Due).ToList());
    }

    public static async Task<Outcome<Result>> AnswerAsync(Viewer viewer, long itemId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        if (viewer.Id is not { } me) return Outcome.Forbidden("Sign in to review.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (await QuizAccess.LoadItemAsync(db, audiences, viewer, itemId, now, ct) is not { } loaded) return Outcome.NotFound();
        var item = loaded.Item;
        var card = await db.QuizReviews.SingleOrDefaultAsync(x => x.MemberId == me && x.ItemId == itemId && x.DoneAt == null, ct);
        if (card is null) return Outcome.NotFound();
        if (card.DueAt > now) return Outcome.Conflict($"This item is due for review on {card.DueAt:d MMM yyyy HH:mm} UTC, not yet.");
        if (r.Option is not { } option || item.Options.All(o => o.Position != option)) return Outcome.Invalid("option", "Choose one of the options.");

        var correct = option == item.CorrectOption;
        card.Reviews++;
        card.LastReviewedAt = now;
        card.LastCorrect = correct;
        if (!correct) card.Box = 1;
        else card.Box++;
        if (card.Box > QuizReview.BoxDays.Length) card.DoneAt = now;
        else card.DueAt = now.AddDays(QuizReview.BoxDays[card.Box - 1]);
        await db.SaveChangesAsync(ct);
        return new Result(itemId, correct, item.CorrectOption, item.Explanation, card.DoneAt is null ? card.Box : null, card.DoneAt is null ? card.DueAt : null,
            card.DoneAt is not null);
    }

    public static async Task<Ok<ReviewQueue>> QueueHandleAsync(CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await QueueAsync(db, audiences, await me.ViewerAsync(ct), clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Results<Ok<Result>, ProblemHttpResult>> AnswerHandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await AnswerAsync(await me.ViewerAsync(ct), id, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
