using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// Shares a post with the member's followers: a text-less post pointing at the original, with the original's audience,
/// delivered like any new post (which also tells the original's author).
/// </summary>
public static class RepostPost
{
    public const string AlreadyReposted = "You already reposted this post.";

    /// <summary>Audiences whose posts may travel beyond the people they were written for.</summary>
    public static readonly Audience[] Repostable = [Audience.Public, Audience.Members, Audience.Clinicians];

    public static async Task<Outcome<Post>> RunAsync(Member member, Viewer viewer, long id, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var original = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (original is null) return Outcome.NotFound();
        if (!Repostable.Contains(original.Audience))
            return Outcome.Invalid("post", $"Only posts for everyone, members or clinicians can be reposted; this one is for {Describe(original.Audience)}.");
        if (await db.Posts.AnyAsync(p => p.RepostOfId == original.Id && p.AuthorId == member.Id, ct)) return Outcome.Conflict(AlreadyReposted);

        var repost = new Post
        {
            AuthorId = member.Id, Text = "", Audience = original.Audience, RepostOfId = original.Id, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Posts.Add(repost);
        if (!await PostWrites.TrySaveAsync(db, tx, ct)) return Outcome.Conflict(AlreadyReposted); // the unique (original, author) key
        db.FeedEntries.Add(new FeedEntry { MemberId = member.Id, PostId = repost.Id, AuthorId = member.Id });
        jobs.Enqueue(new DeliverPostJob(repost.Id));
        await db.SaveChangesAsync(ct);
        await db.Posts.Where(p => p.Id == original.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RepostCount, p => p.RepostCount + 1), ct);
        await tx.CommitAsync(ct);
        return repost;
    }

    private static string Describe(Audience a) => a switch
    {
        Audience.Group => "one group",
        Audience.Followers => "its author's followers",
        _ => "the people it names",
    };

    /// <summary>Removes a repost row and its notification, and lowers the original's count (its home rows are skipped until trimmed).</summary>
    internal static async Task<bool> RemoveAsync(RoundsDb db, long repostId, long originalId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reposter = await db.Posts.Where(p => p.Id == repostId).Select(p => (long?)p.AuthorId).SingleOrDefaultAsync(ct);
        if (reposter is null) return false;
        if (await db.Posts.Where(p => p.Id == repostId).ExecuteDeleteAsync(ct) == 0) return false;
        await db.Notifications.Where(n => n.Kind == NotificationKind.Repost && n.ActorId == reposter && n.PostId == originalId && n.ReadAt == null)
            .ExecuteDeleteAsync(ct);
        await db.Posts.Where(p => p.Id == originalId && p.RepostCount > 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.RepostCount, p => p.RepostCount - 1), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public static async Task<Results<Created<PostView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetPost.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/posts/{outcome.Value.Id}", view!);
    }
}

/// <summary>Takes a repost back (by the original's id or the repost's own).</summary>
public static class UnrepostPost
{
    public static async Task<Outcome<Post>> RunAsync(Member member, Viewer viewer, long id, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var original = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (original is null) return Outcome.NotFound();
        var repostId = await db.Posts.Where(p => p.RepostOfId == original.Id && p.AuthorId == member.Id).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct);
        if (repostId is null || !await RepostPost.RemoveAsync(db, repostId.Value, original.Id, ct)) return Outcome.Conflict("You have not reposted this post.");
        return original;
    }

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, db, audiences, ct);
        return await PostWrites.ViewOrProblemAsync(outcome, db, audiences, viewer, clock, ct);
    }
}
