using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// Deletes a post, by its author or a moderator. The row stays as a tombstone so the replies under it keep their
/// thread; everything it said, showed or linked to goes: text, warning, earlier versions, images, tags, mentions,
/// papers, reposts and the notifications about it (home-timeline rows, which hold only ids, are skipped until trimmed).
/// Deleting a repost row undoes the repost.
/// </summary>
public static class DeletePost
{
    public static async Task<Outcome<bool>> RunAsync(Member actor, Viewer viewer, long id, RoundsDb db, Audiences audiences, IFileStore files,
        TimeProvider clock, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().Include(p => p.Mentions).SingleOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);
        if (post is null) return Outcome.NotFound();
        var moderator = viewer.Kind is ViewerKind.Moderator or ViewerKind.Admin;
        if (post.AuthorId != actor.Id && !moderator)
            return await audiences.CanSeeAsync(viewer, post.Target, ct) ? Outcome.Forbidden("Only the author or a moderator can delete a post.") : Outcome.NotFound();

        if (post.RepostOfId is { } original)
            return await RepostPost.RemoveAsync(db, post.Id, original, ct) ? true : Outcome.NotFound();

        var now = clock.GetUtcNow().UtcDateTime;
        List<string> keys;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The guarded update is the claim: of two concurrent deletes only one gets past it, so counts drop once.
            var claimed = await db.Posts.Where(p => p.Id == id && p.DeletedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.DeletedAt, now).SetProperty(p => p.Text, "").SetProperty(p => p.ContentWarning, (string?)null)
                .SetProperty(p => p.MediaCount, 0), ct);
            if (claimed == 0) return Outcome.NotFound();

            var media = await db.PostMedia.Where(m => m.PostId == id).Select(m => new { m.Key, m.ThumbnailKey }).ToListAsync(ct);
            keys = media.SelectMany(m => m.ThumbnailKey is null ? [m.Key] : new[] { m.Key, m.ThumbnailKey }).ToList();
            await db.PostMedia.Where(m => m.PostId == id).ExecuteDeleteAsync(ct);
            await db.PostTags.Where(t => t.PostId == id).ExecuteDeleteAsync(ct);
            await db.PostMentions.Where(m => m.PostId == id).ExecuteDeleteAsync(ct);
            await db.PostPapers.Where(p => p.PostId == id).ExecuteDeleteAsync(ct);
            await db.PostEdits.Where(e => e.PostId == id).ExecuteDeleteAsync(ct);
            await db.Notifications.Where(n => n.PostId == id).ExecuteDeleteAsync(ct);
            // Home rows of the post and its reposts stay until trimmed: timelines skip deleted and removed posts (see FeedEntry).
            await db.Posts.Where(p => p.RepostOfId == id).ExecuteDeleteAsync(ct);
            if (post.ReplyToId is { } parent)
                await db.Posts.Where(p => p.Id == parent && p.ReplyCount > 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReplyCount, p => p.ReplyCount - 1), ct);
            if (post.QuoteOfId is { } quoted)
                await db.Posts.Where(p => p.Id == quoted && p.QuoteCount > 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.QuoteCount, p => p.QuoteCount - 1), ct);
            await tx.CommitAsync(ct);
        }
        // Files go after the commit: a failed delete above must not leave a post pointing at missing images.
        foreach (var key in keys) await files.DeleteAsync(key, CancellationToken.None);
        return true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, IFileStore files,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync((await me.MemberAsync(ct))!, await me.ViewerAsync(ct), id, db, audiences, files, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}
