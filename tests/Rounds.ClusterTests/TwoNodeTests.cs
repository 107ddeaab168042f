using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Rounds.ClusterTests;

/// <summary>
/// Two app processes on one PostgreSQL database and one Redis: live events cross nodes through the backplane,
/// and the persisted job queue runs each job once however many nodes poll it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TwoNodeTests(RoundsCluster cluster)
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan JobsTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_post_made_on_one_node_reaches_watchers_on_both_nodes_live_and_the_home_timeline_on_the_other()
    {
        var author = await cluster.MemberAsync("author");
        var follower = await cluster.MemberAsync("follower");
        var reader = await cluster.MemberAsync("reader");
        await cluster.FollowAsync(follower, author);
        var tag = "cluster" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

        // Watchers on both nodes: whichever node's worker delivers the post, one watcher of each stream sits on the other node.
        await using var homeOnB = await WatchAsync(cluster.B, follower, "home");
        await using var homeOnA = await WatchAsync(cluster.A, follower, "home");
        await using var tagOnB = await WatchAsync(cluster.B, reader, $"tag:{tag}");
        await using var tagOnA = await WatchAsync(cluster.A, reader, $"tag:{tag}");

        var postId = await cluster.PostAsync(cluster.A, author, $"Grand rounds tonight: sepsis bundles #{tag}");

        var ranOn = await WhoRanAsync(postId);
        foreach (var watcher in new[] { homeOnB, homeOnA, tagOnB, tagOnA })
            await watcher.ExpectAsync(postId, ranOn);

        var home = await cluster.HomeAsync(cluster.B, follower);
        Assert.Contains(postId, home);
    }

    [Fact]
    public async Task A_like_and_a_block_made_through_one_node_reach_the_other_nodes_pages_from_memory()
    {
        var author = await cluster.MemberAsync("author");
        var viewer = await cluster.MemberAsync("viewer");
        await cluster.FollowAsync(viewer, author);
        var first = await cluster.PostAsync(cluster.A, author, "Teaching round: reading an ECG in ten steps");
        var second = await cluster.PostAsync(cluster.A, author, "Teaching round, part two: axis");
        await UntilAsync(async () => (await cluster.HomeAsync(cluster.B, viewer)) is var ids && ids.Contains(first) && ids.Contains(second), "delivery");

        // Node B serves the page from memory now; the like and the block go through node A.
        string Home(string json, long id) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("id").GetInt64() == id).Select(i => i.GetProperty("liked").GetBoolean() ? "liked" : "shown").SingleOrDefault() ?? "hidden";
        var page = "/api/v1/timelines/home";
        Assert.Equal("shown", Home(await cluster.SendAsync(cluster.B, viewer, HttpMethod.Get, page), first));
        await cluster.SendAsync(cluster.A, viewer, HttpMethod.Post, $"/api/v1/posts/{first}/like");
        await UntilAsync(async () => Home(await cluster.SendAsync(cluster.B, viewer, HttpMethod.Get, page), first) == "liked", "the like on node B");

        await cluster.SendAsync(cluster.A, author, HttpMethod.Post, $"/api/v1/members/{viewer.Handle}/block");
        await UntilAsync(async () => await cluster.SendAsync(cluster.B, viewer, HttpMethod.Get, page) is var json
            && Home(json, first) == "hidden" && Home(json, second) == "hidden", "the block on node B");
        Assert.Equal(await cluster.SendAsync(cluster.A, viewer, HttpMethod.Get, page), await cluster.SendAsync(cluster.B, viewer, HttpMethod.Get, page));
    }

    /// <summary>Another node reads the change log every half second: what it serves follows within a few polls.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not seen within 15 s: {what}.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Jobs_enqueued_on_both_nodes_each_run_exactly_once_and_their_side_effects_happen_once()
    {
        const int posts = 200;
        var authors = new[] { await cluster.MemberAsync("writer"), await cluster.MemberAsync("writer") };
        var mentioned = await cluster.MemberAsync("mentioned");
        var follower = await cluster.MemberAsync("reader");
        foreach (var a in authors) await cluster.FollowAsync(follower, a);
        var before = await cluster.ScalarAsync<long>("""SELECT COALESCE(MAX("Id"), 0) FROM "Jobs" """);

        // Posting through both nodes wakes both workers at once, so the queue is genuinely contended.
        using var gate = new SemaphoreSlim(8);
        var ids = await Task.WhenAll(Enumerable.Range(0, posts).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var node = i % 2 == 0 ? cluster.A : cluster.B;
                return await cluster.PostAsync(node, authors[i % 2], $"Handover {i}: please review the overnight labs, @{mentioned.Handle}");
            }
            finally { gate.Release(); }
        }));
        Assert.Equal(posts, ids.Distinct().Count());

        var deadline = DateTime.UtcNow + JobsTimeout;
        while (true)
        {
            var open = await cluster.ScalarAsync<long>("""
                SELECT COUNT(*) FROM "Jobs" WHERE "Id" > $1 AND "Kind" = 'DeliverPostJob' AND "State" IN ('Pending', 'Running')
                """, before);
            if (open == 0) break;
            Assert.True(DateTime.UtcNow < deadline, $"{open} delivery jobs still open after {JobsTimeout.TotalSeconds:0} s.\nA:\n{cluster.A.Output}\nB:\n{cluster.B.Output}");
            await Task.Delay(200);
        }

        var jobs = new List<(string State, int Attempts, string? LockedBy)>();
        await using (var cmd = cluster.Db.CreateCommand("""SELECT "State", "Attempts", "LockedBy" FROM "Jobs" WHERE "Id" > $1 AND "Kind" = 'DeliverPostJob'"""))
        {
            cmd.Parameters.Add(new() { Value = before });
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                jobs.Add((reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        Assert.Equal(posts, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("Done", j.State));
        Assert.All(jobs, j => Assert.Equal(1, j.Attempts));
        var byNode = jobs.GroupBy(j => NodeOf(j.LockedBy)).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byNode.ContainsKey("A") && byNode.ContainsKey("B"),
            $"Both nodes' workers should have run jobs; ran: {string.Join(", ", byNode.Select(kv => $"{kv.Key}={kv.Value}"))}");

        // The side effects, once each: one mention notification and one home entry per post.
        var mentions = await cluster.ScalarAsync<long>("""SELECT COUNT(*) FROM "Notifications" WHERE "MemberId" = $1 AND "Kind" = 'Mention'""", mentioned.Id);
        var mentionedPosts = await cluster.ScalarAsync<long>("""SELECT COUNT(DISTINCT "PostId") FROM "Notifications" WHERE "MemberId" = $1 AND "Kind" = 'Mention'""", mentioned.Id);
        Assert.Equal(posts, mentions);
        Assert.Equal(posts, mentionedPosts);
        var homeRows = await cluster.ScalarAsync<long>("""SELECT COUNT(*) FROM "FeedEntries" WHERE "MemberId" = $1""", follower.Id);
        Assert.Equal(posts, homeRows);
    }

    /// <summary>Which node's worker a LockedBy value names ("machine:pid:nonce").</summary>
    private string NodeOf(string? lockedBy) =>
        lockedBy is null ? "nobody"
        : lockedBy.Contains($":{cluster.A.ProcessId}:", StringComparison.Ordinal) ? "A"
        : lockedBy.Contains($":{cluster.B.ProcessId}:", StringComparison.Ordinal) ? "B"
        : lockedBy;

    /// <summary>The node whose worker delivered the post, once it has (for failure messages).</summary>
    private async Task<string> WhoRanAsync(long postId)
    {
        var deadline = DateTime.UtcNow + LiveTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var cmd = cluster.Db.CreateCommand("""SELECT "LockedBy" FROM "Jobs" WHERE "Kind" = 'DeliverPostJob' AND "Payload" = $1 AND "State" = 'Done'""");
            cmd.Parameters.Add(new() { Value = $"{{\"PostId\":{postId}}}" });
            if (await cmd.ExecuteScalarAsync() is string lockedBy) return NodeOf(lockedBy);
            await Task.Delay(100);
        }
        return "no node (the delivery job did not finish)";
    }

    private static async Task<Watcher> WatchAsync(RoundsNode node, ClusterMember member, string stream)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{node.BaseAddress}/hubs/live", o => o.AccessTokenProvider = () => Task.FromResult<string?>(member.Token))
            .Build();
        var events = Channel.CreateUnbounded<long>();
        connection.On<long>("post", id => events.Writer.TryWrite(id));
        await connection.StartAsync();
        Assert.True(await connection.InvokeAsync<bool>("Watch", stream), $"{node.Name} refused to watch {stream}.");
        return new Watcher($"{stream} on {node.Name}", connection, events.Reader);
    }

    private sealed class Watcher(string name, HubConnection connection, ChannelReader<long> events) : IAsyncDisposable
    {
        public async Task ExpectAsync(long postId, string ranOn)
        {
            using var timeout = new CancellationTokenSource(LiveTimeout);
            try
            {
                while (await events.ReadAsync(timeout.Token) != postId) { }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The watcher of {name} got no 'post' event for {postId} within {LiveTimeout.TotalSeconds:0} s (delivered by node {ranOn}).");
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
