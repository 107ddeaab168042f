using System.Diagnostics;
using System.Globalization;

namespace Rounds.Bench;

/// <summary>A throwaway redis-server on a free port (PostgreSQL runs use the backplane as a multi-node deployment would).</summary>
public sealed class RedisServer
{
    private readonly string _pidFile;
    public string Address { get; }

    private RedisServer(string address, string pidFile)
    {
        Address = address;
        _pidFile = pidFile;
    }

    public static RedisServer? TryStart(string work)
    {
        if (!File.Exists("/usr/bin/redis-server")) return null;
        var port = AppProcess.FreePort();
        var dir = Directory.CreateDirectory(Path.Combine(work, "redis")).FullName;
        var pid = Path.Combine(dir, "redis.pid");
        using var p = Process.Start("redis-server", ["--save", "", "--appendonly", "no", "--daemonize", "yes", "--bind", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", dir, "--pidfile", pid, "--logfile", Path.Combine(dir, "log")]);
        p.WaitForExit();
        for (var i = 0; i < 50 && !File.Exists(pid); i++) Thread.Sleep(100);
        return new RedisServer($"127.0.0.1:{port}", pid);
    }

    public void Stop()
    {
        if (!File.Exists(_pidFile)) return;
        using var kill = Process.Start("kill", [File.ReadAllText(_pidFile).Trim()]);
        kill.WaitForExit();
    }
}
