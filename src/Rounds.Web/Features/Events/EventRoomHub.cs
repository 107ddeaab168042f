using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Infrastructure.Live;

/// <summary>
/// Live rooms on the one hub. Joining applies the event's audience (a patient cannot join a clinicians-only room) and answers with
/// everything after the sequence number the client already has: the connection joins the room's group first and reads second,
/// so a message committed in between arrives twice at most — never zero times — and the client keeps one per sequence number.
/// Calling JoinRoom again with the last number is also how a client fills a gap it noticed.
/// </summary>
public sealed partial class LiveHub
{
    public async Task<RoomSnapshot> JoinRoom(long eventId, long afterSeq, Audiences.Audiences audiences)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var viewer = await ViewerAsync(audiences, now);
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, Context.ConnectionAborted);
        if (ev is null) throw new HubException("Not found.");
        await Groups.AddToGroupAsync(Context.ConnectionId, Streams.Room(eventId));
        if (MemberId is { } member && await EventPresenceTracker.JoinAsync(db, eventId, member, Context.ConnectionId, now, roomOptions))
            await live.RoomChangedAsync(eventId, "participants", null);
        return await EventMessages.SnapshotAsync(db, audiences, viewer, ev, Math.Max(0, afterSeq), EventMessages.PageSize, Context.ConnectionAborted);
    }

    public async Task LeaveRoom(long eventId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Streams.Room(eventId));
        if (await EventPresenceTracker.LeaveAsync(db, Context.ConnectionId, eventId, clock.GetUtcNow().UtcDateTime, roomOptions))
            await live.RoomChangedAsync(eventId, "participants", null);
    }

    /// <summary>Sent by the room page every <see cref="EventRoomOptions.HeartbeatSeconds"/>: keeps the member on the participant list and counts their time.</summary>
    public async Task Heartbeat(long eventId)
    {
        if (MemberId is null) return;
        await EventPresenceTracker.HeartbeatAsync(db, Context.ConnectionId, eventId, clock.GetUtcNow().UtcDateTime, roomOptions);
    }

    /// <summary>Who is in the room now, as GET /api/v1/events/{id}/participants answers (the room page re-reads it on "room-changed" "participants").</summary>
    public async Task<List<ParticipantView>> RoomParticipants(long eventId, Audiences.Audiences audiences)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await EventParticipants.ListAsync(db, audiences, await ViewerAsync(audiences, now), eventId, now, roomOptions, Context.ConnectionAborted)
            ?? throw new HubException("Not found.");
    }

    private async Task<Viewer> ViewerAsync(Audiences.Audiences audiences, DateTime now) =>
        MemberId is { } id ? await audiences.ViewerOfAsync(id, now) : Viewer.Anonymous;

    private async Task LeaveRoomsAsync()
    {
        if (MemberId is null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var rooms = await db.EventPresence.Where(p => p.ConnectionId == Context.ConnectionId).Select(p => p.EventId).ToListAsync();
        foreach (var room in rooms)
            if (await EventPresenceTracker.LeaveAsync(db, Context.ConnectionId, room, now, roomOptions))
                await live.RoomChangedAsync(room, "participants", null);
    }
}
