using System.Text;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Email;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Events;

/// <summary>
/// Every minute: each live window starting within <see cref="EventRoomOptions.ReminderMinutes"/> is claimed once
/// (<see cref="EventSession.ReminderSentAt"/>), then every member who RSVP'd and may still see the event gets a notification and an
/// email. Skipped occurrences and cancelled events are never reminded; a window that already started is not either. The email has
/// fixed wording, the time and a link only — no title or description, since content stays behind sign-in.
/// </summary>
public sealed record EventReminderJob : IJob
{
    public sealed class Handler(RoundsDb db, JobQueue jobs, EventRoomOptions options, TimeProvider clock) : IJobHandler<EventReminderJob>
    {
        public async Task RunAsync(EventReminderJob job, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var until = now.AddMinutes(options.ReminderMinutes);
            var due = await (from s in db.EventSessions
                             join e in db.Events on s.EventId equals e.Id
                             where s.ReminderSentAt == null && !s.Skipped && e.CancelledAt == null && s.StartsAt > now && s.StartsAt <= until
                             orderby s.StartsAt
                             select s.Id).Take(200).ToListAsync(ct);
            foreach (var id in due)
            {
                // Claimed with a conditional update, so two nodes (or a job run twice) remind once; the claim and one job per member
                // commit together, so a crash loses neither (each member's job is retried on its own).
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var claimed = await db.EventSessions.Where(s => s.Id == id && s.ReminderSentAt == null && !s.Skipped)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.ReminderSentAt, now), ct);
                if (claimed == 0) continue;
                var eventId = await db.EventSessions.Where(s => s.Id == id).Select(s => s.EventId).SingleAsync(ct);
                foreach (var memberId in await db.EventRsvps.Where(r => r.EventId == eventId).Select(r => r.MemberId).ToListAsync(ct))
                    jobs.Enqueue(new RemindMemberJob(id, memberId));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
        }
    }
}

/// <summary>One member's reminder of one live window: a notification and an email, only while they may still see the event.</summary>
public sealed record RemindMemberJob(long SessionId, long MemberId) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, IEmailSender email, RoundsUrls urls, TimeProvider clock)
        : IJobHandler<RemindMemberJob>
    {
        public async Task RunAsync(RemindMemberJob job, CancellationToken ct)
        {
            var session = await db.EventSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == job.SessionId, ct);
            if (session is null || session.Skipped) return;
            var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Id == session.EventId, ct);
            if (ev.CancelledAt is not null) return;
            await RemindAsync(ev, session, job.MemberId, clock.GetUtcNow().UtcDateTime, ct);
        }

        private async Task RemindAsync(Event ev, EventSession session, long memberId, DateTime now, CancellationToken ct)
        {
            var viewer = await audiences.ViewerOfAsync(memberId, now, ct);
            if (!await audiences.CanSeeAsync(viewer, ev.Target, ct)) return; // left the group, blocked the organizer, no longer verified …
            var zone = session.TimeZone ?? ev.TimeZone;
            var link = $"/events/{ev.Id}#session-{session.Id}";
            var when = $"{ChatSeries.LocalLabel(session.StartsAt, zone)} ({zone})";
            await notifier.NotifyAsync(memberId, NotificationKind.EventReminder, null, text: $"{ev.Title} starts {when}.", link: link, ct: ct);
            var member = await db.Users.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
            if (!member.EmailConfirmed || string.IsNullOrEmpty(member.Email)) return;
            var body = new StringBuilder()
                .Append("Hello ").Append(member.DisplayName).Append(",\n\n")
                .Append("An event you said you would attend on Rounds starts ").Append(when).Append(" (")
                .Append(session.StartsAt.ToString("yyyy-MM-dd HH:mm")).Append(" UTC).\n\n")
                .Append("Open it: ").Append(urls.Absolute(link)).Append('\n')
                .Append("\nYou get this because you RSVP'd; take your RSVP back on the event's page to stop these reminders.\n");
            await email.SendAsync(new EmailMessage(member.Email, "Reminder: an event you RSVP'd to starts soon", body.ToString()), ct);
        }
    }
}
