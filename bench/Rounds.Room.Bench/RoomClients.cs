using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Rounds.Room.Bench;

/// <summary>Only what the benchmark reads of a "room-message" (MessageView): its sequence number in the room.</summary>
public sealed record RoomMessage(long Seq);

/// <summary>
/// Many SignalR clients in one room, each a member with their own token, connected over WebSockets to one of the nodes as a browser's
/// room page is: connect, <c>JoinRoom(eventId, 0)</c>, then <c>Heartbeat(eventId)</c> every few seconds. Every client writes the
/// arrival time of each message (by its Seq) into its own row, so recording costs one array store and no lock.
/// </summary>
public sealed class RoomClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private long[][] _arrivals = [];
    private long _duplicates;
    private long _heartbeatFailures;
    private long _closed;

    public int Count => _connections.Count;
    public int[] NodeOf { get; private set; } = [];
    public List<double> JoinMs { get; } = [];
    public List<string> Failures { get; } = [];
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long HeartbeatFailures => Interlocked.Read(ref _heartbeatFailures);
    public long Closed => Interlocked.Read(ref _closed);

    /// <summary>Arrival timestamp (<see cref="Stopwatch.GetTimestamp"/>) of message <paramref name="seq"/> at client <paramref name="client"/>; 0 when it has not arrived.</summary>
    public long Arrival(int client, long seq) => Volatile.Read(ref _arrivals[client][seq]);

    public static async Task<RoomClients> ConnectAsync(IReadOnlyList<BenchMember> members, IReadOnlyList<string> nodes, long eventId, int maxSeq, int concurrency)
    {
        var clients = new RoomClients { _arrivals = new long[members.Count][], NodeOf = new int[members.Count] };
        var slots = new HubConnection?[members.Count];
        var joinMs = new double[members.Count];
        using var gate = new SemaphoreSlim(concurrency);
        var done = 0;
        var progress = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, members.Count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                clients._arrivals[i] = new long[maxSeq + 1];
                var node = i % nodes.Count;
                clients.NodeOf[i] = node;
                var token = members[i].Token;
                var connection = new HubConnectionBuilder()
                    .WithUrl($"{nodes[node]}/hubs/live", o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .Build();
                connection.ServerTimeout = TimeSpan.FromMinutes(2);
                connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
                var row = clients._arrivals[i];
                connection.On<RoomMessage>("room-message", m =>
                {
                    var now = Stopwatch.GetTimestamp();
                    if (m.Seq <= 0 || m.Seq >= row.Length) return;
                    if (Interlocked.CompareExchange(ref row[m.Seq], now, 0) != 0) Interlocked.Increment(ref clients._duplicates);
                });
                connection.Closed += _ => { Interlocked.Increment(ref clients._closed); return Task.CompletedTask; };
                var sw = Stopwatch.StartNew();
                await connection.StartAsync();
                await connection.InvokeAsync<JsonElement>("JoinRoom", eventId, 0L);
                joinMs[i] = sw.Elapsed.TotalMilliseconds;
                slots[i] = connection;
            }
            catch (Exception e)
            {
                lock (clients.Failures) clients.Failures.Add($"client {i}: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                gate.Release();
                var n = Interlocked.Increment(ref done);
                if (n % 250 == 0) Console.WriteLine($"    {n}/{members.Count} clients connected and joined ({progress.Elapsed.TotalSeconds:0} s)");
            }
        }));
        // Keep only the clients that joined, in order; their rows stay where they are.
        var kept = Enumerable.Range(0, members.Count).Where(i => slots[i] is not null).ToList();
        clients._arrivals = kept.Select(i => clients._arrivals[i]).ToArray();
        clients.NodeOf = kept.Select(i => clients.NodeOf[i]).ToArray();
        clients._connections.AddRange(kept.Select(i => slots[i]!));
        clients.JoinMs.AddRange(kept.Select(i => joinMs[i]));
        return clients;
    }

    /// <summary>
    /// Every client says "still here" once per <paramref name="every"/>, spread evenly over the interval (as pages opened at different
    /// moments do), until <paramref name="stop"/>.
    /// </summary>
    public async Task HeartbeatsAsync(long eventId, TimeSpan every, CancellationToken stop)
    {
        if (_connections.Count == 0) return;
        var tick = TimeSpan.FromMilliseconds(100);
        var perTick = _connections.Count * tick.TotalMilliseconds / every.TotalMilliseconds;
        var owed = 0.0;
        var next = 0;
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                owed += perTick;
                for (; owed >= 1; owed--)
                {
                    var c = _connections[next];
                    next = (next + 1) % _connections.Count;
                    if (c.State != HubConnectionState.Connected) continue;
                    _ = c.InvokeAsync("Heartbeat", eventId, stop).ContinueWith(t => { if (t.IsFaulted) Interlocked.Increment(ref _heartbeatFailures); },
                        TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(_connections.Select(async c =>
        {
            await gate.WaitAsync();
            try { await c.DisposeAsync(); } catch (Exception) { } finally { gate.Release(); }
        }));
    }
}
