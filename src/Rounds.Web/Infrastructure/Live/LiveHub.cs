using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Infrastructure.Live;

/// <summary>
/// The one hub for timelines, threads, notifications and conversations. Clients watch streams; the server
/// sends only ids ("post 42 on tag:meded"), and the client fetches the card through the audience check,
/// so nothing a viewer may not see ever travels over the socket.
/// </summary>
public sealed partial class LiveHub(RoundsDb db, TimeProvider clock, LivePublisher live, Features.Events.EventRoomOptions roomOptions) : Hub
{
    public const string Path = "/hubs/live";

    private long? MemberId => long.TryParse(Context.User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public override async Task OnConnectedAsync()
    {
        if (MemberId is { } id) await Groups.AddToGroupAsync(Context.ConnectionId, Streams.Member(id));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await LeaveRoomsAsync(); // presence and time in rooms (Features/Events/EventRoomHub.cs)
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts sending events of one stream to this connection; false when the stream is unknown or not the caller's.</summary>
    public async Task<bool> Watch(string stream)
    {
        var group = await ResolveAsync(stream);
        if (group is null) return false;
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        return true;
    }

    public async Task Unwatch(string stream)
    {
        var group = await ResolveAsync(stream);
        if (group is not null) await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private async Task<string?> ResolveAsync(string stream)
    {
        if (string.IsNullOrWhiteSpace(stream) || stream.Length > 250) return null;
        var (kind, arg) = stream.IndexOf(':') is var i and > 0 ? (stream[..i], stream[(i + 1)..]) : (stream, "");
        switch (kind)
        {
            case "home": return MemberId is { } me ? Streams.Home(me) : null;
            case "local": return Streams.Local;
            case "tag": return arg.Length > 0 ? Streams.Tag(arg) : null;
            case "profile": return long.TryParse(arg, out var author) ? Streams.Profile(author) : null;
            case "thread": return long.TryParse(arg, out var root) ? Streams.Thread(root) : null;
            case "paper": return arg.Length > 0 ? Streams.Paper(arg) : null;
            case "list":
                return MemberId is { } owner && long.TryParse(arg, out var list)
                    && await db.MemberLists.AnyAsync(l => l.Id == list && l.OwnerId == owner) ? Streams.List(list) : null;
            case "conversation":
                return MemberId is { } member && long.TryParse(arg, out var conversation)
                    && await db.ConversationMembers.AnyAsync(c => c.ConversationId == conversation && c.MemberId == member) ? Streams.Conversation(conversation) : null;
            default: return null;
        }
    }
}

/// <summary>Names of the live streams (SignalR groups); one place so publishers and the hub agree.</summary>
public static class Streams
{
    public const string Local = "local";
    public static string Member(long id) => $"member:{id}";
    public static string Home(long id) => $"home:{id}";
    public static string Tag(string tag) => $"tag:{tag.ToLowerInvariant()}";
    public static string Profile(long authorId) => $"profile:{authorId}";
    public static string Thread(long rootId) => $"thread:{rootId}";
    public static string Paper(string key) => $"paper:{key.ToLowerInvariant()}";
    public static string List(long id) => $"list:{id}";
    public static string Conversation(long id) => $"conversation:{id}";
    /// <summary>An event's live room; joined only through <c>LiveHub.JoinRoom</c>, which applies the event's audience.</summary>
    public static string Room(long eventId) => $"room:{eventId}";
}

/// <summary>The one publisher of live events: names the events and their payloads.</summary>
public sealed class LivePublisher(IHubContext<LiveHub> hub)
{
    /// <summary>A post appeared on these streams; clients fetch its card if they may see it.</summary>
    public async Task PostAsync(IEnumerable<string> streams, long postId, CancellationToken ct = default)
    {
        foreach (var chunk in streams.Distinct().Chunk(500))
            await hub.Clients.Groups(chunk).SendAsync("post", postId, ct);
    }

    public Task NotificationAsync(long memberId, int unread, CancellationToken ct = default) =>
        hub.Clients.Group(Streams.Member(memberId)).SendAsync("notification", unread, ct);

    /// <summary>A message in an event's room, sent whole: everyone in the room passed the event's audience when joining; members blocked with its author are left out.</summary>
    public Task RoomMessageAsync(long eventId, object message, IReadOnlyList<string> exceptConnections, CancellationToken ct = default) =>
        hub.Clients.GroupExcept(Streams.Room(eventId), exceptConnections).SendAsync("room-message", message, ct);

    /// <summary>Something changed in a room (a message pinned or hidden, slow mode, participants): clients re-read what they show.</summary>
    public Task RoomChangedAsync(long eventId, string what, object? data, CancellationToken ct = default) =>
        hub.Clients.Group(Streams.Room(eventId)).SendAsync("room-changed", what, data, ct);

    public Task MessageAsync(long conversationId, long messageId, IEnumerable<long> memberIds, CancellationToken ct = default) =>
        hub.Clients.Groups([Streams.Conversation(conversationId), .. memberIds.Select(Streams.Member)]).SendAsync("message", conversationId, messageId, ct);
}
