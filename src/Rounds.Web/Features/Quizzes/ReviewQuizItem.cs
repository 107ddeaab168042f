using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>The author hands a draft to the series' other editors for review.</summary>
public static class SubmitQuizItem
{
    public static async Task<Outcome<QuizItem>> RunAsync(Viewer viewer, long itemId, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await QuizAccess.LoadItemAsync(db, audiences, viewer, itemId, now, ct) is not { IsEditor: true } loaded) return Outcome.NotFound();
        var item = loaded.Item;
        if (item.AuthorId != viewer.Id) return Outcome.Forbidden("Only the item's author submits it for review.");
        if (item.Status != QuizItemStatus.Draft) return Outcome.Conflict("This item was already submitted for review.");
        item.Status = QuizItemStatus.Submitted;
        item.SubmittedAt = now;
        await db.SaveChangesAsync(ct);
        return item;
    }

    public static async Task<Results<Ok<ItemView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetQuiz.ItemAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}

/// <summary>
/// An editor other than the author approves a submitted item; that fixes its release (the explicit time asked for if still
/// in the future, otherwise the series' next free slot) and its close (the series' open period later, at the same local time).
/// </summary>
public static class ApproveQuizItem
{
    public static async Task<Outcome<QuizItem>> RunAsync(Viewer viewer, long itemId, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await QuizAccess.LoadItemAsync(db, audiences, viewer, itemId, now, ct) is not { IsEditor: true } loaded) return Outcome.NotFound();
        var item = loaded.Item;
        if (item.AuthorId == viewer.Id) return Outcome.Forbidden("An author never approves their own item: another editor of the series reviews it.");
        if (item.Status == QuizItemStatus.Draft) return Outcome.Conflict("The author has not submitted this item for review yet.");
        if (item.Status == QuizItemStatus.Approved) return Outcome.Conflict("This item is already approved.");

        var release = item.RequestedReleaseAt is { } asked && asked > now ? asked : await NextFreeSlotAsync(db, item.Series, now, ct);
        item.Status = QuizItemStatus.Approved;
        item.ReviewerId = viewer.Id;
        item.ApprovedAt = now;
        item.ReleaseAt = release;
        item.ClosesAt = QuizSchedule.AddLocalDays(item.Series, release, item.Series.OpenDays);
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>The first weekly slot after <paramref name="after"/> that no other item of the series already takes.</summary>
    public static async Task<DateTime> NextFreeSlotAsync(RoundsDb db, QuizSeries series, DateTime after, CancellationToken ct)
    {
        var taken = (await db.QuizItems.Where(i => i.SeriesId == series.Id && i.ReleaseAt > after).Select(i => i.ReleaseAt!.Value).ToListAsync(ct)).ToHashSet();
        var slot = QuizSchedule.NextSlot(series, after);
        for (var i = 0; i < 520 && taken.Contains(slot); i++) slot = QuizSchedule.NextSlot(series, slot);
        return slot;
    }

    public static async Task<Results<Ok<ItemView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetQuiz.ItemAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}
