using System.Diagnostics;
using System.Globalization;

namespace Rounds.Room.Bench;

/// <summary>
/// A throwaway PostgreSQL on 127.0.0.1, started as the test command starts one (Debian's binaries, initdb in a temporary folder, trust
/// authentication, fsync off), with room for as many connections as the run needs.
/// </summary>
public sealed class PostgresServer
{
    private readonly string _bin;
    private readonly string _dir;
    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres";
    public string Version { get; }

    private PostgresServer(string bin, string dir, int port, string version) => (_bin, _dir, Port, Version) = (bin, dir, port, version);

    public static PostgresServer Start(int maxConnections)
    {
        var bin = Bin();
        if (bin is null)
        {
            Console.WriteLine("Installing postgresql from Debian…");
            Run("apt-get", "update", "-qq");
            Run("apt-get", "install", "-y", "-qq", "postgresql");
            bin = Bin() ?? throw new InvalidOperationException("PostgreSQL is missing and could not be installed (apt-get install postgresql).");
        }
        var dir = Directory.CreateTempSubdirectory("rounds-room-pg-").FullName;
        var root = Environment.UserName == "root";
        if (root) Run("chown", "postgres", dir);
        string[] As(params string[] args) => root ? ["runuser", "-u", "postgres", "--", .. args] : args;
        var port = Rounds.Bench.AppProcess.FreePort();
        Run(As(Path.Combine(bin, "initdb"), "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres"));
        Run(As(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off " +
            $"-c max_connections={maxConnections.ToString(CultureInfo.InvariantCulture)} -c shared_buffers=128MB", "start"));
        var version = Path.GetFileName(Path.GetDirectoryName(bin)) ?? "?";
        return new PostgresServer(bin, dir, port, version);
    }

    public void Stop()
    {
        var root = Environment.UserName == "root";
        string[] stop = [Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "stop"];
        try { Run(root ? ["runuser", "-u", "postgres", "--", .. stop] : stop); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? Bin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
        : null;

    private static void Run(params string[] args)
    {
        var info = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var a in args.Skip(1)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed ({p.ExitCode}): {output.Result}{error}");
    }
}
