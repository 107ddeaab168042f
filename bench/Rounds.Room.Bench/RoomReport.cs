using System.Text;

namespace Rounds.Room.Bench;

/// <summary>The run as Markdown: the room's delivery delays beside the bare endpoint of the same repetitions, and the target.</summary>
public sealed class RoomReport(RoomOptions o, List<string> notes, RoomClients clients, double connectSeconds, int wanted, List<Rep> reps, TimeSpan elapsed)
{
    private const double TargetP99Ms = 250;

    private static string Ms(double x) => double.IsNaN(x) ? "–" : x < 10 ? $"{x:0.0}" : $"{x:0}";

    public string Markdown()
    {
        var sb = new StringBuilder();
        var title = o.Nodes == 1 ? $"One node, {(o.Db == "sqlite" ? "SQLite" : "PostgreSQL")}" : "Two nodes, PostgreSQL + Redis backplane";
        sb.AppendLine($"#### {title} — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        var all = reps.SelectMany(r => r.Burst.Delays).ToList();
        var expected = reps.Sum(r => r.Burst.Expected);
        var missing = reps.Sum(r => r.Burst.Missing);
        var posts = reps.Sum(r => r.Burst.Posts.Count);
        var failed = reps.Sum(r => r.Burst.Failed);
        sb.AppendLine($"{clients.Count:N0} of {wanted:N0} clients connected and joined in {connectSeconds:0} s (join p50 {Ms(Stats.Percentile(clients.JoinMs, 50))} ms, " +
                      $"p99 {Ms(Stats.Percentile(clients.JoinMs, 99))} ms{(clients.Failures.Count > 0 ? $", {clients.Failures.Count} failed: {clients.Failures[0]}" : "")})" +
                      (o.Nodes > 1 ? $", {clients.NodeOf.Count(n => n == 0):N0} on node A and {clients.NodeOf.Count(n => n == 1):N0} on node B; messages posted on node A" : "") +
                      $". {o.Reps} repetitions, each: wrk on `GET /api/v1/ping` ({o.Connections} connections, {o.PingDuration.TotalSeconds:0} s), " +
                      $"{Math.Ceiling(o.Rate * o.Duration.TotalSeconds):0} single pings at {o.Rate:0.#}/s, then {Math.Ceiling(o.Rate * o.Duration.TotalSeconds):0} messages " +
                      $"at {o.Rate:0.#}/s from {o.Posters} participants through `POST /api/v1/events/{{id}}/messages`. " +
                      $"Heartbeats {(o.Heartbeats ? $"every {o.HeartbeatSeconds} s per client, spread evenly" : "off")}. Run took {elapsed.TotalMinutes:0.0} min.");
        foreach (var n in notes) sb.AppendLine().AppendLine(n);
        sb.AppendLine();
        sb.AppendLine("| rep | ping req/s (wrk) | bare round trip p50 / p99 ms | messages (failed) | POST answer p50 / p99 ms | deliveries | missing | delivery p50 | p95 | p99 | max ms | p99 / bare p99 |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in reps)
        {
            var answers = r.Burst.Posts.Select(p => p.AnswerMs).ToList();
            sb.AppendLine($"| {r.Number} | {r.Ceiling.RequestsPerSecond:0} | {Ms(r.BareP(50))} / {Ms(r.BareP(99))} | {r.Burst.Posts.Count} ({r.Burst.Failed}) | " +
                          $"{Ms(Stats.Percentile(answers, 50))} / {Ms(Stats.Percentile(answers, 99))} | {r.Burst.Delays.Count():N0} | {r.Burst.Missing:N0} | " +
                          $"{Ms(r.P(50))} | {Ms(r.P(95))} | {Ms(r.P(99))} | {Ms(Stats.Percentile(r.Burst.Delays, 100))} | {r.P(99) / r.BareP(99):0.#}× |");
        }
        var bareAll = reps.SelectMany(r => r.Bare).ToList();
        var answersAll = reps.SelectMany(r => r.Burst.Posts.Select(p => p.AnswerMs)).ToList();
        sb.AppendLine($"| **all** | {Stats.Median(reps.Select(r => r.Ceiling.RequestsPerSecond)):0} (median) | {Ms(Stats.Percentile(bareAll, 50))} / {Ms(Stats.Percentile(bareAll, 99))} | " +
                      $"{posts} ({failed}) | {Ms(Stats.Percentile(answersAll, 50))} / {Ms(Stats.Percentile(answersAll, 99))} | {all.Count:N0} | {missing:N0} | " +
                      $"**{Ms(Stats.Percentile(all, 50))}** | **{Ms(Stats.Percentile(all, 95))}** | **{Ms(Stats.Percentile(all, 99))}** | **{Ms(Stats.Percentile(all, 100))}** | " +
                      $"{Stats.Median(reps.Select(r => r.P(99) / r.BareP(99))):0.#}× (median) |");
        sb.AppendLine();
        if (o.Nodes > 1)
        {
            foreach (var node in new[] { 0, 1 })
            {
                var d = reps.SelectMany(r => r.Burst.DelaysByNode.Length > node ? r.Burst.DelaysByNode[node] : []).ToList();
                sb.AppendLine($"- Clients on node {(char)('A' + node)}{(node == 0 ? " (where messages are posted)" : " (through Redis)")}: {d.Count:N0} deliveries, " +
                              $"p50 {Ms(Stats.Percentile(d, 50))}, p95 {Ms(Stats.Percentile(d, 95))}, p99 {Ms(Stats.Percentile(d, 99))}, max {Ms(Stats.Percentile(d, 100))} ms.");
            }
        }
        var firsts = reps.SelectMany(r => r.Burst.FirstMs).ToList();
        var spreads = reps.SelectMany(r => r.Burst.LastMs.Zip(r.Burst.FirstMs, (l, f) => l - f)).ToList();
        sb.AppendLine($"- Where the time goes, per message: POST sent → first client has it p50 {Ms(Stats.Percentile(firsts, 50))}, p99 {Ms(Stats.Percentile(firsts, 99))} ms " +
                      $"(the POST's work up to the publish); first → last client p50 {Ms(Stats.Percentile(spreads, 50))}, p99 {Ms(Stats.Percentile(spreads, 99))} ms " +
                      $"(the fan-out to {clients.Count:N0} connections and the clients' own processing, on the same two cores).");
        var messages = reps.Sum(r => r.Burst.Posts.Count(p => p.Status == 201));
        sb.AppendLine($"- CPU from the first POST of a burst to the last arrival, per message: the app{(o.Nodes > 1 ? " (both nodes)" : "")} " +
                      $"{reps.Sum(r => r.Burst.AppCpuMs) / messages:0.0} ms, the {clients.Count:N0} clients (this process: receiving, parsing, heartbeats) " +
                      $"{reps.Sum(r => r.Burst.ClientCpuMs) / messages:0.0} ms; two cores give 2,000 ms of CPU per second, shared with everything else on the machine.");
        var p99 = Stats.Percentile(all, 99);
        var medianRepP99 = Stats.Median(reps.Select(r => r.P(99)));
        // Judged, as every figure here, on the median of the repetitions (one repetition caught in another process's burst does not decide);
        // the p99 over all deliveries pooled is printed beside it.
        var complete = missing == 0 && clients.Count == wanted;
        sb.AppendLine($"- Target: a message reaches every client with p99 ≤ {TargetP99Ms:0} ms — median of the per-repetition p99s {Ms(medianRepP99)} ms " +
                      $"({reps.Count(r => r.P(99) <= TargetP99Ms)} of {reps.Count} repetitions within it), {missing:N0} of {expected:N0} deliveries missing: " +
                      $"{(medianRepP99 <= TargetP99Ms && complete ? "met" : "**missed**")}; over all {all.Count:N0} deliveries pooled p99 {Ms(p99)} ms: " +
                      $"{(p99 <= TargetP99Ms && complete ? "met" : "**missed**")}.");
        sb.AppendLine($"- Delivery = from just before the POST is sent to the \"room-message\" arriving at the client (both timed on the same clock in the benchmark process); " +
                      $"it includes the POST's own work up to the publish (POST answer p50 {Ms(Stats.Percentile(answersAll, 50))} ms).");
        sb.AppendLine($"- Duplicates: {clients.Duplicates:N0}; connections closed during the run: {clients.Closed:N0}; heartbeat calls failed: {clients.HeartbeatFailures:N0}.");
        foreach (var e in reps.SelectMany(r => r.Burst.Posts).Where(p => p.Error is not null).Select(p => $"{p.Status}: {p.Error}").Distinct().Take(3))
            sb.AppendLine($"- POST failure: {e}");
        return sb.ToString();
    }
}
