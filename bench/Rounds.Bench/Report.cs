using System.Text;

namespace Rounds.Bench;

/// <summary>Collects the run's figures and prints them as Markdown: medians, ratios to the bare endpoint, and the targets.</summary>
public sealed class Report(BenchOptions o)
{
    private readonly List<string> _notes = [];
    private readonly Dictionary<int, Dictionary<string, List<WrkResult>>> _phases = [];
    private readonly Dictionary<int, long> _homes = [];
    private readonly List<(int Followers, double PostMs, double AllMs, long Delivered)> _fanOut = [];
    private readonly List<TimeSpan> _drains = [];
    private readonly Dictionary<string, List<(int Queries, double DbMs, double TotalMs)>> _profile = [];
    private Dataset? _d;
    private (long Max, long Over, bool TrimJob, TimeSpan Waited)? _bound;

    public void Note(string s) => _notes.Add(s);
    public void Data(Dataset d) => _d = d;
    public void Homes(int posts, long rows) => _homes[posts] = rows;
    public void Phase(int posts, Dictionary<string, List<WrkResult>> results) => _phases[posts] = results;
    public void FanOut(int followers, double postMs, double allMs, long delivered) => _fanOut.Add((followers, postMs, allMs, delivered));
    public void Drain(TimeSpan t) => _drains.Add(t);
    public void Bound(long max, long over, bool trimJob, TimeSpan waited) => _bound = (max, over, trimJob, waited);
    public void Profile(string name, List<(int, double, double)> samples) => _profile[name] = samples;

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (a.Length == 0) return double.NaN;
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    /// <summary>Median over repetitions of (endpoint throughput / ping throughput of the same repetition).</summary>
    private static double Ratio(Dictionary<string, List<WrkResult>> r, string e) =>
        Median(r[e].Zip(r["ping"], (x, p) => x.RequestsPerSecond / p.RequestsPerSecond));

    private static string Pct(double x) => double.IsNaN(x) ? "–" : $"{x * 100:0.0}%";
    private static string Ok(bool met) => met ? "met" : "**missed**";

    public string Markdown(TimeSpan elapsed)
    {
        var d = _d!;
        var sb = new StringBuilder();
        var floor = o.Db == "sqlite" ? 0.25 : 0.15;
        sb.AppendLine($"### {(o.Db == "sqlite" ? "SQLite" : "PostgreSQL")} — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine($"Data: {d.Members:N0} members, {d.Followees.Sum(f => (long)f.Length):N0} follows (largest accounts: " +
                      $"{string.Join(", ", d.FollowerCount.OrderDescending().Take(8).Select(c => c.ToString("N0")))} followers; median {Median(d.FollowerCount.Skip(1).Select(c => (double)c)):0}), " +
                      $"{string.Join(" then ", _homes.Select(h => $"{h.Key:N0} posts with {h.Value:N0} home-timeline rows"))}. " +
                      $"wrk: {o.Connections} connections, {o.Threads} threads, {o.Duration.TotalSeconds:0} s per run, {o.Reps} interleaved repetitions; run took {elapsed.TotalMinutes:0.0} min.");
        foreach (var n in _notes) sb.AppendLine().Append(n).AppendLine();
        sb.AppendLine();
        sb.AppendLine("| posts | endpoint | req/s (median) | bare ping req/s (same reps) | ratio to ping (median of per-rep ratios) | p50 ms | p99 ms |");
        sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var (posts, r) in _phases.OrderBy(p => p.Key))
        {
            var ping = Median(r["ping"].Select(x => x.RequestsPerSecond));
            foreach (var (e, list) in r)
            {
                var errors = list.Sum(x => x.Errors);
                sb.AppendLine($"| {posts:N0} | {Label(e)}{(errors > 0 ? $" ({errors} errors)" : "")} | {Median(list.Select(x => x.RequestsPerSecond)):0} | {ping:0} | " +
                              $"{(e == "ping" ? "100%" : Pct(Ratio(r, e)))} | {Median(list.Select(x => x.P50Ms)):0.0} | {Median(list.Select(x => x.P99Ms)):0.0} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine("| target | measured | |");
        sb.AppendLine("|---|---|---|");
        var large = _phases.OrderBy(p => p.Key).Last().Value;
        var small = _phases.OrderBy(p => p.Key).First().Value;
        foreach (var e in new[] { "home", "tag" })
        {
            var ratio = Ratio(large, e);
            var p99 = Median(large[e].Select(x => x.P99Ms));
            sb.AppendLine($"| {Label(e)} throughput ≥ {floor * 100:0}% of bare (aim 35%) | {Pct(ratio)} | {Ok(ratio >= floor)} |");
            sb.AppendLine($"| {Label(e)} p99 ≤ 50 ms at {o.Connections} connections | {p99:0.0} ms | {Ok(p99 <= 50)} |");
            var flat = Ratio(large, e) / Ratio(small, e);
            var raw = Median(large[e].Select(x => x.RequestsPerSecond)) / Median(small[e].Select(x => x.RequestsPerSecond));
            sb.AppendLine($"| {Label(e)} at {_phases.Keys.Max():N0} posts ≥ 85% of at {_phases.Keys.Min():N0} | {Pct(flat)} of the ratio to ping (raw req/s: {Pct(raw)}) | {Ok(flat >= 0.85)} |");
        }
        if (large.TryGetValue("post", out var posting))
        {
            var p99 = Median(posting.Select(x => x.P99Ms));
            sb.AppendLine($"| create a post under saturation ({o.Connections} writers at once, closed loop): p99 | {p99:0.0} ms | (queueing: {o.Connections} / throughput) |");
        }
        if (large.TryGetValue("post-few", out var few))
        {
            var p99 = Median(few.Select(x => x.P99Ms));
            sb.AppendLine($"| create a post: p99 ≤ 20 ms for the author (ordinary authors, 4 writers at once) | {p99:0.0} ms at {Median(few.Select(x => x.RequestsPerSecond)):0} posts/s | {Ok(p99 <= 20)} |");
        }
        if (large.TryGetValue("post-paced", out var paced))
        {
            var p99 = Median(paced.Select(x => x.P99Ms));
            sb.AppendLine($"| create a post: p99 ≤ 20 ms for the author (ordinary authors arriving at a steady {Median(paced.Select(x => x.RequestsPerSecond)):0} posts/s, latency from the scheduled send) | {p99:0.0} ms | {Ok(p99 <= 20)} |");
        }
        foreach (var g in _fanOut.GroupBy(f => f.Followers))
        {
            // Three single posts each: the verdict is on the median, every sample is listed (one slow sample is usually
            // another process's burst on this shared machine, or a request left over from the posting run).
            var limit = g.Key >= 50_000 ? 5000 : g.Key >= 5_000 ? 1000 : double.NaN;
            var complete = g.All(f => f.Delivered >= f.Followers);
            var answer = Median(g.Select(f => f.PostMs));
            var delivered = Median(g.Select(f => f.AllMs));
            sb.AppendLine($"| create a post with {g.Key:N0} followers: the author's answer, single requests ≤ 20 ms | median {answer:0} ms ({string.Join(", ", g.Select(f => $"{f.PostMs:0}"))}) | {Ok(answer <= 20)} |");
            sb.AppendLine($"| …on all {g.Key:N0} home timelines within {(double.IsNaN(limit) ? "–" : $"{limit / 1000:0} s")} | median {delivered:0} ms ({string.Join(", ", g.Select(f => $"{f.AllMs:0}"))}){(complete ? "" : " (incomplete)")} | {(double.IsNaN(limit) ? "" : Ok(complete && delivered <= limit))} |");
        }
        if (_bound is { } b)
            sb.AppendLine($"| home timeline state bounded (newest {Rounds.Bench.Dataset.HomeCapacity}) | seeded ≤ {Rounds.Bench.Dataset.HomeCapacity}; {(b.TrimJob ? $"after the first trimming pass that started after the last post ({b.Waited.TotalSeconds:0} s later)" : $"no trimming pass finished within {b.Waited.TotalMinutes:0} min of the last post")} the largest has {b.Max:N0} rows, {b.Over:N0} members over {Rounds.Bench.Dataset.HomeCapacity} | {Ok(b.Max <= Rounds.Bench.Dataset.HomeCapacity)} |");
        sb.AppendLine();
        if (_drains.Count > 0)
            sb.AppendLine($"- Fan-out backlog after each {o.Duration.TotalSeconds:0} s posting run drained in {string.Join(", ", _drains.Select(t => $"{t.TotalSeconds:0.0}"))} s.");
        foreach (var (name, s) in _profile)
            sb.AppendLine($"- Profile of {Label(name)} (sequential, EF command log): {s.Average(x => x.Queries):0.0} SQL commands per request, " +
                          $"{s.Average(x => x.DbMs):0.0} ms inside them (EF rounds each to whole ms), {s.Average(x => x.TotalMs):0.0} ms per request.");
        return sb.ToString();
    }

    private static string Label(string e) => e switch
    {
        "ping" => "bare JSON (ping)",
        "home" => "home timeline (20)",
        "tag" => "hashtag timeline (20)",
        "post" => "create post",
        "post-few" => "create post, 4 writers at once",
        "post-paced" => "create post at a steady rate (open loop)",
        "home-cold" => "home timeline (20), tokens not used for a minute (auth stamps LastUsedAt)",
        _ => e,
    };
}
