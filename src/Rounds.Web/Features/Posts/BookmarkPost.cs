using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Posts;

/// <summary>Keeps a post (a repost's original) in the member's private bookmarks.</summary>
public static class BookmarkPost
{
    public const string AlreadyBookmarked = "You already bookmarked this post.";

    public static async Task<Outcome<Post>> RunAsync(Member member, Viewer viewer, long id, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var post = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (post is null) return Outcome.NotFound();
        if (await db.Bookmarks.AnyAsync(b => b.PostId == post.Id && b.MemberId == member.Id, ct)) return Outcome.Conflict(AlreadyBookmarked);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Bookmarks.Add(new Bookmark { PostId = post.Id, MemberId = member.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        if (!await PostWrites.TrySaveAsync(db, tx, ct)) return Outcome.Conflict(AlreadyBookmarked);
        await tx.CommitAsync(ct);
        return post;
    }

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, db, audiences, clock, ct);
        return await PostWrites.ViewOrProblemAsync(outcome, db, audiences, viewer, clock, ct);
    }
}

public static class UnbookmarkPost
{
    public static async Task<Outcome<Post>> RunAsync(Member member, Viewer viewer, long id, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var post = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (post is null) return Outcome.NotFound();
        var removed = await db.Bookmarks.Where(b => b.PostId == post.Id && b.MemberId == member.Id).ExecuteDeleteAsync(ct);
        return removed == 0 ? Outcome.Conflict("You have not bookmarked this post.") : post;
    }

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, db, audiences, ct);
        return await PostWrites.ViewOrProblemAsync(outcome, db, audiences, viewer, clock, ct);
    }
}
