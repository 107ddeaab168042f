using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Admin;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Events;

public enum RoomAction { Pin, Unpin, Hide, Unhide }

/// <summary>
/// What those who run a room (<see cref="EventAccess.Runs"/>) do to it: pin and unpin, hide and show again a message, slow the room.
/// Each change is pushed to open rooms ("room-changed"), with ids only; a hidden message vanishes for participants and stays, marked,
/// for those who run the room. Hides are written to the audit log. Others get 403 when they see the event, 404 when they do not.
/// </summary>
public static class EventModeration
{
    public const int MaxPinned = 5;
    public const int MaxSlowModeSeconds = 600;

    public static async Task<Outcome<EventMessage>> RunAsync(Viewer viewer, long eventId, long postId, RoomAction action, RoundsDb db, Audiences audiences,
        LivePublisher live, TimeProvider clock, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null) return Outcome.NotFound();
        if (!await EventAccess.RunsAsync(db, ev, viewer, ct)) return Outcome.Forbidden("Only the event's hosts and moderators run the room.");
        var message = await db.EventMessages.AsNoTracking().SingleOrDefaultAsync(m => m.PostId == postId && m.EventId == ev.Id, ct);
        if (message is null) return Outcome.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var q = db.EventMessages.Where(m => m.PostId == postId);
        // Each change is a conditional row update: a replayed or concurrent request finds the state already changed and changes nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int changed;
        switch (action)
        {
            case RoomAction.Pin:
                if (message.HiddenAt is not null) return Outcome.Conflict("A hidden message cannot be pinned.");
                // The room's lock (the event row) first, so two pins at once count one after the other.
                await db.Events.Where(e => e.Id == ev.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastSeq, e => e.LastSeq), ct);
                if (await db.EventMessages.CountAsync(m => m.EventId == ev.Id && m.PinnedAt != null && m.HiddenAt == null, ct) >= MaxPinned)
                    return Outcome.Conflict($"At most {MaxPinned} messages are pinned at once; unpin one first.");
                changed = await q.Where(m => m.PinnedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.PinnedAt, now), ct);
                if (changed == 0) return Outcome.Conflict("The message is already pinned.");
                break;
            case RoomAction.Unpin:
                changed = await q.Where(m => m.PinnedAt != null).ExecuteUpdateAsync(s => s.SetProperty(m => m.PinnedAt, (DateTime?)null), ct);
                if (changed == 0) return Outcome.Conflict("The message is not pinned.");
                break;
            case RoomAction.Hide:
                changed = await q.Where(m => m.HiddenAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.HiddenAt, now).SetProperty(m => m.HiddenById, viewer.Id), ct);
                if (changed == 0) return Outcome.Conflict("The message is already hidden.");
                AuditLog.Record(db, now, EventAudit.MessageHidden, viewer.Id, message.AuthorId, $"event {ev.Id}, message {postId} (#{message.Seq})");
                break;
            case RoomAction.Unhide:
                changed = await q.Where(m => m.HiddenAt != null).ExecuteUpdateAsync(s => s.SetProperty(m => m.HiddenAt, (DateTime?)null).SetProperty(m => m.HiddenById, (long?)null), ct);
                if (changed == 0) return Outcome.Conflict("The message is not hidden.");
                AuditLog.Record(db, now, EventAudit.MessageShown, viewer.Id, message.AuthorId, $"event {ev.Id}, message {postId} (#{message.Seq})");
                break;
            default: return Outcome.Invalid("action", "Unknown action.");
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await live.RoomChangedAsync(ev.Id, action switch
        {
            RoomAction.Pin => "pinned", RoomAction.Unpin => "unpinned", RoomAction.Hide => "hidden", _ => "unhidden",
        }, postId, ct);
        return await db.EventMessages.AsNoTracking().SingleAsync(m => m.PostId == postId, ct);
    }

    public sealed record SlowModeRequest(long? Seconds);
    public sealed record SlowModeView(long EventId, int Seconds);

    public static async Task<Outcome<SlowModeView>> SlowModeAsync(Viewer viewer, long eventId, SlowModeRequest r, RoundsDb db, Audiences audiences, LivePublisher live,
        CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null) return Outcome.NotFound();
        if (!await EventAccess.RunsAsync(db, ev, viewer, ct)) return Outcome.Forbidden("Only the event's hosts and moderators run the room.");
        if (r.Seconds is not { } asked || asked is < 0 or > MaxSlowModeSeconds)
            return Outcome.Invalid("seconds", $"Slow mode is between 0 (off) and {MaxSlowModeSeconds} seconds.");
        var seconds = (int)asked;
        if (seconds != ev.SlowModeSeconds)
        {
            await db.Events.Where(e => e.Id == ev.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.SlowModeSeconds, seconds), ct);
            await live.RoomChangedAsync(ev.Id, "slow-mode", seconds, ct);
        }
        return new SlowModeView(ev.Id, seconds);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ActAsync(long id, long postId, RoomAction action, CurrentUser me, RoundsDb db, Audiences audiences,
        LivePublisher live, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, postId, action, db, audiences, live, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }

    public static Task<Results<NoContent, ProblemHttpResult>> PinAsync(long id, long postId, CurrentUser me, RoundsDb db, Audiences audiences, LivePublisher live,
        TimeProvider clock, CancellationToken ct) => ActAsync(id, postId, RoomAction.Pin, me, db, audiences, live, clock, ct);

    public static Task<Results<NoContent, ProblemHttpResult>> UnpinAsync(long id, long postId, CurrentUser me, RoundsDb db, Audiences audiences, LivePublisher live,
        TimeProvider clock, CancellationToken ct) => ActAsync(id, postId, RoomAction.Unpin, me, db, audiences, live, clock, ct);

    public static Task<Results<NoContent, ProblemHttpResult>> HideAsync(long id, long postId, CurrentUser me, RoundsDb db, Audiences audiences, LivePublisher live,
        TimeProvider clock, CancellationToken ct) => ActAsync(id, postId, RoomAction.Hide, me, db, audiences, live, clock, ct);

    public static Task<Results<NoContent, ProblemHttpResult>> UnhideAsync(long id, long postId, CurrentUser me, RoundsDb db, Audiences audiences, LivePublisher live,
        TimeProvider clock, CancellationToken ct) => ActAsync(id, postId, RoomAction.Unhide, me, db, audiences, live, clock, ct);

    public static async Task<Results<Ok<SlowModeView>, ProblemHttpResult>> SlowModeHandleAsync(long id, SlowModeRequest request, CurrentUser me, RoundsDb db,
        Audiences audiences, LivePublisher live, CancellationToken ct)
    {
        var outcome = await SlowModeAsync(await me.ViewerAsync(ct), id, request, db, audiences, live, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value) : outcome.Problem();
    }
}

/// <summary>Audit actions of rooms (listed with the others in <see cref="AuditActions.All"/>).</summary>
public static class EventAudit
{
    public const string MessageHidden = AuditActions.EventMessageHidden;
    public const string MessageShown = AuditActions.EventMessageShown;
}

/// <summary>Someone in a room, with their role in the event when they have one.</summary>
public sealed record ParticipantView(long Id, string Handle, string DisplayName, string? Role);

/// <summary>The participant list: members with a live connection in the room, those blocked with the viewer left out; organizers first.</summary>
public static class EventParticipants
{
    public static async Task<List<ParticipantView>?> ListAsync(RoundsDb db, Audiences audiences, Viewer viewer, long eventId, DateTime now, EventRoomOptions options,
        CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null) return null;
        var ids = await EventPresenceTracker.ParticipantIdsAsync(db, ev.Id, now, options, ct);
        if (viewer.Id is { } me) ids.RemoveAll((await audiences.BlockedAsync(me, ct)).Contains);
        if (ids.Count == 0) return [];
        var members = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var roles = await db.EventHosts.Where(h => h.EventId == ev.Id && ids.Contains(h.MemberId)).ToDictionaryAsync(h => h.MemberId, h => h.Role, ct);
        roles[ev.OwnerId] = EventRole.Host;
        var speakers = await (from sp in db.EventSpeakers join s in db.EventSessions on sp.SessionId equals s.Id
                              where s.EventId == ev.Id && sp.MemberId != null && ids.Contains(sp.MemberId.Value) select sp.MemberId!.Value).Distinct().ToListAsync(ct);
        foreach (var s in speakers) roles.TryAdd(s, EventRole.Speaker);
        return members
            .Select(m => new ParticipantView(m.Id, m.UserName!, m.DisplayName, roles.TryGetValue(m.Id, out var r) ? r.ToString().ToLowerInvariant() : null))
            .OrderBy(p => p.Role is null).ThenBy(p => p.Role is { } r ? (int)Enum.Parse<EventRole>(r, true) : 0).ThenBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public static async Task<Results<Ok<List<ParticipantView>>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, EventRoomOptions options, CancellationToken ct)
    {
        var list = await ListAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, options, ct);
        return list is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(list);
    }
}
