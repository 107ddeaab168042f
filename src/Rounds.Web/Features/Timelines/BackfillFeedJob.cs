using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// After a follow (of a member when <see cref="AuthorId"/> is set, of a hashtag when <see cref="Tag"/> is), copies the newest
/// <see cref="TimelineOptions.BackfillOnFollow"/> top-level posts into the follower's home timeline, so it is not empty
/// until the next post. Safe to run twice (rows are keyed); does nothing if the follow was undone meanwhile.
/// </summary>
public sealed record BackfillFeedJob(long MemberId, long? AuthorId, string? Tag) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, TimelineOptions options, TimeProvider clock) : IJobHandler<BackfillFeedJob>
    {
        public async Task RunAsync(BackfillFeedJob job, CancellationToken ct)
        {
            var member = job.MemberId;
            IQueryable<Post> posts;
            if (job.AuthorId is { } author)
            {
                if (!await db.Follows.AnyAsync(f => f.FollowerId == member && f.FolloweeId == author, ct)) return;
                posts = db.Posts.Where(p => p.AuthorId == author && p.ReplyToId == null);
            }
            else if (job.Tag is { } tag)
            {
                if (!await db.HashtagFollows.AnyAsync(h => h.MemberId == member && h.Tag == tag, ct)) return;
                // The same posts fan-out gives hashtag followers: top-level originals in community audiences.
                posts = db.Posts.Where(p => p.ReplyToId == null && p.RepostOfId == null && p.AuthorId != member
                    && Timeline.LocalAudiences.Contains(p.Audience) && db.PostTags.Any(t => t.PostId == p.Id && t.Tag == tag));
            }
            else return;

            var candidates = await posts.Where(p => p.DeletedAt == null).OrderByDescending(p => p.Id).Take(Math.Max(0, options.BackfillOnFollow))
                .Include(p => p.Mentions).AsNoTracking().ToListAsync(ct);
            // Reads check audiences again; filtering here only keeps rows the member could never see out of the feed.
            var viewer = await audiences.ViewerOfAsync(member, clock.GetUtcNow().UtcDateTime, ct);
            var visible = await audiences.FilterAsync(viewer, candidates, p => p.Target, ct);
            await HomeFeed.InsertAsync(db, visible.Select(p => (member, p.Id, p.AuthorId)).ToList(), ct);
        }
    }
}

/// <summary>Set-based writes to home timelines other than fan-out of one post.</summary>
public static class HomeFeed
{
    /// <summary>Multi-row inserts; only numbers are interpolated, so the statement is built safely without parameters.</summary>
    public static async Task InsertAsync(RoundsDb db, IReadOnlyCollection<(long Member, long Post, long Author)> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(1000))
        {
            var values = string.Join(",", chunk.Select(r => $"({r.Member},{r.Post},{r.Author})"));
#pragma warning disable EF1002 // only numbers are interpolated
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"FeedEntries\" (\"MemberId\", \"PostId\", \"AuthorId\") VALUES {values} ON CONFLICT DO NOTHING", ct);
#pragma warning restore EF1002
        }
    }

    /// <summary>
    /// Removes an author's posts from a member's home timeline after an unfollow, except those that reached it another way:
    /// direct posts to the member and posts carrying a hashtag the member follows.
    /// </summary>
    public static Task<int> RemoveAuthorAsync(RoundsDb db, long member, long author, CancellationToken ct) =>
        db.FeedEntries.Where(f => f.MemberId == member && f.AuthorId == author
                && !db.Posts.Any(p => p.Id == f.PostId && p.Audience == Audience.Direct)
                && !db.PostTags.Any(t => t.PostId == f.PostId && db.HashtagFollows.Any(h => h.MemberId == member && h.Tag == t.Tag)))
            .ExecuteDeleteAsync(ct);

    /// <summary>Removes the posts a hashtag brought after it is unfollowed, keeping those of followed authors, one's own and direct posts.</summary>
    public static Task<int> RemoveTagAsync(RoundsDb db, long member, string tag, CancellationToken ct) =>
        db.FeedEntries.Where(f => f.MemberId == member && f.AuthorId != member
                && db.PostTags.Any(t => t.PostId == f.PostId && t.Tag == tag)
                && !db.Follows.Any(x => x.FollowerId == member && x.FolloweeId == f.AuthorId)
                && !db.Posts.Any(p => p.Id == f.PostId && p.Audience == Audience.Direct)
                && !db.PostTags.Any(t => t.PostId == f.PostId && db.HashtagFollows.Any(h => h.MemberId == member && h.Tag == t.Tag)))
            .ExecuteDeleteAsync(ct);
}
