using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rounds.Bench;

/// <summary>One wrk run's figures.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors)
{
    public override string ToString() =>
        $"{RequestsPerSecond,9:0.0} req/s  p50 {P50Ms,7:0.00} ms  p99 {P99Ms,7:0.00} ms{(Errors > 0 ? $"  ({Errors} errors of {Requests})" : "")}";
}

/// <summary>
/// Drives wrk (Debian's package) against one endpoint. Each scenario is a Lua script: requests rotate over many members'
/// tokens (and tags or post texts), each wrk thread starting at its own offset.
/// </summary>
public sealed partial class Wrk(string directory, int connections, int threads)
{
    public static void EnsureInstalled()
    {
        if (File.Exists("/usr/bin/wrk")) return;
        Console.WriteLine("Installing wrk from Debian…");
        var update = Process.Start("apt-get", ["update", "-qq"]);
        update.WaitForExit();
        var install = Process.Start(new ProcessStartInfo("apt-get", ["install", "-y", "-qq", "wrk"]) { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } })!;
        install.WaitForExit();
        if (!File.Exists("/usr/bin/wrk")) throw new InvalidOperationException("wrk is missing and could not be installed (apt-get install wrk).");
    }

    /// <summary>Writes a script that sends <paramref name="method"/> requests to the paths in turn, each with the next token.</summary>
    public string Script(string name, string method, IReadOnlyList<string> paths, IReadOnlyList<string> tokens, IReadOnlyList<string>? bodies = null)
    {
        static string Lua(IEnumerable<string> items) => "{\n" + string.Join(",\n", items.Select(i => "  \"" + i.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")) + "\n}";
        var sb = new StringBuilder();
        sb.AppendLine($"local paths = {Lua(paths)}");
        sb.AppendLine($"local tokens = {Lua(tokens)}");
        sb.AppendLine($"local bodies = {(bodies is null ? "nil" : Lua(bodies))}");
        sb.AppendLine("""
            local counter = 1
            local i = 0
            function setup(thread)
              thread:set("offset", counter * 7919)
              counter = counter + 1
            end
            function init(args)
              i = offset or 0
            end
            function request()
              i = i + 1
              local headers = {}
              if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] end
              local body = nil
              if bodies ~= nil then
                headers["Content-Type"] = "application/json"
                body = bodies[(i % #bodies) + 1]
              end
            """);
        sb.AppendLine($"  return wrk.format(\"{method}\", paths[(i % #paths) + 1], headers, body)");
        sb.AppendLine("end");
        var path = Path.Combine(directory, $"{name}.lua");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    public async Task<WrkResult> RunAsync(string baseAddress, string script, TimeSpan duration)
    {
        var info = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency", "-s", script, baseAddress })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {text}{await stderr}");
        return Parse(text);
    }

    public static WrkResult Parse(string output)
    {
        var rps = double.Parse(RpsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        double Percentile(string p)
        {
            var m = Regex.Match(output, $@"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var requests = long.Parse(RequestsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        long errors = 0;
        if (Non2xxPattern().Match(output) is { Success: true } n) errors += long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture);
        if (SocketErrorsPattern().Match(output) is { Success: true } s)
            errors += s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        return new WrkResult(rps, Percentile("50"), Percentile("99"), requests, errors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsPattern();
    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsPattern();
    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxPattern();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsPattern();
}
