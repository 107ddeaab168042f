using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rounds.Bench;

namespace Rounds.Room.Bench;

/// <summary>One message posted: when the POST left (<see cref="Stopwatch.GetTimestamp"/>), its room number, the author's wait and answer.</summary>
public sealed record Posted(long Start, long Seq, double AnswerMs, int Status, string? Error);

/// <summary>What one burst of messages did: the posts and, for every message and every client, the delay to its arrival.</summary>
/// <remarks><see cref="FirstMs"/>/<see cref="LastMs"/>: per message, the delay to the first and to the last client that got it (the publish, then the fan-out's spread).
/// <see cref="AppCpuMs"/>/<see cref="ClientCpuMs"/>: CPU time the app's processes and this one (the clients) used from the first POST to the last arrival.</remarks>
public sealed record Burst(List<Posted> Posts, List<double>[] DelaysByNode, long Expected, long Missing, double WaitedMs, List<double> FirstMs, List<double> LastMs,
    double AppCpuMs, double ClientCpuMs)
{
    public IEnumerable<double> Delays => DelaysByNode.SelectMany(d => d);
    public int Failed => Posts.Count(p => p.Status != 201);
}

/// <summary>Posts messages into the room through the API at a steady rate (open loop: a slow answer does not delay the next message).</summary>
public sealed class Room(HttpClient http, string baseAddress, long eventId, IReadOnlyList<BenchMember> posters, RoomClients clients, IReadOnlyList<int> appPids)
{
    // Clinical discussion without names or identifiers, so the privacy guard lets every message through.
    private static readonly string[] Texts =
    [
        "Was the primary outcome clinically meaningful, or only statistically? #BenchJC",
        "Tight control early seems to matter more than the choice of first drug. #BenchJC",
        "How many in the treat-to-target arm needed a biologic by month twelve? #BenchJC",
        "Our clinic reviews disease activity every six weeks; this supports it. #BenchJC",
        "The open-label design worries me for the patient-reported outcomes. #BenchJC",
        "Would this change practice where access to ultrasound is limited? #BenchJC",
        "Glucocorticoid bridging differed between arms, which muddies things. #BenchJC",
        "Remission at one year is good, but what about radiographic progression? #BenchJC",
    ];

    private int _next;

    public async Task<Burst> PostAsync(int count, double rate, TimeSpan wait)
    {
        var (appCpu, clientCpu) = (Cpu.Of(appPids), Cpu.Self());
        var start = Stopwatch.GetTimestamp();
        var tasks = new List<Task<Posted>>(count);
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i / rate * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < due) await Task.Delay(TimeSpan.FromTicks(Math.Max(1, (due - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
            var n = _next++;
            tasks.Add(Task.Run(() => SendAsync(posters[n % posters.Count], Texts[n % Texts.Length])));
        }
        var posts = (await Task.WhenAll(tasks)).ToList();

        // Wait for every client to have every message, or until `wait` has passed since the last answer.
        var ok = posts.Where(p => p.Status == 201).ToList();
        var expected = (long)ok.Count * clients.Count;
        var waitWatch = Stopwatch.StartNew();
        long arrived;
        while ((arrived = Count(ok)) < expected && waitWatch.Elapsed < wait) await Task.Delay(20);
        var waited = waitWatch.Elapsed.TotalMilliseconds;
        (appCpu, clientCpu) = (Cpu.Of(appPids) - appCpu, Cpu.Self() - clientCpu);

        var byNode = Enumerable.Range(0, clients.NodeOf.Length == 0 ? 1 : clients.NodeOf.Max() + 1).Select(_ => new List<double>()).ToArray();
        List<double> first = [], last = [];
        foreach (var p in ok)
        {
            var (lo, hi) = (double.MaxValue, double.MinValue);
            for (var c = 0; c < clients.Count; c++)
                if (clients.Arrival(c, p.Seq) is var t and > 0)
                {
                    var ms = Math.Max(0, (t - p.Start) * 1000.0 / Stopwatch.Frequency);
                    byNode[clients.NodeOf[c]].Add(ms);
                    (lo, hi) = (Math.Min(lo, ms), Math.Max(hi, ms));
                }
            if (hi >= 0) { first.Add(lo); last.Add(hi); }
        }
        return new Burst(posts, byNode, expected, expected - arrived, waited, first, last, appCpu, clientCpu);
    }

    private long Count(List<Posted> posts)
    {
        long n = 0;
        foreach (var p in posts)
            for (var c = 0; c < clients.Count; c++)
                if (clients.Arrival(c, p.Seq) > 0) n++;
        return n;
    }

    private async Task<Posted> SendAsync(BenchMember author, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseAddress}/api/v1/events/{eventId}/messages") { Content = JsonContent.Create(new { text }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", author.Token);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if ((int)response.StatusCode != 201) return new Posted(start, 0, ms, (int)response.StatusCode, body.Length > 300 ? body[..300] : body);
            return new Posted(start, JsonDocument.Parse(body).RootElement.GetProperty("seq").GetInt64(), ms, 201, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Posted(start, 0, Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0, e.Message);
        }
    }
}

/// <summary>One interleaved repetition: the bare endpoint's ceiling (wrk) and round trips at the message cadence, then a burst of messages.</summary>
public sealed record Rep(int Number, WrkResult Ceiling, List<double> Bare, Burst Burst, int[] NodeOf)
{
    public double P(int p) => Stats.Percentile(Burst.Delays, p);
    public double BareP(int p) => Stats.Percentile(Bare, p);

    public override string ToString() =>
        $"ping {Ceiling.RequestsPerSecond:0} req/s, bare round trip p50 {BareP(50):0.0} p99 {BareP(99):0.0} ms; {Burst.Posts.Count} messages ({Burst.Failed} failed), " +
        $"POST p50 {Stats.Percentile(Burst.Posts.Select(p => p.AnswerMs), 50):0} ms; deliveries {Burst.Delays.Count():N0}, missing {Burst.Missing:N0}: " +
        $"p50 {P(50):0} p95 {P(95):0} p99 {P(99):0} max {Stats.Percentile(Burst.Delays, 100):0} ms";
}

/// <summary>CPU time (user + system, ms) of processes, from /proc.</summary>
public static class Cpu
{
    private static readonly double MsPerTick = 1000.0 / 100; // USER_HZ is 100 on Linux

    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    public static double Of(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * MsPerTick;
        }
        catch (IOException) { return 0; }
    });
}

public static class Stats
{
    /// <summary>Nearest-rank percentile (100 = the maximum); NaN for no samples.</summary>
    public static double Percentile(IEnumerable<double> xs, double p)
    {
        var a = xs.ToArray();
        if (a.Length == 0) return double.NaN;
        Array.Sort(a);
        var rank = (int)Math.Ceiling(p / 100 * a.Length);
        return a[Math.Clamp(rank - 1, 0, a.Length - 1)];
    }

    public static double Median(IEnumerable<double> xs) => Percentile(xs, 50);
}
