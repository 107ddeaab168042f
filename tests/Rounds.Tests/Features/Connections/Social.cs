using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;

namespace Rounds.Tests.Features.Connections;

/// <summary>Round trips the social tests share: posting, reading home, running the hourly jobs.</summary>
public static class Social
{
    public static async Task<PostView> PostAsync(this RoundsApp app, TestMember author, string text, string? audience = null,
        long? inReplyToId = null, long? quoteOfId = null) =>
        await (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text, audience, inReplyToId, quoteOfId })).ReadAsync<PostView>(HttpStatusCode.Created);

    public static async Task<List<long>> HomeAsync(this RoundsApp app, TestMember member, int limit = 40) =>
        (await app.As(member).GetFromJsonAsync<TimelinePage>($"/api/v1/timelines/home?limit={limit}"))!.Items.Select(p => p.Id).ToList();

    /// <summary>The rows fan-out and backfill wrote, whatever the read-time audience check would show.</summary>
    public static Task<List<long>> FeedRowsAsync(this RoundsApp app, TestMember member) =>
        app.WithDbAsync(db => db.FeedEntries.Where(f => f.MemberId == member.Id).OrderByDescending(f => f.PostId).Select(f => f.PostId).ToListAsync());

    /// <summary>
    /// Moves the clock past the hour so the hourly jobs are due, and waits for them. The worker schedules recurring jobs when
    /// it starts, so the test first waits for that (moving the clock earlier would schedule them an hour after the move).
    /// </summary>
    public static async Task RunHourlyJobsAsync(this RoundsApp app, TimeSpan? advance = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == "SendDigestsJob"))
            || !await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == "TrimFeedsJob")))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The recurring jobs were never scheduled.");
            await Task.Delay(25);
        }
        await app.SettleAsync();
        app.Clock.Advance(advance ?? TimeSpan.FromMinutes(61));
        await app.SettleAsync();
    }

    /// <summary>A SignalR connection to the live hub as this member, recording every event it receives.</summary>
    public static async Task<LiveEvents> ConnectLiveAsync(this RoundsApp app, TestMember member)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.Transports = HttpTransportType.LongPolling; // the test server speaks HTTP only
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(member.Token);
            })
            .Build();
        var events = new LiveEvents(connection);
        connection.On<long, long>("message", (conversation, message) => events.Add($"message:{conversation}:{message}"));
        connection.On<int>("notification", unread => events.Add($"notification:{unread}"));
        await connection.StartAsync();
        return events;
    }
}

public sealed class LiveEvents(HubConnection connection) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _events = new();

    public void Add(string e) => _events.Enqueue(e);

    public async Task<bool> WaitForAsync(string e, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (_events.Contains(e)) return true;
            await Task.Delay(25);
        }
        return false;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
