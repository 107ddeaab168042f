using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Rounds.Bench;

/// <summary>Writes the data set into a migrated Rounds database in bulk and answers the few counts the benchmark needs.</summary>
public interface IStore : IAsyncDisposable
{
    Task SeedMembersAsync(Dataset d);
    Task SeedPostsAsync(Dataset d, int from, int to);
    /// <summary>Replaces every home timeline with what fan-out of posts 1..maxPost would have left; returns the row count.</summary>
    Task<long> RebuildHomesAsync(Dataset d, int maxPost);
    Task<long> CountAsync(string sql);
}

public static class Sql
{
    public const string Users = """
        "Id", "DisplayName", "Profession", "Links", "ShowsDisclaimer", "ProfileAudience", "CreatedAt", "GuidelinesAcceptedAt", "VerifiedAt",
        "VerificationMethod", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp",
        "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "EmailDigest"
        """;
    public const string Tokens = """ "Id", "MemberId", "Name", "Hash", "Prefix", "CreatedAt", "LastUsedAt" """;
    public const string Follows = """ "FollowerId", "FolloweeId", "CreatedAt" """;
    public const string Posts = """ "Id", "AuthorId", "Text", "Audience", "CreatedAt", "ReplyCount", "RepostCount", "QuoteCount", "LikeCount", "MediaCount" """;
    public const string Feed = """ "MemberId", "PostId", "AuthorId" """;

    public static string Email(int m) => $"{Dataset.Handle(m)}@bench.example.org";
}

/// <summary>SQLite through the raw sqlite3 API: one prepared statement per table, one transaction, no journal while seeding.</summary>
public sealed class SqliteStore(string path) : IStore
{
    private const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF"; // how EF Core stores DateTime in SQLite

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, ForeignKeys = false }.ToString());
        c.Open();
        // Safe only because the app is stopped while seeding: nothing else has the file open.
        Exec(c, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;");
        return c;
    }

    /// <summary>
    /// The app's change-log triggers (decision 0002) are dropped while seeding and made again after, as an operator would for a bulk
    /// load with the app stopped: 40 million seeded home rows need no change rows (the app starts with empty caches).
    /// </summary>
    private sealed class QuietTriggers : IDisposable
    {
        private readonly SqliteConnection _c;
        private readonly List<(string Name, string Sql)> _triggers = [];

        public QuietTriggers(SqliteConnection c)
        {
            _c = c;
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'";
                using var r = cmd.ExecuteReader();
                while (r.Read()) _triggers.Add((r.GetString(0), r.GetString(1)));
            }
            foreach (var (name, _) in _triggers) Exec(c, $"DROP TRIGGER \"{name}\"");
        }

        public void Dispose()
        {
            foreach (var (_, sql) in _triggers) Exec(_c, sql);
        }
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string T(DateTime t) => t.ToString(Format, CultureInfo.InvariantCulture);

    public Task SeedMembersAsync(Dataset d)
    {
        using var c = Open();
        using var quiet = new QuietTriggers(c);
        Exec(c, "BEGIN");
        var now = T(d.Now);
        using (var users = new Statement(c, $"""INSERT INTO "AspNetUsers" ({Sql.Users}) VALUES (?,?,?,'[]',?,'Public',?,?,?,?,?,?,?,?,1,?,?,0,0,1,0,0)"""))
        using (var tokens = new Statement(c, $"""INSERT INTO "AccessTokens" ({Sql.Tokens}) VALUES (?,?,'bench',?,?,?,?)"""))
        {
            var verifiedAt = T(d.Now.AddDays(-30));
            for (var m = 1; m <= d.Members; m++)
            {
                var handle = Dataset.Handle(m);
                var profession = d.Profession(m);
                var verified = d.Verified(m);
                users.Int(1, m).Text(2, $"Member {m}").Text(3, profession).Int(4, profession == "Organization" ? 0 : 1).Text(5, now).Text(6, now)
                    .TextOrNull(7, verified ? verifiedAt : null).TextOrNull(8, verified ? "bench" : null)
                    .Text(9, handle).Text(10, handle.ToUpperInvariant()).Text(11, Sql.Email(m)).Text(12, Sql.Email(m).ToUpperInvariant())
                    .Text(13, $"STAMP{m}").Text(14, $"c{m}").Run();
                tokens.Int(1, m).Int(2, m).Text(3, d.Hashes[m]).Text(4, d.Secrets[m][..10]).Text(5, now)
                    .TextOrNull(6, d.LastUsed(m) is { } used ? T(used) : null).Run();
            }
        }
        using (var follows = new Statement(c, $"""INSERT INTO "Follows" ({Sql.Follows}) VALUES (?,?,?)"""))
        {
            var since = T(d.Start);
            for (var m = 1; m <= d.Members; m++)
                foreach (var f in d.Followees[m]) follows.Int(1, m).Int(2, f).Text(3, since).Run();
        }
        Exec(c, "COMMIT");
        return Task.CompletedTask;
    }

    public Task SeedPostsAsync(Dataset d, int from, int to)
    {
        using var c = Open();
        using var quiet = new QuietTriggers(c);
        Exec(c, "BEGIN");
        using (var posts = new Statement(c, $"""INSERT INTO "Posts" ({Sql.Posts}) VALUES (?,?,?,?,?,0,0,0,0,0)"""))
        using (var tags = new Statement(c, """INSERT INTO "PostTags" ("Tag", "PostId") VALUES (?,?)"""))
        using (var mentions = new Statement(c, """INSERT INTO "PostMentions" ("PostId", "MemberId", "Handle") VALUES (?,?,?)"""))
        {
            for (var p = from; p <= to; p++)
            {
                var row = d.Post(p);
                posts.Int(1, p).Int(2, row.Author).Text(3, row.Text).Text(4, row.Audience).Text(5, T(d.PostTime(p))).Run();
                foreach (var t in row.Tags) tags.Text(1, t).Int(2, p).Run();
                if (row.Mentioned is { } mm) mentions.Int(1, p).Int(2, mm).Text(3, Dataset.Handle(mm)).Run();
            }
        }
        Exec(c, "COMMIT");
        return Task.CompletedTask;
    }

    public Task<long> RebuildHomesAsync(Dataset d, int maxPost)
    {
        using var c = Open();
        using var quiet = new QuietTriggers(c);
        Exec(c, """DELETE FROM "FeedEntries";""");
        Exec(c, "BEGIN");
        long rows = 0;
        using (var feed = new Statement(c, $"""INSERT INTO "FeedEntries" ({Sql.Feed}) VALUES (?,?,?)"""))
        {
            var buffer = new int[Dataset.HomeCapacity];
            var queue = new PriorityQueue<(int, int), int>();
            for (var m = 1; m <= d.Members; m++)
            {
                var n = d.Home(m, maxPost, buffer, queue);
                for (var i = n - 1; i >= 0; i--) feed.Int(1, m).Int(2, buffer[i]).Int(3, d.AuthorOf[buffer[i]]).Run(); // key order: appends
                rows += n;
            }
        }
        Exec(c, "COMMIT");
        return Task.FromResult(rows);
    }

    public Task<long> CountAsync(string sql)
    {
        // A separate, ordinary connection: the app may be running.
        using var c = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Task.FromResult(Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A prepared statement bound and stepped through the raw API (no per-row ADO.NET objects).</summary>
    private sealed class Statement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        public Statement(SqliteConnection c, string sql)
        {
            _db = c.Handle!;
            Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
        }

        public Statement Int(int i, long v) { raw.sqlite3_bind_int64(_stmt, i, v); return this; }
        public Statement Text(int i, string v) { raw.sqlite3_bind_text(_stmt, i, v); return this; }
        public Statement TextOrNull(int i, string? v) { if (v is null) raw.sqlite3_bind_null(_stmt, i); else raw.sqlite3_bind_text(_stmt, i, v); return this; }

        public void Run()
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE) Check(rc);
            raw.sqlite3_reset(_stmt);
        }

        private void Check(int rc)
        {
            if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
                throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
        }

        public void Dispose() => _stmt.Dispose();
    }
}

/// <summary>PostgreSQL through binary COPY, with foreign-key triggers off for the seeding session (a superuser's bulk load).</summary>
public sealed class PostgresStore(string connectionString) : IStore
{
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connectionString);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var c = await _db.OpenConnectionAsync();
        await Exec(c, "SET session_replication_role = replica; SET maintenance_work_mem = '1GB'; SET synchronous_commit = off;");
        return c;
    }

    private static async Task Exec(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task SeedMembersAsync(Dataset d)
    {
        await using var c = await OpenAsync();
        var verifiedAt = d.Now.AddDays(-30);
        await using (var w = await c.BeginBinaryImportAsync($"""COPY "AspNetUsers" ({Sql.Users}) FROM STDIN (FORMAT BINARY)"""))
        {
            for (var m = 1; m <= d.Members; m++)
            {
                var handle = Dataset.Handle(m);
                var profession = d.Profession(m);
                var verified = d.Verified(m);
                await w.StartRowAsync();
                await w.WriteAsync((long)m, NpgsqlDbType.Bigint);
                await w.WriteAsync($"Member {m}", NpgsqlDbType.Varchar);
                await w.WriteAsync(profession, NpgsqlDbType.Varchar);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await w.WriteAsync(profession != "Organization", NpgsqlDbType.Boolean);
                await w.WriteAsync("Public", NpgsqlDbType.Varchar);
                await w.WriteAsync(d.Now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(d.Now, NpgsqlDbType.TimestampTz);
                if (verified) await w.WriteAsync(verifiedAt, NpgsqlDbType.TimestampTz); else await w.WriteNullAsync();
                if (verified) await w.WriteAsync("bench", NpgsqlDbType.Varchar); else await w.WriteNullAsync();
                await w.WriteAsync(handle, NpgsqlDbType.Varchar);
                await w.WriteAsync(handle.ToUpperInvariant(), NpgsqlDbType.Varchar);
                await w.WriteAsync(Sql.Email(m), NpgsqlDbType.Varchar);
                await w.WriteAsync(Sql.Email(m).ToUpperInvariant(), NpgsqlDbType.Varchar);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync($"STAMP{m}", NpgsqlDbType.Text);
                await w.WriteAsync($"c{m}", NpgsqlDbType.Text);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(0, NpgsqlDbType.Integer);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync($"""COPY "AccessTokens" ({Sql.Tokens}) FROM STDIN (FORMAT BINARY)"""))
        {
            for (var m = 1; m <= d.Members; m++)
            {
                await w.StartRowAsync();
                await w.WriteAsync((long)m, NpgsqlDbType.Bigint);
                await w.WriteAsync((long)m, NpgsqlDbType.Bigint);
                await w.WriteAsync("bench", NpgsqlDbType.Varchar);
                await w.WriteAsync(d.Hashes[m], NpgsqlDbType.Varchar);
                await w.WriteAsync(d.Secrets[m][..10], NpgsqlDbType.Varchar);
                await w.WriteAsync(d.Now, NpgsqlDbType.TimestampTz);
                if (d.LastUsed(m) is { } used) await w.WriteAsync(used, NpgsqlDbType.TimestampTz); else await w.WriteNullAsync();
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync($"""COPY "Follows" ({Sql.Follows}) FROM STDIN (FORMAT BINARY)"""))
        {
            for (var m = 1; m <= d.Members; m++)
                foreach (var f in d.Followees[m])
                {
                    await w.StartRowAsync();
                    await w.WriteAsync((long)m, NpgsqlDbType.Bigint);
                    await w.WriteAsync((long)f, NpgsqlDbType.Bigint);
                    await w.WriteAsync(d.Start, NpgsqlDbType.TimestampTz);
                }
            await w.CompleteAsync();
        }
        await Exec(c, """
            SELECT setval(pg_get_serial_sequence('"AspNetUsers"', 'Id'), (SELECT MAX("Id") FROM "AspNetUsers"));
            SELECT setval(pg_get_serial_sequence('"AccessTokens"', 'Id'), (SELECT MAX("Id") FROM "AccessTokens"));
            """);
    }

    public async Task SeedPostsAsync(Dataset d, int from, int to)
    {
        await using var c = await OpenAsync();
        await using (var w = await c.BeginBinaryImportAsync($"""COPY "Posts" ({Sql.Posts}) FROM STDIN (FORMAT BINARY)"""))
        {
            for (var p = from; p <= to; p++)
            {
                var row = d.Post(p);
                await w.StartRowAsync();
                await w.WriteAsync((long)p, NpgsqlDbType.Bigint);
                await w.WriteAsync((long)row.Author, NpgsqlDbType.Bigint);
                await w.WriteAsync(row.Text, NpgsqlDbType.Varchar);
                await w.WriteAsync(row.Audience, NpgsqlDbType.Varchar);
                await w.WriteAsync(d.PostTime(p), NpgsqlDbType.TimestampTz);
                for (var i = 0; i < 5; i++) await w.WriteAsync(0, NpgsqlDbType.Integer);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync("""COPY "PostTags" ("Tag", "PostId") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var p = from; p <= to; p++)
                foreach (var t in d.Post(p).Tags)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(t, NpgsqlDbType.Varchar);
                    await w.WriteAsync((long)p, NpgsqlDbType.Bigint);
                }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync("""COPY "PostMentions" ("PostId", "MemberId", "Handle") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var p = from; p <= to; p++)
                if (d.Post(p).Mentioned is { } mm)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync((long)p, NpgsqlDbType.Bigint);
                    await w.WriteAsync((long)mm, NpgsqlDbType.Bigint);
                    await w.WriteAsync(Dataset.Handle(mm), NpgsqlDbType.Varchar);
                }
            await w.CompleteAsync();
        }
        await Exec(c, """SELECT setval(pg_get_serial_sequence('"Posts"', 'Id'), (SELECT MAX("Id") FROM "Posts"));""");
        await Exec(c, "VACUUM (ANALYZE)"); // see RebuildHomesAsync
    }

    public async Task<long> RebuildHomesAsync(Dataset d, int maxPost)
    {
        await using var c = await OpenAsync();
        await Exec(c, """TRUNCATE "FeedEntries";""");
        long rows = 0;
        await using (var w = await c.BeginBinaryImportAsync($"""COPY "FeedEntries" ({Sql.Feed}) FROM STDIN (FORMAT BINARY)"""))
        {
            var buffer = new int[Dataset.HomeCapacity];
            var queue = new PriorityQueue<(int, int), int>();
            for (var m = 1; m <= d.Members; m++)
            {
                var n = d.Home(m, maxPost, buffer, queue);
                for (var i = n - 1; i >= 0; i--)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync((long)m, NpgsqlDbType.Bigint);
                    await w.WriteAsync((long)buffer[i], NpgsqlDbType.Bigint);
                    await w.WriteAsync((long)d.AuthorOf[buffer[i]], NpgsqlDbType.Bigint);
                }
                rows += n;
            }
            await w.CompleteAsync();
        }
        // Vacuumed as well as analyzed, as a table that grew row by row would have been: left to autovacuum, a bulk-loaded table's first
        // vacuum reads and rewrites all 40 M rows (2 GB, about a minute) during the first posting runs.
        await Exec(c, """VACUUM (ANALYZE) "FeedEntries";""");
        return rows;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var cmd = _db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
