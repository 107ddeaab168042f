using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// Everything a new post sets off after it is committed: fan-out into followers' home timelines (decision 0002),
/// notifications (mention, reply, quote, repost) and live events. Safe to run twice: feed rows are keyed,
/// notifications deduplicated.
/// </summary>
public sealed record DeliverPostJob(long PostId) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, LivePublisher live, TimeProvider clock) : IJobHandler<DeliverPostJob>
    {
        public async Task RunAsync(DeliverPostJob job, CancellationToken ct)
        {
            var post = await db.Posts.AsNoTracking().Include(p => p.Mentions).Include(p => p.Tags).Include(p => p.Papers)
                .Include(p => p.RepostOf).SingleOrDefaultAsync(p => p.Id == job.PostId, ct);
            if (post is null || post.IsDeleted) return;

            var recipients = await FanOut.RecipientsAsync(db, post, ct);
            await FanOut.InsertAsync(db, recipients, post.Id, post.AuthorId, ct);
            await live.PostAsync(recipients.Append(post.AuthorId).Select(Streams.Home).Concat(PublicStreams(post)), post.Id, ct);

            var now = clock.GetUtcNow().UtcDateTime;
            async Task Notify(long member, NotificationKind kind)
            {
                // Only those who may see the post hear of it.
                if (await audiences.CanSeeAsync(await audiences.ViewerOfAsync(member, now, ct), post.RepostOf?.Target ?? post.Target, ct))
                    await notifier.NotifyAsync(member, kind, post.AuthorId, post.RepostOf?.Id ?? post.Id, ct: ct);
            }
            if (post.RepostOf is { } original) await Notify(original.AuthorId, NotificationKind.Repost);
            if (post.ReplyToAuthorId is { } replyTo) await Notify(replyTo, NotificationKind.Reply);
            if (post.QuoteOfId is { } quoted && await db.Posts.Where(p => p.Id == quoted).Select(p => (long?)p.AuthorId).SingleOrDefaultAsync(ct) is { } quotedAuthor)
                await Notify(quotedAuthor, NotificationKind.Quote);
            foreach (var m in post.Mentions.Where(m => m.MemberId != post.ReplyToAuthorId))
                await Notify(m.MemberId, NotificationKind.Mention);
        }

        /// <summary>The streams besides home timelines on which a new post appears.</summary>
        private static IEnumerable<string> PublicStreams(Post post)
        {
            if (post.Audience == Audience.Direct) yield break;
            yield return Streams.Profile(post.AuthorId);
            if (post.ThreadRootId is { } root) yield return Streams.Thread(root);
            if (post.RepostOfId is not null) yield break;
            if (post.ReplyToId is null && Timeline.LocalAudiences.Contains(post.Audience)) yield return Streams.Local;
            foreach (var t in post.Tags) yield return Streams.Tag(t.Tag);
            foreach (var p in post.Papers) yield return Streams.Paper(p.PaperKey);
        }
    }
}

/// <summary>Who gets a post in their home timeline, and the set-based insert that puts it there.</summary>
public static class FanOut
{
    public static async Task<List<long>> RecipientsAsync(RoundsDb db, Post post, CancellationToken ct)
    {
        if (post.Audience == Audience.Direct)
            return post.Mentions.Select(m => m.MemberId).Where(id => id != post.AuthorId).Distinct().ToList();

        var followers = db.Follows.Where(f => f.FolloweeId == post.AuthorId).Select(f => f.FollowerId);
        // A reply to someone else reaches those who follow both people (the conversation is theirs too).
        if (post.ReplyToAuthorId is { } other && other != post.AuthorId)
            followers = followers.Where(id => id == other || db.Follows.Any(f => f.FolloweeId == other && f.FollowerId == id));
        if (post.Audience == Audience.Group && post.GroupId is { } g)
            followers = followers.Where(id => db.GroupMemberships.Any(m => m.GroupId == g && m.MemberId == id));
        var ids = await followers.ToListAsync(ct);

        if (post.ReplyToId is null && post.RepostOfId is null && post.Tags.Count > 0 && post.Audience is not (Audience.Followers or Audience.Group))
        {
            var tags = post.Tags.Select(t => t.Tag).ToList();
            ids.AddRange(await db.HashtagFollows.Where(h => tags.Contains(h.Tag)).Select(h => h.MemberId).ToListAsync(ct));
        }
        return ids.Where(id => id != post.AuthorId).Distinct().ToList();
    }

    /// <summary>Multi-row inserts of 1,000 rows; ids are numbers, so the statement is built safely without parameters.</summary>
    public static async Task InsertAsync(RoundsDb db, IReadOnlyCollection<long> members, long postId, long authorId, CancellationToken ct)
    {
        foreach (var chunk in members.Chunk(1000))
        {
            var values = string.Join(",", chunk.Select(m => $"({m},{postId},{authorId})"));
#pragma warning disable EF1002 // only numbers are interpolated
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"FeedEntries\" (\"MemberId\", \"PostId\", \"AuthorId\") VALUES {values} ON CONFLICT DO NOTHING", ct);
#pragma warning restore EF1002
        }
    }
}
