using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddRoundsData(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var options = config.GetSection("Rounds:Database").Get<DatabaseOptions>() ?? new();
        var cs = config.GetConnectionString("Rounds");
        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(cs))
                throw new InvalidOperationException("Rounds:Database:Provider is Postgres but ConnectionStrings:Rounds is not set.");
            // Statements used more than once are prepared on the server (parsed and planned once per connection, not per page);
            // an operator's own setting in the connection string wins.
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            if (pg.MaxAutoPrepare == 0) pg.MaxAutoPrepare = 64;
            cs = pg.ConnectionString;
            services.AddDbContextPool<RoundsDb, PostgresRoundsDb>((sp, o) => o.UseNpgsql(cs, n => n.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).AddInterceptors(sp.GetRequiredService<Infrastructure.Auth.AccountChanges>(),
                sp.GetRequiredService<Infrastructure.Auth.AccountChanges.Transactions>(), sp.GetRequiredService<Infrastructure.Changes.ChangeLog.Writes>(),
                sp.GetRequiredService<Infrastructure.Changes.ChangeLog.Commits>()));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(cs))
            {
                var dir = RoundsPaths.DataDirectory(config, contentRoot);
                Directory.CreateDirectory(dir);
                cs = $"Data Source={Path.Combine(dir, "rounds.db")}";
            }
            SqliteLibrary.Configure();
            services.AddDbContextPool<RoundsDb, SqliteRoundsDb>((sp, o) => o.UseSqlite(cs, s => s.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).AddInterceptors(SqlitePragmas.Instance,
                sp.GetRequiredService<Infrastructure.Auth.AccountChanges>(), sp.GetRequiredService<Infrastructure.Auth.AccountChanges.Transactions>(),
                sp.GetRequiredService<Infrastructure.Changes.ChangeLog.Writes>(), sp.GetRequiredService<Infrastructure.Changes.ChangeLog.Commits>()));
        }
        services.AddSingleton(config.GetSection("Rounds:Auth").Get<Infrastructure.Auth.AuthOptions>() ?? new());
        services.AddSingleton<Infrastructure.Auth.AccessTokenCache>();
        services.AddSingleton<Infrastructure.Auth.AccountChanges>();
        services.AddSingleton<Infrastructure.Auth.AccountChanges.Transactions>();
        // Contexts are pooled (options built once, no per-request construction); RoundsDb keeps no state of its own between requests.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static async Task MigrateAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
        await db.Database.MigrateAsync();
        // Write-ahead logging lets readers run while the job worker writes; the setting stays with the file.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}

/// <summary>
/// Per-connection SQLite settings: with WAL, NORMAL synchronisation is durable across application crashes and
/// avoids an fsync per commit; a busy timeout makes concurrent writers wait rather than fail; checkpoints are left to background work.
/// </summary>
public sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Pooled connections keep their native handle; the settings are applied once per handle, not on every open.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Applied = [];

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            if (Applied.TryGetValue(handle, out _)) return;
            Applied.AddOrUpdate(handle, handle);
        }
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        // A writer waiting for the write lock polls about every millisecond for up to ten seconds. SQLite's own busy timeout sleeps in
        // growing steps (up to 100 ms each), so with a few concurrent writers a post waited 100 ms for a lock freed after one.
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } db })
        {
            NativeSqlite.sqlite3_busy_handler(db.DangerousGetHandle(), BusyWaitPointer, IntPtr.Zero);
            NativeSqlite.sqlite3_wal_hook(db.DangerousGetHandle(), CommittedPointer, Checkpoints.GetOrAdd(connection.DataSource, NewCheckpointState));
        }
    }

    [System.Runtime.InteropServices.UnmanagedFunctionPointer(System.Runtime.InteropServices.CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr state, int attempt);

    [ThreadStatic] private static long _waitingSince;

    private static readonly BusyHandler BusyWait = (_, attempt) =>
    {
        if (attempt == 0) _waitingSince = Environment.TickCount64;
        if (Environment.TickCount64 - _waitingSince > 10_000) return 0; // ten seconds: give up, the statement reports "database is locked"
        Thread.Sleep(attempt < 3 ? 0 : 1);
        return 1;
    };

    private static readonly IntPtr BusyWaitPointer = System.Runtime.InteropServices.Marshal.GetFunctionPointerForDelegate(BusyWait);

    /// <summary>The log size (pages) at which a commit checkpoints, as SQLite's own automatic checkpoint.</summary>
    public const int CheckpointPages = 1000;

    /// <summary>How long requests leave checkpoints to background work after its last one.</summary>
    public const int BackgroundCheckpointMilliseconds = 1000;

    // Per database file (a test process opens many): when background work last checkpointed it, as a handle the hook receives.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IntPtr> Checkpoints = new();

    private static IntPtr NewCheckpointState(string file) =>
        System.Runtime.InteropServices.GCHandle.ToIntPtr(System.Runtime.InteropServices.GCHandle.Alloc(new System.Runtime.CompilerServices.StrongBox<long>(long.MinValue / 2)));

    [System.Runtime.InteropServices.UnmanagedFunctionPointer(System.Runtime.InteropServices.CallingConvention.Cdecl)]
    private delegate int WalHook(IntPtr state, IntPtr db, IntPtr schema, int pages);

    /// <summary>
    /// Replaces SQLite's automatic checkpoint, which runs in whichever commit finds the log at 1,000 pages or more. Under steady
    /// posting readers keep the log from restarting, so it stays over that size and nearly every commit checkpointed — half of
    /// them a member's post, the slowest taking tens of milliseconds (docs/decisions/0002). Here background work (jobs, the
    /// change-log poller) checkpoints as SQLite would; a request's commit does only when no background commit has for a second,
    /// so a node with no jobs running still keeps its log short.
    /// </summary>
    private static readonly WalHook Committed = (state, db, schema, pages) =>
    {
        if (pages < CheckpointPages) return 0;
        var last = (System.Runtime.CompilerServices.StrongBox<long>)System.Runtime.InteropServices.GCHandle.FromIntPtr(state).Target!;
        var now = Environment.TickCount64;
        if (Infrastructure.BackgroundWork.IsCurrent) Volatile.Write(ref last.Value, now);
        else if (now - Volatile.Read(ref last.Value) < BackgroundCheckpointMilliseconds) return 0;
        NativeSqlite.sqlite3_wal_checkpoint(db, schema); // busy while another connection checkpoints: skipped, as by SQLite's own hook
        return 0; // SQLITE_OK: anything else would fail the statement that committed
    };

    private static readonly IntPtr CommittedPointer = System.Runtime.InteropServices.Marshal.GetFunctionPointerForDelegate(Committed);

    /// <summary>The SQLite library the provider bundles (SQLitePCLRaw exposes neither the busy handler nor the log hook).</summary>
    private static class NativeSqlite
    {
        [System.Runtime.InteropServices.DllImport("e_sqlite3", CallingConvention = System.Runtime.InteropServices.CallingConvention.Cdecl)]
        public static extern int sqlite3_busy_handler(IntPtr db, IntPtr handler, IntPtr state);

        [System.Runtime.InteropServices.DllImport("e_sqlite3", CallingConvention = System.Runtime.InteropServices.CallingConvention.Cdecl)]
        public static extern IntPtr sqlite3_wal_hook(IntPtr db, IntPtr hook, IntPtr state);

        [System.Runtime.InteropServices.DllImport("e_sqlite3", CallingConvention = System.Runtime.InteropServices.CallingConvention.Cdecl)]
        public static extern int sqlite3_wal_checkpoint(IntPtr db, IntPtr schema);
    }
}

/// <summary>Process-wide SQLite settings, made before the library opens its first connection.</summary>
public static class SqliteLibrary
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        // Connections are never shared between threads at once (ADO.NET hands one to one user), so SQLite need not lock each call;
        // without memory statistics its allocator takes no process-wide lock either. Under many concurrent reads both locks were
        // contended (a fifth of a timeline page's CPU went to mutexes and the thread switches they caused).
        // Both calls fail harmlessly (SQLITE_MISUSE) when a connection was opened first; the defaults then stay.
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    });

    public static void Configure() => _ = Configured.Value;
}

/// <summary>Healthy when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(RoundsDb db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct)
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(db.Database.ProviderName)
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Cannot connect to the database.");
        }
        catch (Exception e)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Database error.", e);
        }
    }
}

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default) or Postgres.</summary>
    public string Provider { get; set; } = "Sqlite";
    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Design-time factories so `dotnet ef migrations add` builds each provider's set.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteRoundsDb>
{
    public SqliteRoundsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRoundsDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresRoundsDb>
{
    public PostgresRoundsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRoundsDb>().UseNpgsql("Host=localhost;Database=rounds_design").Options);
}
