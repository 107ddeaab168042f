using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// An attendee checks in to a conference as on-site or remote, and may change it, while the conference runs or in the day before it.
/// Each room post keeps the mode its author had when posting (<see cref="EventMessage.AuthorOnSite"/>), so a later change rewrites nothing.
/// </summary>
public static class CheckIn
{
    public sealed record Request(string? Mode);

    public static string ModeName(bool onSite) => onSite ? "on-site" : "remote";

    public static bool? ParseMode(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        "on-site" or "onsite" or "on_site" => true,
        "remote" => false,
        _ => null,
    };

    public static async Task<Outcome<CheckInView>> RunAsync(Viewer viewer, long eventId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null || viewer.Id is not { } me) return Outcome.NotFound();
        if (ev.Kind != EventKind.Conference) return Outcome.Conflict("Attendees check in to conferences only.");
        if (ParseMode(r.Mode) is not { } onSite) return Outcome.Invalid("mode", "Choose on-site or remote.");
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.EventSessions.Where(s => s.EventId == ev.Id).ToListAsync(ct);
        var (opens, closes) = ConferenceProgram.CheckInWindow(sessions);
        if (ev.CancelledAt is not null) return Outcome.Conflict("The conference was cancelled.");
        if (now < opens) return Outcome.Conflict($"Check-in opens a day before the first session ({opens:yyyy-MM-dd HH:mm} UTC).");
        if (now >= closes) return Outcome.Conflict("The conference is over: check-in is closed.");

        var row = await db.EventCheckIns.SingleOrDefaultAsync(c => c.EventId == ev.Id && c.MemberId == me, ct);
        if (row is null) db.EventCheckIns.Add(row = new EventCheckIn { EventId = ev.Id, MemberId = me, OnSite = onSite, At = now });
        else { row.OnSite = onSite; row.At = now; }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Two check-ins at once: the other one made the row; take this choice over it.
            db.ChangeTracker.Clear();
            await db.EventCheckIns.Where(c => c.EventId == ev.Id && c.MemberId == me).ExecuteUpdateAsync(s => s.SetProperty(c => c.OnSite, onSite).SetProperty(c => c.At, now), ct);
        }
        var counts = await db.EventCheckIns.Where(c => c.EventId == ev.Id).GroupBy(c => c.OnSite).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new CheckInView(ModeName(onSite), now, true, opens, closes, counts.Where(c => c.Key).Sum(c => c.Count), counts.Where(c => !c.Key).Sum(c => c.Count));
    }

    public static async Task<Results<Ok<CheckInView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
