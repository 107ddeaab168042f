using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Rounds.Bench;

/// <summary>
/// Posting at a steady rate (an open loop, as authors arrive): each request is sent at its scheduled time whether or not the
/// ones before it have been answered, and its latency counts from that time, so a stall shows in every request it delays (a
/// closed loop like wrk's would send fewer requests during the stall and hide them). wrk has no fixed-rate mode.
/// </summary>
public static class Paced
{
    public static async Task<WrkResult> RunAsync(string baseAddress, IReadOnlyList<string> tokens, IReadOnlyList<string> bodies, int perSecond, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };
        var count = (int)(perSecond * duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var latencies = new double[count];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var n = i;
            sends.Add(Task.Run(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseAddress}/api/v1/posts")
                {
                    Content = new StringContent(bodies[n % bodies.Count], Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[n % tokens.Count]);
                try
                {
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[n] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(sends);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new WrkResult(count / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), count, errors);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
