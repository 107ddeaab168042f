using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>A member says they are coming (and gets a reminder before each live window) or takes it back. Saying it twice changes nothing.</summary>
public static class Rsvp
{
    public static async Task<Outcome<bool>> RunAsync(Viewer viewer, long eventId, bool going, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null || viewer.Id is not { } me) return Outcome.NotFound();
        var existing = await db.EventRsvps.SingleOrDefaultAsync(r => r.EventId == ev.Id && r.MemberId == me, ct);
        if (going && existing is null)
        {
            var sessions = await db.EventSessions.Where(s => s.EventId == ev.Id).ToListAsync(ct);
            if (EventAccess.IsOver(ev, sessions, clock.GetUtcNow().UtcDateTime)) return Outcome.Conflict("The event is over.");
            db.EventRsvps.Add(new EventRsvp { EventId = ev.Id, MemberId = me, CreatedAt = clock.GetUtcNow().UtcDateTime });
        }
        else if (!going && existing is not null) db.EventRsvps.Remove(existing);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { } // the same RSVP sent twice at once: one row is all it means
        return going;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> GoingAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, true, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> NotGoingAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, false, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}
