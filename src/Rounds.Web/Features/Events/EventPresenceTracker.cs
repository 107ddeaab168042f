using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;

namespace Rounds.Web.Features.Events;

/// <summary>Settings of live rooms (Rounds:Events).</summary>
public sealed class EventRoomOptions
{
    /// <summary>Minutes present in an open room that count as attending (and make a learning-record entry).</summary>
    public int AttendanceMinutes { get; set; } = 20;
    /// <summary>How often a room page says it is still there; a connection silent for two beats is off the participant list.</summary>
    public int HeartbeatSeconds { get; set; } = 30;
    /// <summary>How long before a live window members who RSVP'd are reminded.</summary>
    public int ReminderMinutes { get; set; } = 60;
}

/// <summary>
/// Who is in a room (one row per open connection, in the database so every node sees the same list) and how long each member has
/// been there while the room was open. Time is counted between beats, capped at two beats (so a crashed node adds nothing), and only
/// the part of it that falls inside the room's open windows counts.
/// </summary>
public static class EventPresenceTracker
{
    /// <summary>Adds the connection to the room; true when the member was not in the room through another connection already.</summary>
    public static async Task<bool> JoinAsync(RoundsDb db, long eventId, long memberId, string connectionId, DateTime now, EventRoomOptions options)
    {
        var since = now.AddSeconds(-2 * options.HeartbeatSeconds);
        var wasThere = await db.EventPresence.AnyAsync(p => p.EventId == eventId && p.MemberId == memberId && p.LastSeenAt >= since);
        // Saved apart: the connection's row is what keeps a blocked author's messages away from it, so it must not be lost when
        // another tab of the same member creates the attendance row at the same instant.
        if (!await db.EventPresence.AnyAsync(p => p.ConnectionId == connectionId && p.EventId == eventId))
        {
            db.EventPresence.Add(new EventPresence { ConnectionId = connectionId, EventId = eventId, MemberId = memberId, JoinedAt = now, LastSeenAt = now });
            await db.SaveChangesAsync();
        }
        if (!await db.EventAttendance.AnyAsync(a => a.EventId == eventId && a.MemberId == memberId))
        {
            db.EventAttendance.Add(new EventAttendance { EventId = eventId, MemberId = memberId, FirstSeenAt = now, LastSeenAt = now });
            try { await db.SaveChangesAsync(); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // the other tab's row is there
        }
        return !wasThere;
    }

    public static Task HeartbeatAsync(RoundsDb db, string connectionId, long eventId, DateTime now, EventRoomOptions options) =>
        CountAsync(db, connectionId, eventId, now, options, leaving: false);

    /// <summary>Removes the connection; true when the member has no other live connection in the room.</summary>
    public static async Task<bool> LeaveAsync(RoundsDb db, string connectionId, long eventId, DateTime now, EventRoomOptions options)
    {
        var memberId = await CountAsync(db, connectionId, eventId, now, options, leaving: true);
        if (memberId is null) return false;
        var since = now.AddSeconds(-2 * options.HeartbeatSeconds);
        return !await db.EventPresence.AnyAsync(p => p.EventId == eventId && p.MemberId == memberId && p.LastSeenAt >= since);
    }

    private static async Task<long?> CountAsync(RoundsDb db, string connectionId, long eventId, DateTime now, EventRoomOptions options, bool leaving)
    {
        var presence = await db.EventPresence.SingleOrDefaultAsync(p => p.ConnectionId == connectionId && p.EventId == eventId);
        if (presence is null) return null;
        var member = presence.MemberId;
        var beatFrom = presence.LastSeenAt;
        if (now > presence.LastSeenAt) presence.LastSeenAt = now;
        if (leaving) db.EventPresence.Remove(presence);
        await db.SaveChangesAsync();

        // Time is the member's, not the connection's: two tabs count the same minute once. The member's row says up to when their
        // time is counted; the update only applies if no other tab moved it meanwhile (that tab counted this stretch).
        var counted = await db.EventAttendance.Where(a => a.EventId == eventId && a.MemberId == member).Select(a => (DateTime?)a.LastSeenAt).SingleOrDefaultAsync();
        if (counted is not { } countedTo || countedTo >= now) return member;
        var from = new[] { beatFrom, countedTo, now.AddSeconds(-2 * options.HeartbeatSeconds) }.Max();
        var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Id == eventId);
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == eventId).ToListAsync();
        var seconds = (int)Math.Round(OpenSeconds(ev, sessions, from, now));
        var moved = await db.EventAttendance.Where(a => a.EventId == eventId && a.MemberId == member && a.LastSeenAt == countedTo)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Seconds, a => a.Seconds + seconds).SetProperty(a => a.LastSeenAt, now));
        if (moved == 0 || seconds <= 0) return member;
        var minimum = options.AttendanceMinutes * 60;
        var claimed = await db.EventAttendance.Where(a => a.EventId == eventId && a.MemberId == member && a.RecordedAt == null && a.Seconds >= minimum)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RecordedAt, now));
        if (claimed == 0) return member;
        var role = ev.OwnerId == member ? EventRole.Host
            : await db.EventHosts.Where(h => h.EventId == eventId && h.MemberId == member).Select(h => (EventRole?)h.Role).SingleOrDefaultAsync();
        if (EventMessages.AttendanceActivity(ev, role) is not { } activity) return member;
        try
        {
            // Under the room's posting lock (the event row a message takes its number from): a first message recording the same
            // attendance at this moment either committed before (and RecordAsync sees it) or waits until this commits.
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastSeq, e => e.LastSeq));
            await LearningRecord.RecordAsync(db, member, new(activity, "event", ev.Id, ev.Title, null, $"/events/{ev.Id}"), now, default);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); } // recorded elsewhere at the same moment
        return member;
    }

    /// <summary>
    /// Seconds of [from, to) during which the room takes participants' messages (<see cref="EventAccess.IsOpen"/> for a non-host): the
    /// asynchronous window and each live window from 15 minutes before it, never after the event's end or once it is cancelled.
    /// </summary>
    public static double OpenSeconds(Event ev, IReadOnlyCollection<EventSession> sessions, DateTime from, DateTime to)
    {
        if (ev.CancelledAt is not null || to <= from) return 0;
        var live = sessions.Where(s => !s.Skipped).ToList();
        DateTime? end = live.Count == 0 ? ev.ClosesAt : ev.ClosesAt is { } c && c > live.Max(s => s.EndsAt) ? c : live.Max(s => s.EndsAt);
        var windows = live.Select(s => (Start: s.StartsAt.AddMinutes(-15), End: s.EndsAt)).ToList();
        if (ev.OpensAt is { } open) windows.Add((open, ev.ClosesAt ?? DateTime.MaxValue));
        var total = 0.0;
        var cursor = from;
        foreach (var (start, stop) in windows.OrderBy(w => w.Start))
        {
            var a = start > cursor ? start : cursor;
            var b = stop < to ? stop : to;
            if (end is { } e && b > e) b = e;
            if (b > a) { total += (b - a).TotalSeconds; cursor = b; }
        }
        return total;
    }

    /// <summary>Members with a live connection in the room (a beat within the last two intervals).</summary>
    public static Task<List<long>> ParticipantIdsAsync(RoundsDb db, long eventId, DateTime now, EventRoomOptions options, CancellationToken ct)
    {
        var since = now.AddSeconds(-2 * options.HeartbeatSeconds);
        return db.EventPresence.Where(p => p.EventId == eventId && p.LastSeenAt >= since).Select(p => p.MemberId).Distinct().ToListAsync(ct);
    }
}
