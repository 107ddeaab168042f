using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>
/// A learner commits one answer to a released, open item. The answer, its learning entry and (when wrong) the item's place on
/// the learner's review schedule are written together. A replay is a 409 (the unique index decides, not a read); a closed
/// item is a 409; an unreleased item does not exist for a learner (404). Editors of the series saw the answer while
/// writing or reviewing, so they may not answer its items at all (403): their answers would only distort the figures.
/// </summary>
public static class AnswerQuizItem
{
    public sealed record Request(int? Option);

    public static async Task<Outcome<QuizAnswer>> RunAsync(Viewer viewer, long itemId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        if (viewer.Id is not { } me) return Outcome.Forbidden("Sign in to answer.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (await QuizAccess.LoadItemAsync(db, audiences, viewer, itemId, now, ct) is not { } loaded) return Outcome.NotFound();
        var (item, isEditor) = loaded;
        if (isEditor) return Outcome.Forbidden("Editors of the series cannot answer its items.");
        if (!item.IsReleased(now)) return Outcome.Conflict("This item is not released yet.");
        if (item.IsClosed(now)) return Outcome.Conflict($"This item closed on {item.ClosesAt:d MMM yyyy HH:mm} UTC; answers are no longer accepted. The explanation is open to read.");
        if (await db.QuizAnswers.AnyAsync(a => a.ItemId == itemId && a.MemberId == me, ct)) return Outcome.Conflict("You already answered this item; one answer per item.");
        if (r.Option is not { } option || item.Options.All(o => o.Position != option))
            return Outcome.Invalid("option", "Choose one of the options.");

        var answer = new QuizAnswer { ItemId = itemId, SeriesId = item.SeriesId, MemberId = me, Option = option, Correct = option == item.CorrectOption, AnsweredAt = now };
        db.QuizAnswers.Add(answer);
        if (!answer.Correct && !await db.QuizReviews.AnyAsync(x => x.MemberId == me && x.ItemId == itemId, ct))
            db.QuizReviews.Add(new QuizReview { MemberId = me, ItemId = itemId, Box = 1, DueAt = now.AddDays(QuizReview.BoxDays[0]) });
        await LearningRecord.RecordAsync(db, me, new(LearningActivity.QuizAnswered, "quiz-item", itemId,
            $"{item.Series.Title}: {GetQuiz.Excerpt(item.Stem, 200)}", item.Series.SpecialtyCode, $"/quizzes/items/{itemId}"), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same learner answered at the same moment in another request: the unique index kept one answer.
            db.ChangeTracker.Clear();
            if (await db.QuizAnswers.AnyAsync(a => a.ItemId == itemId && a.MemberId == me, ct)) return Outcome.Conflict("You already answered this item; one answer per item.");
            throw;
        }
        return answer;
    }

    public static async Task<Results<Ok<ItemView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetQuiz.ItemAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}
