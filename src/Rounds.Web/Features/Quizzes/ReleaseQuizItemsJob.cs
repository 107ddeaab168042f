using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Quizzes;

/// <summary>
/// Every minute: announces the items whose release time has passed. An item is visible from its release instant whatever
/// this job does; the job adds the post in the item's context (by the series' owner, with the series' audience) and one
/// <see cref="QuizReleasedJob"/> per follower. Safe to run twice: an item is announced once, its post made once.
/// </summary>
public sealed record ReleaseQuizItemsJob : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, JobQueue jobs, TimeProvider clock, ILogger<ReleaseQuizItemsJob> logger)
        : IJobHandler<ReleaseQuizItemsJob>
    {
        public async Task RunAsync(ReleaseQuizItemsJob job, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db.QuizItems.Include(i => i.Series).Where(i => i.Status == QuizItemStatus.Approved && i.AnnouncedAt == null && i.ReleaseAt <= now)
                .OrderBy(i => i.ReleaseAt).Take(50).ToListAsync(ct);
            foreach (var item in due) await AnnounceAsync(item, now, ct);
        }

        private async Task AnnounceAsync(QuizItem item, DateTime now, CancellationToken ct)
        {
            var series = item.Series;
            item.PostId = await db.Posts.Where(p => p.ContextKind == "quiz" && p.ContextId == item.Id && p.ReplyToId == null).Select(p => (long?)p.Id)
                .FirstOrDefaultAsync(ct);
            // An item already past its close (the job was down for a long time) is not announced as open.
            if (item.PostId is null && !item.IsClosed(now))
            {
                var owner = await db.Users.SingleAsync(u => u.Id == series.OwnerId, ct);
                var viewer = await audiences.ViewerOfAsync(owner.Id, now, ct);
                var tag = series.Hashtag is { } h ? $" #{h}" : "";
                var text = $"{series.Title}: a new image question is open until {item.ClosesAt:d MMM} (UTC). Commit your answer, then read the explanation.{tag}";
                var outcome = await CreatePost.RunAsync(owner, viewer, new CreatePost.Request(text, series.Audience.ToString(), series.GroupId,
                    ContextKind: "quiz", ContextId: item.Id, OverridePrivacy: true), db, audiences, jobs, clock, ct);
                if (outcome.IsOk) item.PostId = outcome.Value!.Id;
                else logger.LogWarning("Quiz item {Item} released without a post: {Errors}", item.Id, string.Join("; ", outcome.FormErrors().SelectMany(e => e.Value)));
            }
            item.AnnouncedAt = now;
            if (!item.IsClosed(now))
            {
                var followers = await db.QuizFollows.Where(f => f.SeriesId == series.Id && f.MemberId != series.OwnerId).Select(f => f.MemberId).ToListAsync(ct);
                foreach (var m in followers) jobs.Enqueue(new QuizReleasedJob(m, item.Id));
            }
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>One follower hears of a release: the post lands in their home timeline and a notification is sent, only while they may see the series.</summary>
public sealed record QuizReleasedJob(long MemberId, long ItemId) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, TimeProvider clock) : IJobHandler<QuizReleasedJob>
    {
        public async Task RunAsync(QuizReleasedJob job, CancellationToken ct)
        {
            var item = await db.QuizItems.AsNoTracking().Include(i => i.Series).SingleOrDefaultAsync(i => i.Id == job.ItemId, ct);
            if (item is null) return;
            var now = clock.GetUtcNow().UtcDateTime;
            var viewer = await audiences.ViewerOfAsync(job.MemberId, now, ct);
            if (viewer.Id is null || !await audiences.CanSeeAsync(viewer, item.Series.Target, ct)) return;
            if (item.PostId is { } postId) await FanOut.InsertAsync(db, [job.MemberId], postId, item.Series.OwnerId, ct);
            await notifier.NotifyAsync(job.MemberId, NotificationKind.QuizReleased, null, item.PostId,
                text: $"A new item in “{item.Series.Title}” is open: answer it before you see the explanation.", link: $"/quizzes/items/{item.Id}", ct: ct);
        }
    }
}
