using Microsoft.EntityFrameworkCore;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>
    /// Moves an event into the past without moving the clock (for fixtures other tests share): its windows and asynchronous window keep
    /// their lengths and end a minute before now. Messages keep what was captured when they were posted.
    /// </summary>
    public Task EventEnded(long eventId) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var ev = await db.Events.SingleAsync(e => e.Id == eventId);
        var sessions = await db.EventSessions.Where(s => s.EventId == eventId).ToListAsync();
        var end = new[] { ev.ClosesAt ?? DateTime.MinValue }.Concat(sessions.Select(s => s.EndsAt)).Max();
        var shift = end - now.AddMinutes(-1);
        if (shift <= TimeSpan.Zero) return 0;
        foreach (var s in sessions) { s.StartsAt -= shift; s.EndsAt -= shift; }
        if (ev.OpensAt is { } o) ev.OpensAt = o - shift;
        if (ev.ClosesAt is { } c) ev.ClosesAt = c - shift;
        return await db.SaveChangesAsync();
    });
}
