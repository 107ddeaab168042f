using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Events;

/// <summary>
/// Every minute: posts the journal-club questions whose time has come ("T1 …" by the club's owner, in the room), so each opens the
/// sub-thread its answers (A1 …) attach to. A question is released once: the post and the release are one transaction.
/// </summary>
public sealed record ReleaseQuestionsJob : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, JobQueue jobs, LivePublisher live, TimeProvider clock, ILogger<ReleaseQuestionsJob> logger)
        : IJobHandler<ReleaseQuestionsJob>
    {
        public async Task RunAsync(ReleaseQuestionsJob job, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await (from q in db.EventQuestions
                             join s in db.EventSessions on q.SessionId equals s.Id
                             where q.ReleasedAt == null && !s.Skipped && s.StartsAt <= now && s.EndsAt > now
                             select new { Question = q, s.StartsAt }).ToListAsync(ct);
            foreach (var d in due.Where(d => d.StartsAt.AddMinutes(d.Question.OffsetMinutes) <= now).OrderBy(d => d.Question.Number))
            {
                var q = d.Question;
                var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Id == q.EventId, ct);
                if (ev.CancelledAt is not null) continue;
                var owner = await db.Users.SingleAsync(u => u.Id == ev.OwnerId, ct);
                var viewer = await audiences.ViewerOfAsync(owner.Id, now, ct);
                var text = $"T{q.Number}: {q.Text} #{ev.Hashtag}";
                if (Posts.PostText.Length(text) > Posts.Post.MaxLength) text = $"T{q.Number}: {q.Text}";
                var outcome = await EventMessages.RunAsync(owner, viewer, ev.Id, new EventMessages.Request(text, OverridePrivacy: true), db, audiences, jobs, live, clock, ct,
                    releasing: q);
                if (!outcome.IsOk)
                {
                    logger.LogWarning("Question T{Number} of event {Event} not released: {Errors}", q.Number, ev.Id, string.Join("; ", outcome.FormErrors().SelectMany(e => e.Value)));
                    q.ReleasedAt = now; // an owner who can no longer post (blocked, left the group) does not make the job fail every minute
                    await db.SaveChangesAsync(ct);
                }
                else await live.RoomChangedAsync(ev.Id, "question", q.Number, ct);
            }
        }
    }
}
