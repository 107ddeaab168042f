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
/// been there while the room was open. Time is counted between beats and capped at two beats, so a crashed node adds nothing.
/// </summary>
public static class EventPresenceTracker
{
    public static async Task JoinAsync(RoundsDb db, long eventId, long memberId, string connectionId, DateTime now, EventRoomOptions options)
    {
        if (!await db.EventPresence.AnyAsync(p => p.ConnectionId == connectionId && p.EventId == eventId))
            db.EventPresence.Add(new EventPresence { ConnectionId = connectionId, EventId = eventId, MemberId = memberId, JoinedAt = now, LastSeenAt = now });
        var attendance = await db.EventAttendance.SingleOrDefaultAsync(a => a.EventId == eventId && a.MemberId == memberId);
        if (attendance is null) db.EventAttendance.Add(new EventAttendance { EventId = eventId, MemberId = memberId, FirstSeenAt = now, LastSeenAt = now });
        try { await db.SaveChangesAsync(); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); } // a second tab of the same member joined at the same instant: its row is there
    }

    public static Task HeartbeatAsync(RoundsDb db, string connectionId, long eventId, DateTime now, EventRoomOptions options) =>
        CountAsync(db, connectionId, eventId, now, options, leaving: false);

    public static Task LeaveAsync(RoundsDb db, string connectionId, long eventId, DateTime now, EventRoomOptions options) =>
        CountAsync(db, connectionId, eventId, now, options, leaving: true);

    private static async Task CountAsync(RoundsDb db, string connectionId, long eventId, DateTime now, EventRoomOptions options, bool leaving)
    {
        var presence = await db.EventPresence.SingleOrDefaultAsync(p => p.ConnectionId == connectionId && p.EventId == eventId);
        if (presence is null) return;
        var ev = await db.Events.SingleAsync(e => e.Id == eventId);
        var sessions = await db.EventSessions.Where(s => s.EventId == eventId).ToListAsync();
        var seconds = (int)Math.Clamp((now - presence.LastSeenAt).TotalSeconds, 0, 2 * options.HeartbeatSeconds);
        presence.LastSeenAt = now;
        if (leaving) db.EventPresence.Remove(presence);
        if (seconds > 0 && EventAccess.IsOpen(ev, sessions, now, host: false))
        {
            var attendance = await db.EventAttendance.SingleAsync(a => a.EventId == eventId && a.MemberId == presence.MemberId);
            attendance.Seconds += seconds;
            attendance.LastSeenAt = now;
            if (attendance.RecordedAt is null && attendance.Seconds >= options.AttendanceMinutes * 60)
            {
                attendance.RecordedAt = now;
                var role = await db.EventHosts.Where(h => h.EventId == eventId && h.MemberId == presence.MemberId).Select(h => (EventRole?)h.Role).SingleOrDefaultAsync();
                if (ev.OwnerId == presence.MemberId) role = EventRole.Host;
                if (EventMessages.AttendanceActivity(ev, role) is { } activity)
                    await LearningRecord.RecordAsync(db, presence.MemberId, new(activity, "event", ev.Id, ev.Title, null, $"/events/{ev.Id}"), now, default);
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Members with a live connection in the room (a beat within the last two intervals).</summary>
    public static Task<List<long>> ParticipantIdsAsync(RoundsDb db, long eventId, DateTime now, EventRoomOptions options, CancellationToken ct)
    {
        var since = now.AddSeconds(-2 * options.HeartbeatSeconds);
        return db.EventPresence.Where(p => p.EventId == eventId && p.LastSeenAt >= since).Select(p => p.MemberId).Distinct().ToListAsync(ct);
    }
}
