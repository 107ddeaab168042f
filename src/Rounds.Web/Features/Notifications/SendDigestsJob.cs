using System.Text;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Email;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Notifications;

/// <summary>
/// Hourly: emails the daily digest to each member who turned it on, last had one 24 hours ago or more (or never), and has
/// unread notifications since. The email names kinds, counts, actors and links only — never post text, which may not leave the server.
/// </summary>
public sealed record SendDigestsJob() : IJob
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(24);
    public const int LatestShown = 10;

    public sealed class Handler(RoundsDb db, IEmailSender email, RoundsUrls urls, TimeProvider clock, ILogger<Handler> logger) : IJobHandler<SendDigestsJob>
    {
        public async Task RunAsync(SendDigestsJob job, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = now - Interval;
            long after = 0;
            while (true)
            {
                var batch = await db.Users.AsNoTracking()
                    .Where(m => m.Id > after && m.EmailDigest && m.EmailConfirmed && m.Email != null && (m.DigestSentAt == null || m.DigestSentAt <= due)
                        && db.Notifications.Any(n => n.MemberId == m.Id && n.ReadAt == null && (m.DigestSentAt == null || n.CreatedAt >= m.DigestSentAt)))
                    .OrderBy(m => m.Id).Take(200).ToListAsync(ct);
                if (batch.Count == 0) return;
                foreach (var member in batch)
                {
                    try { await SendAsync(member, now, ct); }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One bad address must not hold back everyone else's digest; this member is tried again next hour.
                        logger.LogWarning(e, "Digest for member {Id} failed", member.Id);
                    }
                }
                after = batch[^1].Id;
            }
        }

        private async Task SendAsync(Member member, DateTime now, CancellationToken ct)
        {
            var unread = ListNotifications.Shown(db, member.Id).Where(n => n.ReadAt == null);
            // Inclusive: one made in the instant of the last digest is told twice rather than never.
            if (member.DigestSentAt is { } since) unread = unread.Where(n => n.CreatedAt >= since);
            var counts = await unread.GroupBy(n => n.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(ct);
            if (counts.Count == 0) return; // only muted or blocked accounts spoke: nothing to tell
            var latest = await unread.OrderByDescending(n => n.Id).Take(LatestShown)
                .Select(n => new { n.Kind, n.PostId, n.Link, Actor = n.Actor == null ? null : n.Actor.UserName }).ToListAsync(ct);

            var total = counts.Sum(c => c.Count);
            var body = new StringBuilder()
                .Append("Hello ").Append(member.DisplayName).Append(",\n\n")
                .Append(total == 1 ? "You have 1 unread notification" : $"You have {total} unread notifications")
                .Append(member.DigestSentAt is null ? " on Rounds:\n\n" : " on Rounds since your last digest:\n\n");
            foreach (var c in counts.OrderByDescending(c => c.Count).ThenBy(c => c.Kind))
                body.Append("  ").Append(c.Count).Append(' ').Append(Label(c.Kind, c.Count)).Append('\n');
            body.Append("\nLatest:\n");
            foreach (var n in latest)
            {
                var link = n.Link ?? (n.PostId is { } p ? $"/posts/{p}" : n.Actor is { } a ? $"/members/{a}" : "/notifications");
                // Fixed wording only: a notification's own text can quote a case title, a poll question or a goal, and
                // content never leaves the server by email (the link leads to it behind sign-in).
                body.Append("  ").Append(n.Actor is null ? "Rounds" : "@" + n.Actor).Append(' ').Append(Verb(n.Kind))
                    .Append(" — ").Append(urls.Absolute(link)).Append('\n');
            }
            body.Append("\nSee them all: ").Append(urls.Absolute("/notifications")).Append('\n')
                .Append("\nYou get this daily digest because you turned it on; turn it off in your notification settings.\n");

            var subject = total == 1 ? "Your Rounds digest: 1 new notification" : $"Your Rounds digest: {total} new notifications";
            await email.SendAsync(new EmailMessage(member.Email!, subject, body.ToString()), ct);
            await db.Users.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.DigestSentAt, now), ct);
        }

        private static string Label(NotificationKind kind, int count) => (kind, count == 1) switch
        {
            (NotificationKind.Mention, true) => "mention",
            (NotificationKind.Mention, false) => "mentions",
            (NotificationKind.Reply, true) => "reply",
            (NotificationKind.Reply, false) => "replies",
            (NotificationKind.Repost, true) => "repost",
            (NotificationKind.Repost, false) => "reposts",
            (NotificationKind.Quote, true) => "quote",
            (NotificationKind.Quote, false) => "quotes",
            (NotificationKind.Like, true) => "like",
            (NotificationKind.Like, false) => "likes",
            (NotificationKind.Follow, true) => "new follower",
            (NotificationKind.Follow, false) => "new followers",
            (NotificationKind.QuizReleased, true) => "new quiz question",
            (NotificationKind.QuizReleased, false) => "new quiz questions",
            (NotificationKind.PollClosed, true) => "closed poll",
            (NotificationKind.PollClosed, false) => "closed polls",
            (NotificationKind.GoalShared, true) => "goal shared with you",
            (NotificationKind.GoalShared, false) => "goals shared with you",
            (NotificationKind.CaseAsk, true) => "case asking for your opinion",
            (NotificationKind.CaseAsk, false) => "cases asking for your opinion",
            (NotificationKind.CaseAnswer, true) => "answer to your case",
            (NotificationKind.CaseAnswer, false) => "answers to your cases",
            (NotificationKind.CaseResolved, true) => "resolved case",
            (NotificationKind.CaseResolved, false) => "resolved cases",
            (NotificationKind.EventReminder, true) => "event reminder",
            (NotificationKind.EventReminder, false) => "event reminders",
            (_, true) => "other notification",
            _ => "other notifications",
        };

        private static string Verb(NotificationKind kind) => kind switch
        {
            NotificationKind.Mention => "mentioned you",
            NotificationKind.Reply => "replied to you",
            NotificationKind.Repost => "reposted your post",
            NotificationKind.Quote => "quoted your post",
            NotificationKind.Like => "liked your post",
            NotificationKind.Follow => "followed you",
            NotificationKind.CaseAsk => "asks for your opinion on a case",
            NotificationKind.CaseAnswer => "answered your case",
            NotificationKind.CaseResolved => "resolved a case you answered",
            NotificationKind.QuizReleased => "opened a new quiz item in a series you follow",
            NotificationKind.PollClosed => "closed a poll you took part in",
            NotificationKind.GoalShared => "shared a learning goal with you",
            NotificationKind.EventReminder => "reminds you of an event you RSVP'd to",
            _ => "sent you a notification",
        };
    }
}
