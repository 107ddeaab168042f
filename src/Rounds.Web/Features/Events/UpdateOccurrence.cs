using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// A chat's host changes one occurrence: its topic and host, skipping it (or taking the skip back), or moving it to another time.
/// A moved occurrence keeps its original start (<see cref="EventSession.OccurrenceStart"/>), which is how calendars know which one it
/// replaces. Fields left out stay as they are; an empty host handle clears the occurrence's host.
/// </summary>
public static class UpdateOccurrence
{
    public sealed record Request(
        [MaxLength(EventSession.MaxTitle)] string? Topic = null,
        string? HostHandle = null,
        bool? Skipped = null,
        DateTimeOffset? StartsAt = null,
        bool OverridePrivacy = false);

    /// <summary>How far from its original date an occurrence may move.</summary>
    public static readonly TimeSpan MaxMove = TimeSpan.FromDays(30);

    public static async Task<Outcome<EventSession>> RunAsync(Viewer viewer, long eventId, long sessionId, Request r, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null) return Outcome.NotFound();
        var session = await db.EventSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.EventId == ev.Id, ct);
        if (session is null) return Outcome.NotFound();
        if (await EventAccess.RoleAsync(db, ev, viewer, ct) != EventRole.Host) return Outcome.Forbidden("Only the chat's hosts change its occurrences.");
        if (ev.Kind != EventKind.Chat || session.OccurrenceStart is null) return Outcome.Conflict("Only a recurring chat's occurrences are changed one by one.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (session.EndsAt <= now) return Outcome.Conflict("This occurrence is over.");

        var errors = Validation.Check(r);
        var topic = r.Topic?.Trim();
        long? hostId = session.HostId;
        if (r.HostHandle is not null)
        {
            var handle = r.HostHandle.Trim().TrimStart('@');
            if (handle.Length == 0) hostId = null;
            else
            {
                var key = handle.ToUpperInvariant();
                hostId = await db.Users.Where(u => u.NormalizedUserName == key).Select(u => (long?)u.Id).SingleOrDefaultAsync(ct);
                if (hostId is null) errors.TryAdd("hostHandle", [$"No member has the handle @{handle}."]);
                else if (!await audiences.CanSeeAsync(await audiences.ViewerOfAsync(hostId.Value, now, ct), ev.Target, ct))
                    errors.TryAdd("hostHandle", [$"@{handle} cannot see this chat."]);
            }
        }
        DateTime? start = null;
        if (r.StartsAt is { } moved)
        {
            start = moved.UtcDateTime;
            if (start <= now) errors.TryAdd("startsAt", ["An occurrence moves to a time in the future."]);
            else if ((start.Value - session.OccurrenceStart.Value).Duration() > MaxMove)
                errors.TryAdd("startsAt", [$"An occurrence moves at most {MaxMove.TotalDays:0} days from its date; skip it instead."]);
            else if (session.StartsAt <= now) errors.TryAdd("startsAt", ["This occurrence has started; it can no longer move."]);
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var guard = PrivacyGuard.Scan([("topic", topic)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        if (topic is not null) session.Title = topic;
        session.HostId = hostId;
        if (r.Skipped is { } skip) session.Skipped = skip;
        if (start is { } s && s != session.StartsAt)
        {
            var length = session.EndsAt - session.StartsAt;
            session.StartsAt = s;
            session.EndsAt = s + length;
            session.ReminderSentAt = null; // reminded again before the new time
        }
        if (viewer.Id is { } me) PrivacyGuard.Record(db, me, "event-session", session.Id, guard, now);
        await db.SaveChangesAsync(ct);
        return session;
    }

    public static async Task<Results<Ok<EventView>, ProblemHttpResult>> HandleAsync(long id, long sessionId, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, sessionId, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetEvent.ViewAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}
