using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Rounds.Bench;
using Rounds.Room.Bench;

// Live room benchmark: thousands of SignalR clients in one journal club's room, messages posted through the API at a steady rate, and
// the delay from just before each POST to the "room-message" at every client; beside the app's bare endpoint measured in the same run.
// See docs/benchmarks.md ("Live rooms") for the method and the latest figures.

var o = RoomOptions.Parse(args);
if (o is null) return 2;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// 2,000 connections' receive loops and callbacks share the pool with the poster: start with enough threads that none waits for injection.
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64);
var total = Stopwatch.StartNew();
Wrk.EnsureInstalled();
var work = Directory.CreateTempSubdirectory("rounds-room-bench-").FullName;
using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 256 })
{ Timeout = TimeSpan.FromSeconds(60) };
RedisServer? redis = null;
PostgresServer? postgres = null;
string? pgDatabase = null;
var pgServer = o.Pg;
var apps = new List<AppProcess>();
RoomClients? clients = null;
using var stopHeartbeats = new CancellationTokenSource();
Task heartbeats = Task.CompletedTask;
// Ctrl+C stops the measurement but still runs the clean-up below (apps, Redis, PostgreSQL).
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted.Cancel(); };

try
{
    Console.WriteLine($"Rounds live room benchmark: {o.Nodes} node(s) on {o.Db}, {o.Clients:N0} clients, {o.Rate} messages/s for {o.Duration.TotalSeconds:0} s per repetition, " +
                      $"{o.Reps} interleaved repetitions, heartbeats {(o.Heartbeats ? "on" : "off")}");
    Console.WriteLine($"App: {AppProcess.WebDll()}; open files limit of this process: {OpenFilesLimit()}");
    var notes = new List<string>();

    var settings = new Dictionary<string, string> { ["Rounds__Seed__Demo"] = "false" };
    string provider, connectionString;
    if (o.Db == "postgres")
    {
        // Each node's pool must hold one connection per WebSocket on it: the app keeps the connection its token check opened for the whole
        // request, and a hub connection is one request for its lifetime (finding 1 in docs/benchmarks.md). A shared server rarely allows that many.
        var pool = o.Clients / o.Nodes + 100;
        if (o.Pg == "auto")
        {
            postgres = await Step.Run($"starting a throwaway PostgreSQL (max_connections {pool * o.Nodes + 50:N0})", () => Task.FromResult(PostgresServer.Start(pool * o.Nodes + 50)));
            pgServer = postgres.ConnectionString;
            notes.Add($"PostgreSQL {postgres.Version} started for the run on 127.0.0.1:{postgres.Port} (fsync off, shared_buffers 128MB, max_connections {pool * o.Nodes + 50:N0}); " +
                      $"Npgsql pool of {pool:N0} per node.");
        }
        else notes.Add($"PostgreSQL: {o.Pg}; Npgsql pool of {pool:N0} per node.");
        pgDatabase = $"rounds_room_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pgServer) { Database = "postgres" }.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        provider = "Postgres";
        connectionString = new NpgsqlConnectionStringBuilder(pgServer) { Database = pgDatabase, MaxPoolSize = pool }.ConnectionString;
    }
    else
    {
        provider = "Sqlite";
        connectionString = $"Data Source={Path.Combine(work, "rounds.db")}";
    }
    settings["Rounds__Database__Provider"] = provider;
    settings["ConnectionStrings__Rounds"] = connectionString;
    if (o.Redis != "off" && (o.Nodes > 1 || o.Redis != "auto"))
    {
        if (o.Redis == "auto" && !File.Exists("/usr/bin/redis-server")) AptInstall("redis-server");
        redis = o.Redis == "auto" ? RedisServer.TryStart(work) : null;
        var address = redis?.Address ?? (o.Redis == "auto" ? null : o.Redis);
        if (address is null) throw new InvalidOperationException("Two nodes need Redis: install redis-server (apt-get install redis-server) or pass --redis host:port.");
        settings["Rounds__Redis"] = address;
        notes.Add($"Redis backplane {address} (redis-server {RedisVersion()}).");
    }

    // Node A migrates the empty database; members are written straight into it; the journal club is created through the API.
    var a = await Step.Run("starting node A (Release build) on an empty database", () => AppProcess.StartAsync(Node(settings, work, "A"), http));
    apps.Add(a);
    var members = await Step.Run($"writing {o.Clients + 1:N0} members with access tokens", () => Members.SeedAsync(provider, connectionString, o.Clients + 1));
    var host = members[0];
    var participants = members.Skip(1).ToList();
    var eventId = await Step.Run("creating a running journal club through POST /api/v1/events", () => CreateClubAsync(http, a.BaseAddress, host));
    if (o.Nodes > 1) apps.Add(await Step.Run("starting node B on the same database and Redis", () => AppProcess.StartAsync(Node(settings, work, "B"), http)));
    var nodes = apps.Select(x => x.BaseAddress).ToList();

    // Every message the run can post has a slot per client (sequence numbers start at 1 in a new room).
    var perRep = (int)Math.Ceiling(o.Rate * o.Duration.TotalSeconds);
    var maxSeq = o.WarmupMessages + o.Reps * perRep + 16;
    var connectWatch = Stopwatch.StartNew();
    clients = await Step.Run($"connecting {participants.Count:N0} SignalR clients (WebSockets, {o.ConnectConcurrency} at a time) and JoinRoom({eventId}, 0)",
        () => RoomClients.ConnectAsync(participants, nodes, eventId, maxSeq, o.ConnectConcurrency));
    var connectSeconds = connectWatch.Elapsed.TotalSeconds;
    Console.WriteLine($"  {clients.Count:N0} of {participants.Count:N0} joined; join p50 {Stats.Percentile(clients.JoinMs, 50):0} ms, p99 {Stats.Percentile(clients.JoinMs, 99):0} ms");
    foreach (var f in clients.Failures.Take(5)) Console.WriteLine($"    {f}");
    if (clients.Count == 0) throw new InvalidOperationException("No client could join the room.");
    if (o.Heartbeats) heartbeats = clients.HeartbeatsAsync(eventId, TimeSpan.FromSeconds(o.HeartbeatSeconds), stopHeartbeats.Token);

    var posters = participants.Take(Math.Min(o.Posters, participants.Count)).ToList();
    var room = new Room(http, a.BaseAddress, eventId, posters, clients, apps.Select(x => x.ProcessId).ToList());
    var wrk = new Wrk(work, o.Connections, o.Threads);
    var ping = wrk.Script("ping", "GET", ["/api/v1/ping"], []);

    // Enough messages for the app's posting path to be recompiled at full optimization (tiered JIT: 30 calls, then a background compile);
    // with 6 the first repetition measured partly unoptimized code (its p99 was 2–4 times the others').
    Console.WriteLine($"Warm-up: {o.WarmupMessages} messages, 3 s of ping");
    await wrk.RunAsync(a.BaseAddress, ping, TimeSpan.FromSeconds(3));
    await room.PostAsync(o.WarmupMessages, o.Rate, TimeSpan.FromSeconds(15));

    var reps = new List<Rep>();
    for (var rep = 1; rep <= o.Reps && !interrupted.IsCancellationRequested; rep++)
    {
        var ceiling = await wrk.RunAsync(a.BaseAddress, ping, o.PingDuration);
        await SettleAsync(http, a.BaseAddress);
        var bare = await BareRoundTripsAsync(http, nodes, perRep, o.Rate);
        var posted = await room.PostAsync(perRep, o.Rate, o.Wait);
        var r = new Rep(rep, ceiling, bare, posted, clients.NodeOf);
        reps.Add(r);
        Console.WriteLine($"  rep {rep}: {r}");
    }

    stopHeartbeats.Cancel();
    await heartbeats;
    var report = new RoomReport(o, notes, clients, connectSeconds, participants.Count, reps, total.Elapsed);
    var markdown = report.Markdown();
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (o.Out is not null)
    {
        await File.WriteAllTextAsync(o.Out, markdown);
        Console.WriteLine($"Written to {o.Out}");
    }
    foreach (var (app, i) in apps.Select((x, i) => (x, i)))
    {
        var lines = app.Output;
        // The app's own log (the last 2,000 lines), e.g. with Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information set
        // in the environment to count the SQL of a message and of a heartbeat.
        if (o.Log is not null) await File.WriteAllLinesAsync(Path.Combine(Directory.CreateDirectory(o.Log).FullName, $"node-{(char)('A' + i)}.log"), lines);
        var problems = Enumerable.Range(0, lines.Count).Where(j => lines[j].StartsWith("fail:", StringComparison.Ordinal)
            && !(j + 3 < lines.Count && lines[j + 3].Contains("__EFMigrationsHistory", StringComparison.Ordinal))).ToList(); // the first start's probe of an empty database
        if (problems.Count > 0)
            Console.WriteLine($"Node {(char)('A' + i)} logged {problems.Count} failures, the first:\n{string.Join('\n', lines.Skip(problems[0]).Take(8))}");
    }
    return 0;
}
finally
{
    stopHeartbeats.Cancel();
    try { await heartbeats; } catch (OperationCanceledException) { }
    if (clients is not null) await clients.DisposeAsync();
    foreach (var app in apps) await app.DisposeAsync();
    redis?.Stop();
    if (postgres is not null && !o.Keep) postgres.Stop();
    else if (pgDatabase is not null && !o.Keep)
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pgServer) { Database = "postgres" }.ConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
    if (!o.Keep) { try { Directory.Delete(work, recursive: true); } catch (IOException) { } }
    else Console.WriteLine($"Kept {work}{(pgDatabase is null ? "" : $" and database {pgDatabase} on {pgServer}")}");
}

static Dictionary<string, string> Node(Dictionary<string, string> settings, string work, string name) =>
    new(settings) { ["Rounds__DataDirectory"] = Directory.CreateDirectory(Path.Combine(work, "data-" + name)).FullName };

/// <summary>A journal club whose live window is running now (it started a minute ago, ends in three hours), members' audience, no questions.</summary>
static async Task<long> CreateClubAsync(HttpClient http, string baseAddress, BenchMember host)
{
    var now = DateTimeOffset.UtcNow;
    using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseAddress}/api/v1/events")
    {
        Content = JsonContent.Create(new
        {
            kind = "journal-club", title = "Treat-to-target in early arthritis", hashtag = "BenchJC", audience = "members", timeZone = "UTC",
            description = "We read the trial together, then discuss what it changes in clinic.",
            paper = "10.1136/annrheumdis-2023-224001", paperTitle = "Treat-to-target strategies in early arthritis: a randomised trial",
            sessions = new[] { new { title = "Live window", startsAt = now.AddMinutes(-1), endsAt = now.AddHours(3) } },
        }),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST /api/v1/events answered {(int)response.StatusCode}: {body}");
    return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
}

/// <summary>The bare endpoint at the message cadence: <paramref name="count"/> single GET /api/v1/ping, open loop, round trip of each (alternating nodes).</summary>
static async Task<List<double>> BareRoundTripsAsync(HttpClient http, IReadOnlyList<string> nodes, int count, double rate)
{
    var start = Stopwatch.GetTimestamp();
    var tasks = new List<Task<double>>(count);
    for (var i = 0; i < count; i++)
    {
        var due = start + (long)(i / rate * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < due) await Task.Delay(TimeSpan.FromTicks(Math.Max(1, (due - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        var node = nodes[i % nodes.Count];
        tasks.Add(Task.Run(async () =>
        {
            var t = Stopwatch.GetTimestamp();
            using var r = await http.GetAsync($"{node}/api/v1/ping");
            await r.Content.ReadAsByteArrayAsync();
            return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }));
    }
    return [.. await Task.WhenAll(tasks)];
}

/// <summary>Waits until three bare requests in a row answer within 5 ms (30 s at most), so wrk's leftovers do not land in the room figures.</summary>
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

static void AptInstall(string package)
{
    Console.WriteLine($"Installing {package} from Debian…");
    foreach (var args in new[] { new[] { "update", "-qq" }, new[] { "install", "-y", "-qq", package } })
    {
        using var p = Process.Start(new ProcessStartInfo("apt-get", args) { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } })!;
        p.WaitForExit();
    }
}

static string OpenFilesLimit()
{
    try { return File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?"; }
    catch (IOException) { return "?"; }
}

static string RedisVersion()
{
    try
    {
        using var p = Process.Start(new ProcessStartInfo("redis-server", "--version") { RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return System.Text.RegularExpressions.Regex.Match(text, @"v=([\d.]+)").Groups[1].Value;
    }
    catch (System.ComponentModel.Win32Exception) { return "?"; }
}

public sealed record RoomOptions(int Nodes, string Db, int Clients, double Rate, TimeSpan Duration, int Reps, int Posters, bool Heartbeats, int HeartbeatSeconds,
    int WarmupMessages, TimeSpan PingDuration, TimeSpan Wait, int Connections, int Threads, int ConnectConcurrency, string Pg, string Redis, bool Keep, string? Out, string? Log)
{
    public static RoomOptions? Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--keep") { keep = true; continue; }
            if (args[i] is "-h" or "--help" || !args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine("""
                    usage: dotnet run -c Release --project bench/Rounds.Room.Bench -- [--nodes 1|2] [--db sqlite|postgres] [--clients 2000]
                           [--rate 2] [--duration 15s] [--reps 5] [--posters 20] [--heartbeats on|off] [--heartbeat-seconds 30] [--warmup 40]
                           [--ping-duration 5s] [--wait 10s] [--connections 64] [--threads 2] [--connect-concurrency 32]
                           [--pg auto|"Host=…;Port=…;Username=…"] [--redis auto|off|host:port] [--out results.md] [--log dir] [--keep]
                    Two nodes need PostgreSQL and Redis (--db defaults to postgres for them). --pg auto (the default) starts a throwaway PostgreSQL
                    sized for the clients, and --redis auto a throwaway redis-server (both from Debian; installed with apt-get when missing).
                    """);
                return null;
            }
            map[args[i][2..]] = args[++i];
        }
        string Get(string k, string fallback) => map.TryGetValue(k, out var v) ? v : fallback;
        static TimeSpan Seconds(string s) => TimeSpan.FromSeconds(double.Parse(s.TrimEnd('s'), CultureInfo.InvariantCulture));
        var nodes = int.Parse(Get("nodes", "1"), CultureInfo.InvariantCulture);
        var db = Get("db", nodes > 1 ? "postgres" : "sqlite").ToLowerInvariant() switch { "postgres" or "postgresql" or "pg" => "postgres", _ => "sqlite" };
        if (nodes is < 1 or > 2 || (nodes > 1 && db != "postgres"))
        {
            Console.Error.WriteLine("--nodes is 1 or 2, and two nodes share one PostgreSQL database (--db postgres).");
            return null;
        }
        return new RoomOptions(nodes, db, int.Parse(Get("clients", "2000"), CultureInfo.InvariantCulture),
            double.Parse(Get("rate", "2"), CultureInfo.InvariantCulture), Seconds(Get("duration", "15s")), int.Parse(Get("reps", "5"), CultureInfo.InvariantCulture),
            int.Parse(Get("posters", "20"), CultureInfo.InvariantCulture), Get("heartbeats", "on") != "off", int.Parse(Get("heartbeat-seconds", "30"), CultureInfo.InvariantCulture),
            int.Parse(Get("warmup", "40"), CultureInfo.InvariantCulture), Seconds(Get("ping-duration", "5s")), Seconds(Get("wait", "10s")),
            int.Parse(Get("connections", "64"), CultureInfo.InvariantCulture), int.Parse(Get("threads", "2"), CultureInfo.InvariantCulture),
            int.Parse(Get("connect-concurrency", "32"), CultureInfo.InvariantCulture),
            Get("pg", Environment.GetEnvironmentVariable("ROUNDS_BENCH_PG") ?? "auto"), Get("redis", "auto"), keep,
            map.GetValueOrDefault("out"), map.GetValueOrDefault("log"));
    }
}
