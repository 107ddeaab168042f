using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Rounds.Bench;

/// <summary>The app's own build output run as a separate process on 127.0.0.1, as it runs in production.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public int Port { get; }
    public int ProcessId => _process.Id;
    public string BaseAddress => $"http://127.0.0.1:{Port}";

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, HttpClient http, int? port = null)
    {
        var dll = WebDll();
        var p = port ?? FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{p}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (k, v) in settings) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var app = new AppProcess(process, p);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitHealthyAsync(http, TimeSpan.FromMinutes(3));
        return app;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }

    public IReadOnlyList<string> Output => [.. _output];

    private async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{string.Join('\n', _output)}");
            try
            {
                using var r = await http.GetAsync($"{BaseAddress}/healthz");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app was not healthy within {timeout.TotalSeconds:0} s:\n{string.Join('\n', _output)}");
    }

    /// <summary>Stops the app gracefully (SIGTERM through Kill would skip shutdown; a clean stop releases the SQLite file).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    /// <summary>src/Rounds.Web/bin/&lt;this configuration&gt;/&lt;tfm&gt;/Rounds.Web.dll in the repository above this program; ROUNDS_WEB_DLL overrides it.</summary>
    public static string WebDll()
    {
        if (Environment.GetEnvironmentVariable("ROUNDS_WEB_DLL") is { Length: > 0 } explicitPath) return Path.GetFullPath(explicitPath);
        var configuration = typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Rounds.Web", "bin", configuration, framework, "Rounds.Web.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Rounds.Web.dll ({configuration}) not found above {AppContext.BaseDirectory}; build with -c {configuration}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
