using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>A live-hub connection as this member (or anonymous), recording room messages and room changes; not yet in a room.</summary>
    public async Task<RoomClient> RoomClient(TestMember? member)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.Transports = HttpTransportType.LongPolling; // the test server speaks HTTP only
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                if (member is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(member.Token);
            })
            .Build();
        var client = new RoomClient(connection);
        await connection.StartAsync();
        return client;
    }
}

/// <summary>
/// What a room page does, in C#: joins with the last number it has, keeps one message per sequence number, and records every
/// delivery (so a test sees duplicates the client would drop) and every "room-changed".
/// </summary>
public sealed class RoomClient : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public ConcurrentQueue<MessageView> Delivered { get; } = new();
    public ConcurrentQueue<(string What, string? Data)> Changes { get; } = new();
    private readonly ConcurrentDictionary<long, MessageView> _kept = new();

    public RoomClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<MessageView>("room-message", m => { Delivered.Enqueue(m); _kept.TryAdd(m.Seq, m); });
        connection.On<string, JsonElement?>("room-changed", (what, data) => Changes.Enqueue((what, data?.ToString())));
    }

    /// <summary>The messages this client shows: one per sequence number, in order.</summary>
    public IReadOnlyList<MessageView> Kept => _kept.Values.OrderBy(m => m.Seq).ToList();

    public long LastSeq => _kept.IsEmpty ? 0 : _kept.Keys.Max();

    public async Task<RoomSnapshot> JoinAsync(long eventId, long afterSeq = 0)
    {
        var snapshot = await Connection.InvokeAsync<RoomSnapshot>("JoinRoom", eventId, afterSeq);
        foreach (var m in snapshot.Messages) _kept.TryAdd(m.Seq, m);
        return snapshot;
    }

    public Task HeartbeatAsync(long eventId) => Connection.InvokeAsync("Heartbeat", eventId);

    public async Task<bool> WaitForAsync(Func<RoomClient, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (condition(this)) return true;
            await Task.Delay(25);
        }
        return condition(this);
    }

    public Task<bool> WaitForSeqAsync(long seq, TimeSpan? timeout = null) => WaitForAsync(c => c._kept.ContainsKey(seq), timeout);

    public Task<bool> WaitForChangeAsync(string what, string? data = null, TimeSpan? timeout = null) =>
        WaitForAsync(c => c.Changes.Any(x => x.What == what && (data is null || x.Data == data)), timeout);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
