using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP with its own database: SQLite by default, PostgreSQL when ROUNDS_TEST_DB=Postgres
/// (ROUNDS_TEST_PG gives the server; a fresh database is created per fixture and dropped afterwards).
/// </summary>
public class RoundsApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("rounds-test-").FullName;
    public TestClock Clock { get; } = new();
    public Given Given { get; }
    public Mailbox Mail { get; }
    public string Provider { get; } = Environment.GetEnvironmentVariable("ROUNDS_TEST_DB") ?? "Sqlite";
    private readonly string _connectionString;

    public RoundsApp()
    {
        _connectionString = IsPostgres
            ? $"{Environment.GetEnvironmentVariable("ROUNDS_TEST_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres"};Database=rounds_test_{Guid.NewGuid():N}"
            : $"Data Source={Path.Combine(DataDirectory, "rounds.db")}";
        Given = new Given(this);
        Mail = new Mailbox(Path.Combine(DataDirectory, "mail"));
    }

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Extra settings a test class needs (e.g. a short link lifetime), applied before the app starts.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Rounds:Database:Provider", IsPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Rounds", _connectionString);
        builder.UseSetting("Rounds:DataDirectory", DataDirectory);
        builder.UseSetting("Rounds:Seed:Demo", "false");
        builder.UseSetting("Rounds:PublicUrl", "http://localhost");
        builder.UseSetting("Rounds:Jobs:PollMilliseconds", "50");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    public Task InitializeAsync()
    {
        _ = Services; // start the host: migrations run here
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (IsPostgres)
        {
            using var scope = Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RoundsDb>().Database.EnsureDeletedAsync();
        }
        await DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>An API client authenticated with a personal access token of this member.</summary>
    public HttpClient As(TestMember member)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", member.Token);
        return client;
    }

    public HttpClient Anonymous() => CreateClient();

    /// <summary>A browser-like client for the pages: keeps cookies, does not follow redirects.</summary>
    public PageClient Browser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<T> WithDbAsync<T>(Func<RoundsDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<RoundsDb>());
    }

    public async Task WithServicesAsync(Func<IServiceProvider, Task> work)
    {
        using var scope = Services.CreateScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Waits until every job due now has run (the worker is real; the test only waits for it).</summary>
    public async Task SettleAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var busy = await WithDbAsync(db => db.Jobs.AnyAsync(j => (j.State == JobState.Pending && j.RunAt <= now) || j.State == JobState.Running));
            if (!busy) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Jobs did not finish in time.");
            await Task.Delay(25);
        }
    }

    public Task<Member> MemberAsync(long id) => WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(m => m.Id == id));
}

/// <summary>A clock the tests move; the app reads time only through TimeProvider.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
