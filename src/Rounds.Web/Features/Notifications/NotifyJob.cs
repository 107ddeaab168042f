using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Notifications;

/// <summary>Notifies a member after the change that caused it is committed; the Notifier deduplicates, so a rerun is harmless.</summary>
public sealed record NotifyJob(long MemberId, NotificationKind Kind, long ActorId, long? PostId) : IJob
{
    public sealed class Handler(Notifier notifier) : IJobHandler<NotifyJob>
    {
        public Task RunAsync(NotifyJob job, CancellationToken ct) =>
            notifier.NotifyAsync(job.MemberId, job.Kind, job.ActorId, job.PostId, ct: ct);
    }
}
