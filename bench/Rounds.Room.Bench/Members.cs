using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rounds.Room.Bench;

public sealed record BenchMember(long Id, string Handle, string Token);

/// <summary>
/// Members written straight into the migrated database (the app is running; SQLite is in WAL mode): a confirmed physician each, with
/// one personal access token hashed as <c>AccessToken.HashOf</c> does. The first is verified, so it may organize the journal club.
/// </summary>
public static class Members
{
    public static async Task<List<BenchMember>> SeedAsync(string provider, string connectionString, int count)
    {
        await using DbConnection c = provider == "Postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString + ";Default Timeout=30");
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var links = provider == "Postgres" ? "'{}'" : "'[]'";
        var now = DateTime.UtcNow;
        var members = new List<BenchMember>(count);
        for (var i = 0; i < count; i++)
        {
            var handle = $"room_{i:D5}";
            var email = $"{handle}@bench.example.org";
            var id = Convert.ToInt64(await ScalarAsync(c, tx, $"""
                INSERT INTO "AspNetUsers" ("DisplayName", "Profession", "Links", "ShowsDisclaimer", "ProfileAudience", "CreatedAt", "GuidelinesAcceptedAt",
                    "VerifiedAt", "VerificationMethod", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp",
                    "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "EmailDigest")
                VALUES (@name, 'Physician', {links}, @t, 'Public', @now, @now, @verified, @method, @handle, @upper, @email, @upperEmail, @t, @stamp,
                    @concurrency, @f, @f, @t, 0, @f)
                RETURNING "Id"
                """,
                ("name", $"Room participant {i}"), ("now", now), ("verified", i == 0 ? now.AddDays(-30) : null), ("method", i == 0 ? "bench" : null),
                ("handle", handle), ("upper", handle.ToUpperInvariant()), ("email", email), ("upperEmail", email.ToUpperInvariant()),
                ("stamp", Guid.NewGuid().ToString("N").ToUpperInvariant()), ("concurrency", Guid.NewGuid().ToString()), ("t", true), ("f", false)),
                System.Globalization.CultureInfo.InvariantCulture);
            // The format of AccessToken.NewSecret() and the hash of AccessToken.HashOf().
            var secret = "rnd_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            await ScalarAsync(c, tx, """INSERT INTO "AccessTokens" ("MemberId", "Name", "Hash", "Prefix", "CreatedAt") VALUES (@id, 'room bench', @hash, @prefix, @now)""",
                ("id", id), ("hash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))), ("prefix", secret[..10]), ("now", now));
            members.Add(new BenchMember(id, handle, secret));
        }
        await tx.CommitAsync();
        return members;
    }

    private static async Task<object?> ScalarAsync(DbConnection c, DbTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return await cmd.ExecuteScalarAsync();
    }
}
