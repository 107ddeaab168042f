using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rounds.Web.Data;
using Kinds = Rounds.Web.Data.Migrations.ChangeLogTriggers;

namespace Rounds.Web.Infrastructure.Changes;

public sealed class ChangeLogOptions
{
    /// <summary>How often each node reads the log when it wrote nothing itself (other nodes' and other processes' writes).</summary>
    public int PollMilliseconds { get; set; } = 500;
    /// <summary>How long rows stay in the log; a node that could not read it for half as long starts its caches afresh.</summary>
    public int KeepSeconds { get; set; } = 600;
}

/// <summary>The keys one read of the log found changed (see <see cref="Kinds"/>).</summary>
public sealed class ChangeSet
{
    public readonly HashSet<long> Posts = [], Viewers = [], Members = [], Homes = [];
    public readonly HashSet<string> Tags = [];
    public bool IsEmpty => Posts.Count + Viewers.Count + Members.Count + Homes.Count + Tags.Count == 0;

    public void Add(int kind, long key, string? tag)
    {
        switch (kind)
        {
            case Kinds.Post: Posts.Add(key); break;
            case Kinds.Viewer: Viewers.Add(key); break;
            case Kinds.Member: Members.Add(key); break;
            case Kinds.Home: Homes.Add(key); break;
            case Kinds.Tag when tag is not null: Tags.Add(tag); break;
        }
    }
}

/// <summary>
/// Reads the change log the database triggers write in every writing transaction (migration ChangeLog; decision 0002, "Warm timeline
/// pages") and tells the node's caches which keys changed. Nothing that writes has to remember to invalidate anything.
/// <para>
/// This node's own writes are read before its next cached read: an interceptor counts commits (and statements outside a transaction),
/// and <see cref="CatchUpAsync"/> reads the log whenever the count moved, so a member sees their own like on the next request. Writes of
/// other nodes and processes are read by <see cref="ChangeLogPoller"/> every <see cref="ChangeLogOptions.PollMilliseconds"/>.
/// </para>
/// <para>
/// SQLite commits one writer at a time, so ids are in commit order and the log is read past the last id. On PostgreSQL ids are taken before
/// commit, so a later id can commit first; each row carries its transaction id, and the log is read from the oldest transaction still
/// running at the previous read (every transaction older than that has ended), skipping rows already applied.
/// </para>
/// </summary>
public sealed class ChangeLog(ChangeLogOptions options, ILogger<ChangeLog> log)
{
    private long _written, _readFor = -1, _epoch, _lastRead;
    private bool _positioned;
    private long _lastId;                                   // SQLite: the last id read
    private long _xmin;                                     // PostgreSQL: the oldest transaction running at the last read
    private readonly Dictionary<long, long> _seen = [];    // PostgreSQL: ids read at or after _xmin, with their transaction
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The caches' listeners: called with each set of changed keys, and with null when everything must be forgotten.</summary>
    public event Action<ChangeSet?>? Changed;

    /// <summary>
    /// Moves before every change is applied. A cache fills an entry read from the database with the epoch taken before the read and
    /// drops it again if the epoch moved meanwhile (a change applied during the read may predate what was read).
    /// </summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>This node wrote (counted after the commit).</summary>
    public void Wrote() => Interlocked.Increment(ref _written);

    private bool Fresh => Environment.TickCount64 - Volatile.Read(ref _lastRead) < Math.Max(2_000, 4L * options.PollMilliseconds);

    /// <summary>
    /// Reads the log if this node wrote since the last read or the poller fell behind. False when the log cannot be read: callers then
    /// read the database, not their caches.
    /// </summary>
    public async ValueTask<bool> CatchUpAsync(RoundsDb db, CancellationToken ct, bool force = false)
    {
        if (!force && Volatile.Read(ref _positioned) && Volatile.Read(ref _written) == Volatile.Read(ref _readFor) && Fresh) return true;
        await _gate.WaitAsync(ct);
        try
        {
            var written = Volatile.Read(ref _written); // taken before the read: a commit after it is read next time
            if (!force && _positioned && written == _readFor && Fresh) return true;
            await ReadAsync(db, ct);
            Volatile.Write(ref _readFor, written);
            Volatile.Write(ref _lastRead, Environment.TickCount64);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not read the change log; cached timeline pages are off until it can be read.");
            Forget();
            return false;
        }
        finally { _gate.Release(); }
    }

    private void Forget()
    {
        Volatile.Write(ref _positioned, false);
        Interlocked.Increment(ref _epoch);
        Changed?.Invoke(null);
    }

    private void Apply(ChangeSet set)
    {
        if (set.IsEmpty) return;
        Interlocked.Increment(ref _epoch); // before the caches drop anything (see Epoch)
        Changed?.Invoke(set);
    }

    private async Task ReadAsync(RoundsDb db, CancellationToken ct)
    {
        // Rows older than the log keeps may be gone: a node that has not read it for that long starts afresh.
        if (_positioned && Environment.TickCount64 - _lastRead > options.KeepSeconds * 500L) Forget();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (db.Database.IsNpgsql()) await ReadPostgresAsync(connection, ct);
            else await ReadSqliteAsync(connection, ct);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    private async Task ReadSqliteAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        if (!_positioned)
        {
            command.CommandText = """SELECT COALESCE(MAX("Id"), 0) FROM "Changes" """;
            _lastId = Convert.ToInt64(await command.ExecuteScalarAsync(ct));
            Volatile.Write(ref _positioned, true);
            return;
        }
        command.CommandText = """SELECT "Id", "Kind", "Key", "Tag" FROM "Changes" WHERE "Id" > @last ORDER BY "Id" """;
        var last = command.CreateParameter();
        last.ParameterName = "@last";
        last.Value = _lastId;
        command.Parameters.Add(last);
        var set = new ChangeSet();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                _lastId = reader.GetInt64(0);
                set.Add(reader.GetInt32(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        Apply(set);
    }

    private async Task ReadPostgresAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // Two statements, in this order: every transaction older than the first one's xmin has ended, so the second sees all of their rows.
        command.CommandText = """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint;
            SELECT "Id", "Kind", "Key", "Tag", "Xid" FROM "Changes" WHERE "Xid" >= @xmin;
            """;
        var xmin = command.CreateParameter();
        xmin.ParameterName = "xmin";
        xmin.Value = _positioned ? _xmin : long.MaxValue;
        command.Parameters.Add(xmin);
        var set = new ChangeSet();
        long next;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            next = reader.GetInt64(0);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                if (_seen.TryAdd(reader.GetInt64(0), reader.GetInt64(4)))
                    set.Add(reader.GetInt32(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        if (!_positioned)
        {
            // First read: rows already committed describe data any cache will read anyway; only later commits matter.
            await using var seen = connection.CreateCommand();
            seen.CommandText = """SELECT "Id", "Xid" FROM "Changes" WHERE "Xid" >= @xmin""";
            var p = seen.CreateParameter();
            p.ParameterName = "xmin";
            p.Value = next;
            seen.Parameters.Add(p);
            await using var reader = await seen.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) _seen.TryAdd(reader.GetInt64(0), reader.GetInt64(1));
            _xmin = next;
            Volatile.Write(ref _positioned, true);
            return;
        }
        _xmin = next;
        foreach (var (id, xid) in _seen.ToList()) if (xid < next) _seen.Remove(id);
        Apply(set);
    }

    /// <summary>Deletes rows older than the log keeps, by the database's clock (any node may; the deletes are idempotent).</summary>
    public async Task PruneAsync(RoundsDb db, CancellationToken ct)
    {
        var now = db.Database.IsNpgsql() ? "extract(epoch from now())::bigint" : "unixepoch()";
        // In slices with a pause between them, so a prune after busy minutes (hundreds of thousands of rows) leaves SQLite's write lock
        // to posts in between instead of holding it for seconds.
#pragma warning disable EF1002 // only a number and a fixed expression are interpolated
        while (await db.Database.ExecuteSqlRawAsync(
            $"""DELETE FROM "Changes" WHERE "Id" IN (SELECT "Id" FROM "Changes" WHERE "At" < {now} - {options.KeepSeconds} ORDER BY "Id" LIMIT 1000)""", ct) == 1000)
            await Task.Delay(10, ct);
#pragma warning restore EF1002
    }

    /// <summary>Counts this node's commits, and statements that wrote outside a transaction, once they are visible.</summary>
    public sealed class Writes(ChangeLog changes) : DbCommandInterceptor
    {
        private void Ran(DbCommand command)
        {
            if (command.Transaction is not null) return; // counted at commit
            var text = command.CommandText.AsSpan().TrimStart();
            if (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)) return;
            changes.Wrote();
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Ran(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default)
        {
            Ran(command);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Ran(command);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken ct = default)
        {
            Ran(command);
            return ValueTask.FromResult(result);
        }

        // A statement that returns rows (INSERT … RETURNING) has finished, and committed, once its reader is done with.
        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            Ran(command);
            return result;
        }
    }

    public sealed class Commits(ChangeLog changes) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => changes.Wrote();

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            changes.Wrote();
            return Task.CompletedTask;
        }
    }
}

/// <summary>Reads the change log on every node at a steady pace (other nodes' writes), and prunes it once a minute.</summary>
public sealed class ChangeLogPoller(IServiceScopeFactory scopes, ChangeLog changes, ChangeLogOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        BackgroundWork.Begin();
        var lastPrune = Environment.TickCount64;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Math.Max(options.PollMilliseconds, 10), stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
                await changes.CatchUpAsync(db, stoppingToken, force: true);
                if (Environment.TickCount64 - lastPrune > 60_000)
                {
                    lastPrune = Environment.TickCount64;
                    await changes.PruneAsync(db, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception) { /* logged by CatchUpAsync; the next round tries again */ }
        }
    }
}
