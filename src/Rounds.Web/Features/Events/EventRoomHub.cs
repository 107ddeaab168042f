using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Infrastructure.Live;

/// <summary>
/// Live rooms on the one hub. Joining applies the event's audience (a patient cannot join a clinicians-only room) and answers with
/// everything after the sequence number the client already has: the connection joins the room's group first and reads second,
/// so a message committed in between arrives twice at most — never zero times — and the client keeps one per sequence number.
/// </summary>
public sealed partial class LiveHub
{
    public async Task<RoomSnapshot> JoinRoom(long eventId, long afterSeq, Audiences.Audiences audiences, TimeProvider clock, EventRoomOptions options)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var viewer = MemberId is { } id ? await audiences.ViewerOfAsync(id, now) : Viewer.Anonymous;
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, Context.ConnectionAborted);
        if (ev is null) throw new HubException("Not found.");
        await Groups.AddToGroupAsync(Context.ConnectionId, Streams.Room(eventId));
        if (MemberId is { } member) await EventPresenceTracker.JoinAsync(db, eventId, member, Context.ConnectionId, now, options);
        return (await EventMessages.SnapshotAsync(db, audiences, viewer, eventId, Math.Max(0, afterSeq), EventMessages.PageSize, Context.ConnectionAborted))!;
    }

    public async Task LeaveRoom(long eventId, TimeProvider clock, EventRoomOptions options)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Streams.Room(eventId));
        await EventPresenceTracker.LeaveAsync(db, Context.ConnectionId, eventId, clock.GetUtcNow().UtcDateTime, options);
    }

    /// <summary>Sent by the room page every <see cref="EventRoomOptions.HeartbeatSeconds"/>: keeps the member on the participant list and counts their time.</summary>
    public async Task Heartbeat(long eventId, TimeProvider clock, EventRoomOptions options)
    {
        if (MemberId is null) return;
        await EventPresenceTracker.HeartbeatAsync(db, Context.ConnectionId, eventId, clock.GetUtcNow().UtcDateTime, options);
    }

    private async Task LeaveRoomsAsync()
    {
        if (MemberId is null) return;
        var clock = Context.GetHttpContext()?.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var options = Context.GetHttpContext()?.RequestServices.GetService<EventRoomOptions>() ?? new EventRoomOptions();
        var rooms = await db.EventPresence.Where(p => p.ConnectionId == Context.ConnectionId).Select(p => p.EventId).ToListAsync();
        foreach (var room in rooms) await EventPresenceTracker.LeaveAsync(db, Context.ConnectionId, room, clock.GetUtcNow().UtcDateTime, options);
    }
}
