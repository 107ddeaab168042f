using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Rounds.ClusterTests;

/// <summary>
/// One real Rounds process (the app's own Release/Debug build output, run with <c>dotnet Rounds.Web.dll</c>) on a free
/// 127.0.0.1 port. Its console output is kept so a failing start or test can show what the node said.
/// </summary>
public sealed class RoundsNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public string Name { get; }
    public int Port { get; }
    public string BaseAddress => $"http://127.0.0.1:{Port}";
    public int ProcessId => _process.Id;

    private RoundsNode(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    /// <summary>Starts the app with these settings (as environment variables) and returns once it is listening.</summary>
    public static RoundsNode Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var dll = WebDll();
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        // An ASPNETCORE_URLS inherited from the test host would fight --urls.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in settings) info.Environment[k] = v;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var node = new RoundsNode(name, port, process);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    /// <summary>The last lines the node printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Waits until /healthz answers 200; fails early when the process exits.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Node {Name} exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                using var response = await http.GetAsync($"{BaseAddress}/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Node {Name} was not healthy within {timeout.TotalSeconds:0} s ({last}):\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException) { } // already gone
        catch (TimeoutException) { }
        _process.Dispose();
    }

    /// <summary>
    /// The app's build output for this test assembly's configuration: src/Rounds.Web/bin/&lt;Configuration&gt;/net10.0/Rounds.Web.dll
    /// in the repository that contains this test assembly; ROUNDS_WEB_DLL overrides it.
    /// </summary>
    public static string WebDll()
    {
        if (Environment.GetEnvironmentVariable("ROUNDS_WEB_DLL") is { Length: > 0 } explicitPath)
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : throw new FileNotFoundException($"ROUNDS_WEB_DLL points at a missing file: {explicitPath}");
        var configuration = typeof(RoundsNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name; // bin/<Configuration>/<tfm>/
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Rounds.Web", "bin", configuration, framework, "Rounds.Web.dll");
            if (File.Exists(candidate)) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "Rounds.slnx")))
                throw new FileNotFoundException($"The app is not built for {configuration}: {candidate} is missing (dotnet build Rounds.slnx -c {configuration}).");
        }
        throw new FileNotFoundException($"Could not find src/Rounds.Web/bin/{configuration}/{framework}/Rounds.Web.dll above {AppContext.BaseDirectory}.");
    }

    /// <summary>A port nobody listens on right now (the OS picks it; released before the node binds it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
