using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;

namespace Rounds.Tests.Infrastructure;

/// <summary>
/// Who pays for SQLite's checkpoints (SqlitePragmas): background work while it is writing, requests otherwise. Seen from outside
/// as the size of the write-ahead log: a log that is checkpointed restarts from its beginning, one that is not keeps growing.
/// These run on a database file of their own, whichever database the rest of the suite uses.
/// </summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private const int PageSize = 4096, PagesPerWrite = 100;
    private readonly string _directory = Directory.CreateTempSubdirectory("rounds-wal-").FullName;
    private readonly string _file;

    public SqliteCheckpointTests()
    {
        _file = Path.Combine(_directory, "wal.db");
        using var db = Open();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        db.Database.ExecuteSqlRaw("CREATE TABLE Notes (Body BLOB NOT NULL);");
    }

    public void Dispose()
    {
        using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file}")) Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private sealed class Scratch(DbContextOptions<Scratch> options) : DbContext(options);

    private Scratch Open() => new(new DbContextOptionsBuilder<Scratch>().UseSqlite($"Data Source={_file}").AddInterceptors(SqlitePragmas.Instance).Options);

    /// <summary>Commits <paramref name="writes"/> transactions of about a hundred pages each.</summary>
    private async Task WriteAsync(int writes)
    {
        await using var db = Open();
        for (var i = 0; i < writes; i++)
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO Notes (Body) VALUES (randomblob({PagesPerWrite * PageSize}))");
    }

    private Task BackgroundWriteAsync(int writes) => Task.Run(async () =>
    {
        BackgroundWork.Begin(); // only inside this task: the test's own flow stays a request
        await WriteAsync(writes);
    });

    // The log's file keeps its largest size; the pooled connection keeps it open (the last connection to close removes it).
    private long LogPages => new FileInfo(_file + "-wal").Length / PageSize;

    /// <summary>Pages in the log now (a passive checkpoint reports it without changing it).</summary>
    private async Task<long> FramesAsync()
    {
        await using var db = Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(1);
    }

    [Fact]
    public async Task Without_background_work_a_requests_commits_keep_the_log_short()
    {
        await WriteAsync(60); // 6,000 pages

        Assert.True(LogPages < 2 * SqlitePragmas.CheckpointPages, $"the log grew to {LogPages} pages");
    }

    [Fact]
    public async Task Background_work_keeps_the_log_short()
    {
        await BackgroundWriteAsync(60);

        Assert.True(LogPages < 2 * SqlitePragmas.CheckpointPages, $"the log grew to {LogPages} pages");
    }

    [Fact]
    public async Task Requests_leave_checkpoints_to_background_work_that_just_made_one_and_take_them_up_again_a_second_later()
    {
        await BackgroundWriteAsync(11); // over 1,000 pages: the last commit checkpoints

        await WriteAsync(25); // 2,500 pages after the log restarted, none of them checkpointed by these requests
        var held = await FramesAsync(); // (checkpoints all of it: the next write starts the log afresh)
        Assert.True(held >= 25 * PagesPerWrite, $"the log holds {held} pages");

        await Task.Delay(SqlitePragmas.BackgroundCheckpointMilliseconds + 200);
        await WriteAsync(25); // a request's commit over 1,000 pages checkpoints again, so the log restarts on the way
        var after = await FramesAsync();
        Assert.True(after < SqlitePragmas.CheckpointPages, $"the log holds {after} pages");
    }
}
