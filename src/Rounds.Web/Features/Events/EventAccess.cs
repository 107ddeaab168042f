using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// Who may see and do what in an event. Seeing goes through the one audience check with the event's owner (a block with the
/// owner hides the event); everything inside — sessions, room, messages, transcript, report — follows the event. Hidden is "not found".
/// </summary>
public static class EventAccess
{
    /// <summary>Verified clinicians, moderators and admins run events.</summary>
    public static bool IsOrganizer(Viewer viewer) => viewer.Kind is ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin;

    public static bool IsSiteModerator(Viewer viewer) => viewer.Kind is ViewerKind.Moderator or ViewerKind.Admin;

    public static async Task<Event?> LoadVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var ev = await db.Events.Include(e => e.Owner).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (ev is null) return null;
        return await audiences.CanSeeAsync(viewer, ev.Target, ct) ? ev : null;
    }

    /// <summary>The viewer's role in the event (the owner is a host), or null.</summary>
    public static async Task<EventRole?> RoleAsync(RoundsDb db, Event ev, Viewer viewer, CancellationToken ct)
    {
        if (viewer.Id is not { } id) return null;
        if (id == ev.OwnerId) return EventRole.Host;
        return await db.EventHosts.Where(h => h.EventId == ev.Id && h.MemberId == id).Select(h => (EventRole?)h.Role).SingleOrDefaultAsync(ct);
    }

    /// <summary>Hosts and the event's moderators run the room (pin, hide, slow mode); so do the site's moderators.</summary>
    public static bool Runs(EventRole? role, Viewer viewer) => role is EventRole.Host or EventRole.Moderator || IsSiteModerator(viewer);

    public static async Task<bool> RunsAsync(RoundsDb db, Event ev, Viewer viewer, CancellationToken ct) =>
        Runs(await RoleAsync(db, ev, viewer, ct), viewer);

    /// <summary>
    /// When the room takes messages: inside the asynchronous window when there is one, otherwise during a live window (from
    /// 15 minutes before it, so hosts can open). Hosts may post from the moment the event exists until it closes.
    /// </summary>
    public static bool IsOpen(Event ev, IReadOnlyCollection<EventSession> sessions, DateTime now, bool host)
    {
        if (ev.CancelledAt is not null) return false;
        var live = sessions.Where(s => !s.Skipped).ToList();
        var end = Max(ev.ClosesAt, live.Count == 0 ? null : live.Max(s => s.EndsAt));
        if (end is { } e && now >= e) return false;
        if (host) return true;
        if (ev.OpensAt is { } open && now >= open && (ev.ClosesAt is null || now < ev.ClosesAt)) return true;
        return live.Any(s => s.StartsAt.AddMinutes(-15) <= now && now < s.EndsAt);
    }

    /// <summary>The event is over: past its asynchronous window and its last live window (or cancelled).</summary>
    public static bool IsOver(Event ev, IReadOnlyCollection<EventSession> sessions, DateTime now)
    {
        if (ev.CancelledAt is not null) return true;
        var live = sessions.Where(s => !s.Skipped).ToList();
        var end = Max(ev.ClosesAt, live.Count == 0 ? null : live.Max(s => s.EndsAt));
        return end is { } e && now >= e;
    }

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
