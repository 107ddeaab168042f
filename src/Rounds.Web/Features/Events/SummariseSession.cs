using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// After a conference session, an attendee who checked in writes its key points (≤ 280 characters), once. The summary goes through the privacy
/// guard (warn and override) and becomes a SessionSummarised entry in the learning record, in the same unit of work.
/// </summary>
public static class SummariseSession
{
    public sealed record Request(string? Text, bool OverridePrivacy = false);

    public static async Task<Outcome<SummaryView>> RunAsync(Viewer viewer, long eventId, long sessionId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null || viewer.Id is not { } me || ev.Kind != EventKind.Conference) return Outcome.NotFound();
        var session = await db.EventSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.EventId == ev.Id && !s.Skipped, ct);
        if (session is null) return Outcome.NotFound();
        var text = r.Text?.Trim() ?? "";
        if (text.Length == 0) return Outcome.Invalid("text", "Write the session's key points.");
        if (text.Length > SessionSummary.MaxText) return Outcome.Invalid("text", $"Keep the key points to {SessionSummary.MaxText} characters ({text.Length} now).");
        if (!await db.EventCheckIns.AnyAsync(c => c.EventId == ev.Id && c.MemberId == me, ct))
            return Outcome.Forbidden("Check in to the conference (on site or remote) to summarise its sessions.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < session.EndsAt) return Outcome.Conflict("Summarise the session once it has ended.");
        if (await db.SessionSummaries.AnyAsync(s => s.SessionId == session.Id && s.MemberId == me, ct))
            return Outcome.Conflict("You have already summarised this session.");

        var guard = PrivacyGuard.Scan("text", text);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        var summary = new SessionSummary { EventId = ev.Id, SessionId = session.Id, MemberId = me, Text = text, CreatedAt = now };
        db.SessionSummaries.Add(summary);
        await LearningRecord.RecordAsync(db, me, new(LearningActivity.SessionSummarised, "event-session", session.Id, Clip($"{session.Title} · {ev.Title}", LearningEntry.MaxTitle), null,
            $"/events/{ev.Id}/program#session-{session.Id}"), now, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            PrivacyGuard.Record(db, me, "session-summary", summary.Id, guard, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await StoredAsync(db, session.Id, me, ct)) return Outcome.Conflict("You have already summarised this session.");
            throw;
        }
        var author = await db.Users.Where(u => u.Id == me).Select(u => new { u.UserName, u.DisplayName }).SingleAsync(ct);
        return new SummaryView(summary.Id, session.Id, me, author.UserName!, author.DisplayName, text, now);
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    // A concurrent summary by the same member won the unique index (session, member).
    private static async Task<bool> StoredAsync(RoundsDb db, long sessionId, long me, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.SessionSummaries.AnyAsync(s => s.SessionId == sessionId && s.MemberId == me, ct);
    }

    public static async Task<Results<Created<SummaryView>, ProblemHttpResult>> HandleAsync(long id, long sessionId, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, sessionId, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Created($"/events/{id}/program#session-{sessionId}", outcome.Value!) : outcome.Problem();
    }
}
