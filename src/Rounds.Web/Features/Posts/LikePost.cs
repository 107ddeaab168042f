using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

/// <summary>Likes a post the member can see (a repost's original); the author hears of it through a job.</summary>
public static class LikePost
{
    public const string AlreadyLiked = "You already like this post.";

    public static async Task<Outcome<Post>> RunAsync(Member member, Viewer viewer, long id, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var post = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (post is null) return Outcome.NotFound();
        if (await db.Likes.AnyAsync(l => l.PostId == post.Id && l.MemberId == member.Id, ct)) return Outcome.Conflict(AlreadyLiked);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Likes.Add(new Like { PostId = post.Id, MemberId = member.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        if (post.AuthorId != member.Id) jobs.Enqueue(new NotifyJob(post.AuthorId, NotificationKind.Like, member.Id, post.Id));
        if (!await PostWrites.TrySaveAsync(db, tx, ct)) return Outcome.Conflict(AlreadyLiked); // the key caught a concurrent like
        await db.Posts.Where(p => p.Id == post.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.LikeCount, p => p.LikeCount + 1), ct);
        await tx.CommitAsync(ct);
        return post;
    }

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, db, audiences, jobs, clock, ct);
        return await PostWrites.ViewOrProblemAsync(outcome, db, audiences, viewer, clock, ct);
    }
}

/// <summary>Takes a like back; liking again later is allowed.</summary>
public static class UnlikePost
{
    public static async Task<Outcome<Post>> RunAsync(Member member, Viewer viewer, long id, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var post = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (post is null) return Outcome.NotFound();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.Likes.Where(l => l.PostId == post.Id && l.MemberId == member.Id).ExecuteDeleteAsync(ct);
        if (removed == 0) return Outcome.Conflict("You do not like this post.");
        await db.Posts.Where(p => p.Id == post.Id && p.LikeCount > 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.LikeCount, p => p.LikeCount - 1), ct);
        await tx.CommitAsync(ct);
        return post;
    }

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, db, audiences, ct);
        return await PostWrites.ViewOrProblemAsync(outcome, db, audiences, viewer, clock, ct);
    }
}

/// <summary>What the reactions (like, bookmark, repost) share.</summary>
public static class PostWrites
{
    /// <summary>
    /// Saves inside the open transaction; false when a unique key refused the insert (a concurrent replay). The
    /// transaction is rolled back and the refused rows forgotten, so nothing of the attempt is written later.
    /// </summary>
    public static async Task<bool> TrySaveAsync(RoundsDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList()) entry.State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>The API answer of a reaction: the post as the viewer now sees it, or the problem.</summary>
    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> ViewOrProblemAsync(Outcome<Post> outcome, RoundsDb db, Audiences audiences, Viewer viewer,
        TimeProvider clock, CancellationToken ct)
    {
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetPost.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? Problems.From<Post>(Outcome.NotFound()) : TypedResults.Ok(view);
    }
}
