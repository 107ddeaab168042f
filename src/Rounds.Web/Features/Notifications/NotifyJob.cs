using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Notifications;

/// <summary>
/// One notification, sent after the change that caused it commits (a like, a mention added by an edit).
/// About a post, it reaches the member only while they may still see that post; the notifier drops repeats.
/// </summary>
public sealed record NotifyJob(long MemberId, NotificationKind Kind, long ActorId, long? PostId) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, TimeProvider clock) : IJobHandler<NotifyJob>
    {
        public async Task RunAsync(NotifyJob job, CancellationToken ct)
        {
            if (job.PostId is { } postId)
            {
                var post = await db.Posts.AsNoTracking().Include(p => p.Mentions).SingleOrDefaultAsync(p => p.Id == postId, ct);
                if (post is null || post.IsDeleted) return;
                var viewer = await audiences.ViewerOfAsync(job.MemberId, clock.GetUtcNow().UtcDateTime, ct);
                if (!await audiences.CanSeeAsync(viewer, post.Target, ct)) return;
            }
            await notifier.NotifyAsync(job.MemberId, job.Kind, job.ActorId, job.PostId, ct: ct);
        }
    }
}
