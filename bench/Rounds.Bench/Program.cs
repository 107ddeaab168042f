using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Rounds.Bench;

// Load benchmark of the timelines and posting against a bare endpoint of the same app, measured in the same run.
// See docs/benchmarks.md for the method and the latest figures.

var o = BenchOptions.Parse(args);
const int PostWriters = 4, PostsPerSecond = 100;
// Jobs left to run other than the recurring ones: the fan-out backlog.
const string PendingJobs = """SELECT COUNT(*) FROM "Jobs" WHERE "State" IN ('Pending', 'Running') AND "UniqueKey" IS NULL""";
if (o is null) return 2;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var total = Stopwatch.StartNew();
Wrk.EnsureInstalled();
var work = Directory.CreateTempSubdirectory("rounds-bench-").FullName;
var report = new Report(o);
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
RedisServer? redis = null;
string? pgDatabase = null;

try
{
    Console.WriteLine($"Rounds benchmark: {o.Db}, {o.Members:N0} members, {o.SmallPosts:N0} then {o.Posts:N0} posts, {o.Reps} interleaved repetitions of {o.Duration.TotalSeconds:0} s, " +
                      $"{o.Connections} connections, {o.Threads} wrk threads");
    Console.WriteLine($"App: {AppProcess.WebDll()}");

    var d = await Step.Run("generating the data set in memory", () => Task.FromResult(new Dataset(o.Members, o.Posts)));
    var (readers, posters, cold) = d.Clients(1000);
    d.MarkCold(cold);
    report.Data(d);

    // A fresh database; the app creates the schema with its own migrations.
    // Trimming every minute so the bound on home timelines shows within one run (the default is hourly).
    var settings = new Dictionary<string, string> { ["Rounds__Seed__Demo"] = "false", ["Rounds__DataDirectory"] = Path.Combine(work, "data"), ["Rounds__Timelines__TrimMinutes"] = "1" };
    IStore store;
    if (o.Db == "postgres")
    {
        pgDatabase = $"rounds_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(o.Pg) { Database = "postgres" }.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(o.Pg) { Database = pgDatabase, MaxPoolSize = 100 }.ConnectionString;
        settings["Rounds__Database__Provider"] = "Postgres";
        settings["ConnectionStrings__Rounds"] = cs;
        if (o.Redis != "off")
        {
            redis = o.Redis == "auto" ? RedisServer.TryStart(work) : null;
            var address = redis?.Address ?? (o.Redis == "auto" ? null : o.Redis);
            if (address is not null) settings["Rounds__Redis"] = address;
            report.Note(address is null ? "Redis: not available (redis-server missing), SignalR without backplane." : $"Redis backplane: {address}.");
        }
        store = new PostgresStore(cs);
    }
    else
    {
        var file = Path.Combine(work, "rounds.db");
        settings["Rounds__Database__Provider"] = "Sqlite";
        settings["ConnectionStrings__Rounds"] = $"Data Source={file}";
        store = new SqliteStore(file);
    }
    await using var _ = store;

    await Step.Run("starting the app on an empty database (migrations)", async () => { await using var app = await AppProcess.StartAsync(settings, http); });
    await Step.Run($"seeding {d.Members:N0} members, tokens and {d.Followees.Sum(f => (long)f.Length):N0} follows", () => store.SeedMembersAsync(d));
    await Step.Run($"seeding posts 1..{o.SmallPosts:N0}", () => store.SeedPostsAsync(d, 1, o.SmallPosts));
    var homes = await Step.Run("writing home timelines (fan-out on write, newest 800 per member)", () => store.RebuildHomesAsync(d, o.SmallPosts));
    report.Homes(o.SmallPosts, homes);

    var port = AppProcess.FreePort();
    var wrk = new Wrk(work, o.Connections, o.Threads);
    // Posting is also measured with a few writers at once: a closed loop of 64 writers on two cores measures the queue
    // (latency = writers / throughput), not what an author waits for.
    var fewWriters = new Wrk(work, PostWriters, Math.Min(o.Threads, PostWriters));
    var posterTokens = posters.Select(m => d.Secrets[m]).ToList();
    var postBodies = Enumerable.Range(0, 50).Select(i => JsonSerializer.Serialize(new { text = $"Bench note {i}: {d.Post(i + 1).Text}", audience = "public" })).ToList();
    var scripts = new Dictionary<string, string>
    {
        ["ping"] = wrk.Script("ping", "GET", ["/api/v1/ping"], []),
        ["home"] = wrk.Script("home", "GET", ["/api/v1/timelines/home?limit=20"], readers.Select(m => d.Secrets[m]).ToList()),
        ["tag"] = wrk.Script("tag", "GET", d.TopTags(10).Select(t => $"/api/v1/timelines/tags/{t}?limit=20").ToList(), readers.Select(m => d.Secrets[m]).ToList()),
        ["home-cold"] = wrk.Script("home-cold", "GET", ["/api/v1/timelines/home?limit=20"], cold.Select(m => d.Secrets[m]).ToList()),
        ["post"] = wrk.Script("post", "POST", ["/api/v1/posts"], posterTokens, postBodies),
    };

    async Task<Dictionary<string, List<WrkResult>>> MeasureAsync(string phase, string[] endpoints)
    {
        await using var app = await AppProcess.StartAsync(settings, http, port);
        Console.WriteLine($"  warming up ({string.Join(", ", endpoints)})");
        foreach (var e in endpoints.Where(e => e is not ("post" or "post-few" or "post-paced" or "home-cold")))
        {
            await wrk.RunAsync(app.BaseAddress, scripts[e], TimeSpan.FromSeconds(3));
            await SettleAsync(http, app.BaseAddress);
        }
        var results = endpoints.ToDictionary(e => e, _ => new List<WrkResult>());
        for (var rep = 1; rep <= o.Reps; rep++)
        {
            foreach (var e in endpoints)
            {
                var r = e == "post-paced"
                    ? await Paced.RunAsync(app.BaseAddress, posterTokens, postBodies, PostsPerSecond, o.Duration)
                    : await (e == "post-few" ? fewWriters : wrk).RunAsync(app.BaseAddress, scripts[e == "post-few" ? "post" : e], o.Duration);
                results[e].Add(r);
                Console.WriteLine($"  [{phase}] rep {rep} {e,-9} {r}");
                if (e is "post" or "post-few" or "post-paced") await DrainAsync(store, report);
                await SettleAsync(http, app.BaseAddress);
            }
        }
        return results;
    }

    Console.WriteLine($"Phase 1: {o.SmallPosts:N0} posts");
    var small = await MeasureAsync($"{o.SmallPosts / 1000}k", ["ping", "home", "tag"]);
    report.Phase(o.SmallPosts, small);

    Console.WriteLine($"Growing to {o.Posts:N0} posts");
    await Step.Run($"seeding posts {o.SmallPosts + 1:N0}..{o.Posts:N0}", () => store.SeedPostsAsync(d, o.SmallPosts + 1, o.Posts));
    homes = await Step.Run("rewriting home timelines", () => store.RebuildHomesAsync(d, o.Posts));
    report.Homes(o.Posts, homes);

    Console.WriteLine($"Phase 2: {o.Posts:N0} posts");
    var large = await MeasureAsync($"{o.Posts / 1000}k", ["ping", "home", "tag", "post", "post-few", "post-paced", "home-cold"]);
    report.Phase(o.Posts, large);

    // Fan-out: a post by the 5,000-follower and the 50,000-follower account, from the POST until every follower has it.
    await using (var app = await AppProcess.StartAsync(settings, http, port))
    {
        // A fresh process: one post by an ordinary member first, so JIT and connection warm-up are not in the samples.
        await wrk.RunAsync(app.BaseAddress, scripts["post"], TimeSpan.FromSeconds(2));
        await SettleAsync(http, app.BaseAddress);
        foreach (var account in new[] { Dataset.FiveThousandAccount, Dataset.BigAccount })
        {
            var followers = d.FollowerCount[account];
            for (var i = 0; i < 3; i++)
            {
                await DrainAsync(store, null);
                var sw = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseAddress}/api/v1/posts")
                {
                    Content = JsonContent.Create(new { text = $"Announcement {i} from account {account}: new #MedEd curriculum online", audience = "public" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Secrets[account]);
                using var response = await http.SendAsync(request);
                var postMs = sw.Elapsed.TotalMilliseconds;
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST as account {account} answered {(int)response.StatusCode}: {body}");
                var postId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
                // Home rows have no post index: the followers' rows are looked up by their keys, 50,000 probes, too heavy to repeat every
                // 10 ms beside the fan-out it measures (it slowed it). The cheap test first: no fan-out job left (nothing else runs now).
                long delivered = 0;
                while (sw.Elapsed < TimeSpan.FromSeconds(120))
                {
                    if (await store.CountAsync(PendingJobs) == 0
                        && (delivered = await store.CountAsync($"""
                            SELECT COUNT(*) FROM "Follows" AS fo JOIN "FeedEntries" AS f ON f."MemberId" = fo."FollowerId" AND f."PostId" = {postId}
                            WHERE fo."FolloweeId" = {account}
                            """)) >= followers)
                        break;
                    await Task.Delay(10);
                }
                var allMs = sw.Elapsed.TotalMilliseconds;
                Console.WriteLine($"  account with {followers:N0} followers: POST answered in {postMs:0.0} ms, on {delivered:N0}/{followers:N0} home timelines after {allMs:0} ms");
                report.FanOut(followers, postMs, allMs, delivered);
            }
        }

        // The bound, with the app still running (it trims every minute here, Rounds__Timelines__TrimMinutes=1): wait for a trimming pass
        // that started after the last post — the second to finish after it — then count. A pass over 40 M rows takes minutes on this box.
        var lastPost = DateTime.UtcNow;
        var trimWait = Stopwatch.StartNew();
        async Task<bool> TrimFinishedSince(DateTime t) => await store.CountAsync(
            $"""SELECT COUNT(*) FROM "Jobs" WHERE "Kind" = 'TrimFeedsJob' AND "FinishedAt" > '{t:yyyy-MM-dd HH:mm:ss.ffffff}'""") > 0;
        DateTime? firstPass = null;
        var trimmed = false;
        while (trimWait.Elapsed < TimeSpan.FromMinutes(15))
        {
            if (firstPass is null) { if (await TrimFinishedSince(lastPost)) firstPass = DateTime.UtcNow; }
            else if (await TrimFinishedSince(firstPass.Value)) { trimmed = true; break; }
            await Task.Delay(2000);
        }
        Console.WriteLine($"  trimming pass after the last post {(trimmed ? "finished" : "not finished")} after {trimWait.Elapsed.TotalSeconds:0} s");
        var over = await store.CountAsync($"""SELECT COUNT(*) FROM (SELECT "MemberId" FROM "FeedEntries" GROUP BY "MemberId" HAVING COUNT(*) > {Dataset.HomeCapacity}) AS x""");
        var maxHome = await Step.Run("largest home timeline after a trimming pass", () => store.CountAsync(
            """SELECT COALESCE(MAX(c), 0) FROM (SELECT COUNT(*) AS c FROM "FeedEntries" GROUP BY "MemberId") AS x"""));
        report.Bound(maxHome, over, trimmed, trimWait.Elapsed);
    }

    // Where a timeline read's time goes: the app again with EF Core's command log, a few sequential requests.
    settings["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
    await using (var app = await AppProcess.StartAsync(settings, http, port))
    {
        foreach (var (name, path) in new[] { ("home", "/api/v1/timelines/home?limit=20"), ("tag", $"/api/v1/timelines/tags/{d.TopTags(1)[0]}?limit=20") })
        {
            var samples = new List<(int Queries, double DbMs, double TotalMs)>();
            for (var i = 0; i < 12; i++)
            {
                var before = app.Output.Count;
                using var request = new HttpRequestMessage(HttpMethod.Get, app.BaseAddress + path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Secrets[readers[i]]);
                var sw = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var ms = sw.Elapsed.TotalMilliseconds;
                await Task.Delay(100); // let the log lines arrive
                var lines = app.Output.Skip(before).Select(l => Regex.Match(l, @"Executed DbCommand \((\d+)ms\)")).Where(m => m.Success).ToList();
                if (i >= 2) samples.Add((lines.Count, lines.Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)), ms));
            }
            report.Profile(name, samples);
            Console.WriteLine($"  {name}: {samples.Average(s => s.Queries):0.0} SQL commands per request, {samples.Average(s => s.DbMs):0.0} ms in them (EF rounds to ms), {samples.Average(s => s.TotalMs):0.0} ms per request");
        }
        var log = Path.Combine(work, "ef-commands.log");
        await File.WriteAllLinesAsync(log, app.Output);
        Console.WriteLine($"  EF command log: {log}");
    }

    Console.WriteLine();
    var markdown = report.Markdown(total.Elapsed);
    Console.WriteLine(markdown);
    if (o.Out is not null)
    {
        await File.WriteAllTextAsync(o.Out, markdown);
        Console.WriteLine($"Written to {o.Out}");
    }
    return 0;
}
finally
{
    redis?.Stop();
    if (pgDatabase is not null && !o.Keep)
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(o.Pg) { Database = "postgres" }.ConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
    if (!o.Keep) { try { Directory.Delete(work, recursive: true); } catch (IOException) { } }
    else Console.WriteLine($"Kept {work}{(pgDatabase is null ? "" : $" and database {pgDatabase}")}");
}

/// <summary>Waits until the job queue is empty (fan-out of the posts just made), so the next measurement starts quiet.</summary>
static async Task DrainAsync(IStore store, Report? report)
{
    var sw = Stopwatch.StartNew();
    while (await store.CountAsync(PendingJobs) > 0
           && sw.Elapsed < TimeSpan.FromMinutes(5))
        await Task.Delay(100);
    report?.Drain(sw.Elapsed);
}

/// <summary>
/// Waits until requests left over from the last run (wrk gives up on them at its timeout, the app does not) have finished:
/// three bare requests in a row answered within 5 ms, or 30 s at most.
/// </summary>
static async Task SettleAsync(HttpClient http, string baseAddress)
{
    var sw = Stopwatch.StartNew();
    var quick = 0;
    while (quick < 3 && sw.Elapsed < TimeSpan.FromSeconds(30))
    {
        var t = Stopwatch.StartNew();
        try { using var r = await http.GetAsync($"{baseAddress}/api/v1/ping"); } catch (HttpRequestException) { }
        quick = t.Elapsed.TotalMilliseconds < 5 ? quick + 1 : 0;
        await Task.Delay(quick == 0 ? 200 : 20);
    }
}

public sealed record BenchOptions(string Db, int Members, int Posts, int SmallPosts, int Reps, TimeSpan Duration, int Connections, int Threads,
    string Pg, string Redis, bool Keep, string? Out)
{
    public static BenchOptions? Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--keep") { keep = true; continue; }
            if (args[i] is "-h" or "--help" || !args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine("""
                    usage: dotnet run -c Release --project bench/Rounds.Bench -- --db sqlite|postgres [--members 60000] [--posts 1000000]
                           [--small-posts posts/10] [--reps 5] [--duration 10s] [--connections 64] [--threads 2]
                           [--pg "Host=127.0.0.1;Port=54329;Username=postgres"] [--redis auto|off|host:port] [--out results.md] [--keep]
                    """);
                return null;
            }
            map[args[i][2..]] = args[++i];
        }
        string Get(string k, string fallback) => map.TryGetValue(k, out var v) ? v : fallback;
        var posts = int.Parse(Get("posts", "1000000").Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture);
        var duration = Get("duration", "10s");
        return new BenchOptions(
            Get("db", "sqlite").ToLowerInvariant() switch { "postgres" or "postgresql" or "pg" => "postgres", _ => "sqlite" },
            int.Parse(Get("members", "60000"), CultureInfo.InvariantCulture), posts,
            int.Parse(Get("small-posts", (posts / 10).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            int.Parse(Get("reps", "5"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(duration.TrimEnd('s'), CultureInfo.InvariantCulture)),
            int.Parse(Get("connections", "64"), CultureInfo.InvariantCulture), int.Parse(Get("threads", "2"), CultureInfo.InvariantCulture),
            Get("pg", Environment.GetEnvironmentVariable("ROUNDS_BENCH_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres"),
            Get("redis", "auto"), keep, map.GetValueOrDefault("out"));
    }
}
