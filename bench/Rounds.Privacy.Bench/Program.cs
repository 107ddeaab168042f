using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Rounds.Privacy;
using Rounds.Privacy.Bench;
using Rounds.Privacy.Tests;

// Usage: Rounds.Privacy.Bench [--eval <folder>] [--show "text"] [--mb <corpus MB>] [--reps <n>]
var argsList = args.ToList();
string? Option(string name)
{
    var k = argsList.IndexOf(name);
    return k >= 0 && k + 1 < argsList.Count ? argsList[k + 1] : null;
}
var inv = CultureInfo.InvariantCulture;
var guard = TextGuard.Default;

if (Option("--show") is { } show)
{
    foreach (var f in guard.Scan(show))
        Console.WriteLine($"{f.Type,-20} {f.Confidence:0.00}  \"{show.Substring(f.Start, f.Length)}\"");
    Console.WriteLine(guard.Redact(show, guard.Scan(show)));
    Console.WriteLine(guard.Redact(show, guard.Scan(show), RedactionStyle.Surrogate, seed: 1));
    return 0;
}

if (Option("--eval") is { } folder)
{
    var texts = Evaluator.Load(folder);
    var report = Evaluator.Run(texts, guard);
    Console.WriteLine(report.Table(details: !argsList.Contains("--brief")));
    foreach (var failure in report.Failures()) Console.WriteLine("below target: " + failure);
    if (argsList.Contains("--eval-only")) return 0;
}

if (argsList.Contains("--prof")) { Prof.Run(Corpus.Posts(8000)); return 0; }
var megabytes = double.Parse(Option("--mb") ?? "8", inv);
var reps = int.Parse(Option("--reps") ?? "7", inv);
var config = typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
    .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "?";
Console.WriteLine($"Rounds.Privacy.Bench ({config}, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}, one thread)");

// Posts of about 500 characters; the corpus is the same posts, several MB of them.
var posts = Corpus.Posts(Math.Max(200, (int)(megabytes * 1_000_000 / 500)));
long chars = posts.Sum(p => (long)p.Length);
var mb = chars / 1e6;
Console.WriteLine($"corpus: {posts.Count} posts, {mb:0.0} M characters (ASCII, so MB), mean post {chars / posts.Count} characters");

// Warm-up: tiered compilation and the dictionaries.
for (var w = 0; w < 3; w++) { foreach (var p in posts) guard.Scan(p); Baseline(posts); }

// The same corpus as one string, as a whole-document scan would see it.
var whole = string.Join("\n\n", posts);
guard.Scan(whole);
var wholeRates = new List<double>();
var scanRates = new List<double>();
var baseRates = new List<double>();
var latencies = new List<double[]>();
long findings = 0;
for (var r = 0; r < reps; r++)
{
    // Interleaved: the bare pass and the scan take turns, so drift hits both.
    var sw = Stopwatch.StartNew();
    var sink = Baseline(posts);
    sw.Stop();
    baseRates.Add(mb / sw.Elapsed.TotalSeconds);
    GC.KeepAlive(sink);

    findings = 0;
    sw.Restart();
    foreach (var p in posts) findings += guard.Scan(p).Count;
    sw.Stop();
    scanRates.Add(mb / sw.Elapsed.TotalSeconds);

    sw.Restart();
    var wholeFindings = guard.Scan(whole).Count;
    sw.Stop();
    wholeRates.Add(whole.Length / 1e6 / sw.Elapsed.TotalSeconds);
    GC.KeepAlive(wholeFindings);

    // Latency of single posts, timed one by one.
    var sample = posts.Take(5000).ToArray();
    var us = new double[sample.Length];
    for (var k = 0; k < sample.Length; k++)
    {
        var t0 = Stopwatch.GetTimestamp();
        guard.Scan(sample[k]);
        us[k] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
    }
    latencies.Add(us);
    Console.WriteLine($"  rep {r + 1}: bare pass {baseRates[^1]:0} MB/s, scan {scanRates[^1]:0.0} MB/s, one string {wholeRates[^1]:0.0} MB/s");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

var scan = Median(scanRates);
var bare = Median(baseRates);
Console.WriteLine();
Console.WriteLine($"findings per pass: {findings} ({(double)findings / posts.Count:0.0} per post)");
Console.WriteLine($"throughput (median of {reps}): scan {scan:0.0} MB/s; bare pass {bare:0} MB/s; ratio scan/bare {scan / bare:0.000} (bare is {bare / scan:0.0}x faster)");
Console.WriteLine($"the corpus as one {whole.Length / 1e6:0.0} MB string (median of {reps}): {Median(wholeRates):0.0} MB/s");
Console.WriteLine($"per 500-character post (median of {reps} reps): mean {Median(latencies.Select(l => l.Average())):0.0} µs, median {Median(latencies.Select(l => Percentile(l, 0.5))):0.0} µs, p99 {Median(latencies.Select(l => Percentile(l, 0.99))):0.0} µs");
Console.WriteLine($"targets: ≥ 20 MB/s → {(scan >= 20 ? "met" : "NOT met")}; < 100 µs per post → {(Median(latencies.Select(l => l.Average())) < 100 ? "met" : "NOT met")}");
return 0;

// The bare baseline: one pass over the same text that counts digits and letters.
static long Baseline(IEnumerable<string> texts)
{
    long digits = 0, letters = 0;
    foreach (var t in texts)
        foreach (var c in t)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (char.IsLetter(c)) letters++;
        }
    return digits * 31 + letters;
}
