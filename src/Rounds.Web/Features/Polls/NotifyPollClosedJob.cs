using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Polls;

/// <summary>
/// Every minute: tells the author and the voters of each standalone poll that closed since that its results are in. A poll is marked
/// first, so a crash tells some members nothing rather than everyone twice; the notifier also skips an unread duplicate.
/// </summary>
public sealed record NotifyPollClosedJob() : IJob
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, TimeProvider clock) : IJobHandler<NotifyPollClosedJob>
    {
        public async Task RunAsync(NotifyPollClosedJob job, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            while (true)
            {
                var due = await db.Polls.Where(p => p.PostId != null && p.ClosedNotifiedAt == null && p.ClosesAt != null && p.ClosesAt <= now)
                    .OrderBy(p => p.Id).Take(50).ToListAsync(ct);
                if (due.Count == 0) return;
                foreach (var poll in due) poll.ClosedNotifiedAt = now;
                await db.SaveChangesAsync(ct);
                var postIds = due.Select(d => d.PostId!.Value).ToList();
                var deleted = (await db.Posts.Where(p => postIds.Contains(p.Id) && p.DeletedAt != null).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
                foreach (var poll in due)
                {
                    if (deleted.Contains(poll.PostId!.Value)) continue; // its post was deleted: the poll is gone for everyone
                    var voters = await db.PollVotes.Where(v => v.PollId == poll.Id && v.MemberId != poll.AuthorId).Select(v => v.MemberId).Distinct().ToListAsync(ct);
                    await notifier.NotifyAsync(poll.AuthorId, NotificationKind.PollClosed, null, text: $"Your poll has closed: {poll.Question}",
                        link: $"/polls/{poll.Id}", ct: ct);
                    foreach (var voter in voters)
                    {
                        // Only those who may still see the poll hear of it.
                        if (await GetPoll.LoadVisibleAsync(db, audiences, await audiences.ViewerOfAsync(voter, now, ct), poll.Id, ct) is null) continue;
                        await notifier.NotifyAsync(voter, NotificationKind.PollClosed, null, text: $"A poll you voted in has closed: {poll.Question}",
                            link: $"/polls/{poll.Id}", ct: ct);
                    }
                }
            }
        }
    }
}
