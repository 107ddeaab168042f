using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Rounds.ClusterTests;

public sealed record ClusterMember(long Id, string Handle, string Token);

/// <summary>
/// Two Rounds nodes sharing one fresh PostgreSQL database and one Redis (the SignalR backplane), as in a
/// multi-node deployment. ROUNDS_TEST_PG names the PostgreSQL server, ROUNDS_TEST_REDIS the Redis host:port;
/// when either is unreachable the fixture throws, so every test fails rather than being skipped.
/// </summary>
public sealed class RoundsCluster : IAsyncLifetime
{
    private static int _counter;

    public string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("ROUNDS_TEST_PG") is { Length: > 0 } pg ? pg : "Host=127.0.0.1;Port=54329;Username=postgres";
    public string Redis { get; } = Environment.GetEnvironmentVariable("ROUNDS_TEST_REDIS") is { Length: > 0 } r ? r : "127.0.0.1:6379";
    public string DatabaseName { get; } = $"rounds_cluster_{Guid.NewGuid():N}";
    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = DatabaseName }.ConnectionString;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("rounds-cluster-").FullName;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public RoundsNode A { get; private set; } = null!;
    public RoundsNode B { get; private set; } = null!;
    private NpgsqlDataSource? _db;
    private bool _created;

    public NpgsqlDataSource Db => _db ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync()
    {
        await RequireRedisAsync();
        await using (var server = await OpenServerAsync())
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", server))
            await create.ExecuteNonQueryAsync();
        _created = true;
        _db = NpgsqlDataSource.Create(ConnectionString);

        // A starts alone and migrates the empty database; B then starts on the migrated schema.
        A = StartNode("A");
        await A.WaitHealthyAsync(Http, TimeSpan.FromSeconds(60));
        B = StartNode("B");
        await B.WaitHealthyAsync(Http, TimeSpan.FromSeconds(60));
    }

    private RoundsNode StartNode(string name)
    {
        var dataDir = Directory.CreateDirectory(Path.Combine(DataDirectory, name)).FullName;
        return RoundsNode.Start(name, new Dictionary<string, string>
        {
            ["Rounds__Database__Provider"] = "Postgres",
            ["ConnectionStrings__Rounds"] = ConnectionString,
            ["Rounds__Redis"] = Redis,
            ["Rounds__Seed__Demo"] = "false",
            ["Rounds__DataDirectory"] = dataDir,
            ["Rounds__Jobs__PollMilliseconds"] = "100",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        });
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
        Http.Dispose();
        if (_created)
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = await OpenServerAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task<NpgsqlConnection> OpenServerAsync()
    {
        var cs = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Timeout = 5 }.ConnectionString;
        var connection = new NpgsqlConnection(cs);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"The cluster tests need PostgreSQL (ROUNDS_TEST_PG='{ServerConnectionString}') and cannot reach it: {e.Message}. ./test.sh starts one.", e);
        }
    }

    /// <summary>Fails unless a Redis server answers PING at <see cref="Redis"/>.</summary>
    private async Task RequireRedisAsync()
    {
        var (host, port) = Redis.LastIndexOf(':') is var i and > 0 ? (Redis[..i], int.Parse(Redis[(i + 1)..].Split(',')[0])) : (Redis, 6379);
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var n = await stream.ReadAsync(buffer, timeout.Token);
            var answer = Encoding.ASCII.GetString(buffer, 0, n);
            if (!answer.StartsWith("+PONG", StringComparison.Ordinal)) throw new InvalidOperationException($"Redis answered '{answer.Trim()}' to PING.");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"The cluster tests need Redis (ROUNDS_TEST_REDIS='{Redis}') and cannot reach it: {e.Message}. ./test.sh starts one.", e);
        }
    }

    // ---- data written straight into the shared database ----

    /// <summary>A confirmed, unverified physician with one personal access token (hashed as AccessToken.HashOf does).</summary>
    public async Task<ClusterMember> MemberAsync(string prefix = "m")
    {
        var n = Interlocked.Increment(ref _counter);
        var handle = $"{prefix}_{n}_{Guid.NewGuid():N}"[..Math.Min(30, prefix.Length + 12)];
        var email = $"{handle}@example.org";
        var now = DateTime.UtcNow;
        await using var cmd = Db.CreateCommand("""
            INSERT INTO "AspNetUsers" ("DisplayName", "Profession", "Links", "ShowsDisclaimer", "ProfileAudience", "CreatedAt", "GuidelinesAcceptedAt",
                "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp",
                "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "EmailDigest")
            VALUES ($1, 'Physician', '{}', TRUE, 'Public', $2, $2, $3, $4, $5, $6, TRUE, $7, $8, FALSE, FALSE, TRUE, 0, FALSE)
            RETURNING "Id"
            """);
        cmd.Parameters.Add(new() { Value = $"Cluster {handle}" });
        cmd.Parameters.Add(new() { Value = now });
        cmd.Parameters.Add(new() { Value = handle });
        cmd.Parameters.Add(new() { Value = handle.ToUpperInvariant() });
        cmd.Parameters.Add(new() { Value = email });
        cmd.Parameters.Add(new() { Value = email.ToUpperInvariant() });
        cmd.Parameters.Add(new() { Value = Guid.NewGuid().ToString("N").ToUpperInvariant() });
        cmd.Parameters.Add(new() { Value = Guid.NewGuid().ToString() });
        var id = (long)(await cmd.ExecuteScalarAsync())!;

        var secret = "rnd_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var token = Db.CreateCommand("""
            INSERT INTO "AccessTokens" ("MemberId", "Name", "Hash", "Prefix", "CreatedAt") VALUES ($1, 'cluster tests', $2, $3, $4)
            """);
        token.Parameters.Add(new() { Value = id });
        token.Parameters.Add(new() { Value = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))) });
        token.Parameters.Add(new() { Value = secret[..10] });
        token.Parameters.Add(new() { Value = now });
        await token.ExecuteNonQueryAsync();
        return new ClusterMember(id, handle, secret);
    }

    public async Task FollowAsync(ClusterMember follower, ClusterMember followee)
    {
        await using var cmd = Db.CreateCommand("""INSERT INTO "Follows" ("FollowerId", "FolloweeId", "CreatedAt") VALUES ($1, $2, $3)""");
        cmd.Parameters.Add(new() { Value = follower.Id });
        cmd.Parameters.Add(new() { Value = followee.Id });
        cmd.Parameters.Add(new() { Value = DateTime.UtcNow });
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new() { Value = a });
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    // ---- the API of one node ----

    /// <summary>Creates a public post through a node's API and returns its id.</summary>
    public async Task<long> PostAsync(RoundsNode node, ClusterMember author, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.BaseAddress}/api/v1/posts")
        {
            Content = JsonContent.Create(new { text, audience = "public" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", author.Token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST /api/v1/posts on {node.Name} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Sends a request without a body through a node's API as a member; returns the body of a successful answer.</summary>
    public async Task<string> SendAsync(RoundsNode node, ClusterMember member, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, $"{node.BaseAddress}{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.Token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} on {node.Name} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The ids on the member's home timeline as one node serves it.</summary>
    public async Task<List<long>> HomeAsync(RoundsNode node, ClusterMember member, int limit = 40)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.BaseAddress}/api/v1/timelines/home?limit={limit}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.Token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET home on {node.Name} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<RoundsCluster>
{
    public const string Name = "two nodes";
}
