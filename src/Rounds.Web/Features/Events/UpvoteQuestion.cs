using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// Members upvote the questions of an ask-the-expert forum (its top-level messages): one vote per member, never their own, until the forum is
/// archived. The unique key (post, member) turns a replay into 409; <see cref="EventMessage.Upvotes"/> moves in the same transaction.
/// </summary>
public static class UpvoteQuestion
{
    public sealed record UpvoteView(long PostId, int Upvotes, bool Upvoted);

    public static Task<Outcome<UpvoteView>> UpAsync(Viewer viewer, long eventId, long postId, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct) =>
        RunAsync(viewer, eventId, postId, true, db, audiences, clock, ct);

    public static Task<Outcome<UpvoteView>> DownAsync(Viewer viewer, long eventId, long postId, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct) =>
        RunAsync(viewer, eventId, postId, false, db, audiences, clock, ct);

    private static async Task<Outcome<UpvoteView>> RunAsync(Viewer viewer, long eventId, long postId, bool up, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null || viewer.Id is not { } me) return Outcome.NotFound();
        var message = await db.EventMessages.AsNoTracking().SingleOrDefaultAsync(m => m.PostId == postId && m.EventId == ev.Id && m.HiddenAt == null, ct);
        var post = message is null ? null : await db.Posts.AsNoTracking().Where(p => p.Id == postId).Select(p => new { p.ReplyToId, p.DeletedAt }).SingleAsync(ct);
        if (message is null || post!.DeletedAt is not null || (await audiences.BlockedAsync(me, ct)).Contains(message.AuthorId)) return Outcome.NotFound();
        if (ev.Kind != EventKind.ExpertForum) return Outcome.Conflict("Upvotes belong to the questions of an ask-the-expert forum.");
        if (post.ReplyToId is not null) return Outcome.Conflict("Upvote a question, not a reply.");
        var sessions = await db.EventSessions.Where(s => s.EventId == ev.Id).ToListAsync(ct);
        if (EventAccess.IsOver(ev, sessions, clock.GetUtcNow().UtcDateTime)) return Outcome.Conflict("The forum is archived: votes are closed.");
        if (message.AuthorId == me) return Outcome.Forbidden("You cannot upvote your own question.");

        var now = clock.GetUtcNow().UtcDateTime;
        var has = await db.EventUpvotes.AnyAsync(u => u.PostId == postId && u.MemberId == me, ct);
        if (up && has) return Outcome.Conflict("You have already upvoted this question.");
        if (!up && !has) return Outcome.Conflict("You have not upvoted this question.");
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (up)
            {
                db.EventUpvotes.Add(new EventUpvote { PostId = postId, MemberId = me, CreatedAt = now });
                await db.SaveChangesAsync(ct);
                await db.EventMessages.Where(m => m.PostId == postId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Upvotes, m => m.Upvotes + 1), ct);
            }
            else
            {
                // Only the request that really removed the vote takes it off the count.
                if (await db.EventUpvotes.Where(u => u.PostId == postId && u.MemberId == me).ExecuteDeleteAsync(ct) == 0)
                    return Outcome.Conflict("You have not upvoted this question.");
                await db.EventMessages.Where(m => m.PostId == postId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Upvotes, m => m.Upvotes - 1), ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.EventUpvotes.AnyAsync(u => u.PostId == postId && u.MemberId == me, ct)) return Outcome.Conflict("You have already upvoted this question.");
            throw;
        }
        var count = await db.EventMessages.Where(m => m.PostId == postId).Select(m => m.Upvotes).SingleAsync(ct);
        return new UpvoteView(postId, count, up);
    }

    public static async Task<Results<Ok<UpvoteView>, ProblemHttpResult>> PostHandleAsync(long id, long postId, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await UpAsync(await me.ViewerAsync(ct), id, postId, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }

    public static async Task<Results<Ok<UpvoteView>, ProblemHttpResult>> DeleteHandleAsync(long id, long postId, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await DownAsync(await me.ViewerAsync(ct), id, postId, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
