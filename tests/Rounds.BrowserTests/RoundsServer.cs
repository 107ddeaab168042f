using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Verification;

namespace Rounds.BrowserTests;

public sealed record BrowserMember(long Id, string Handle, string Email, string Password);

/// <summary>
/// The real app on Kestrel (a free 127.0.0.1 port, its own SQLite database and mail pickup folder in a temp dir)
/// plus one headless Chromium, shared by the tests of a class. Each test gets fresh browser contexts.
/// </summary>
public sealed partial class RoundsServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = "Correct-horse-42";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("rounds-browser-").FullName;
    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseAddress { get; private set; } = "";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private static int _counter;

    public RoundsServer()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Rounds:Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Rounds", $"Data Source={Path.Combine(DataDirectory, "rounds.db")}");
        builder.UseSetting("Rounds:DataDirectory", DataDirectory);
        builder.UseSetting("Rounds:Seed:Demo", "false");
        // Empty on purpose: email links then use the request's origin, which is this Kestrel address.
        builder.UseSetting("Rounds:PublicUrl", "");
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Browser tests need Chromium at {ChromiumPath} (Debian: apt-get install chromium). It is missing, so these tests fail; they never download a browser.");

        StartServer(); // migrations run here
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server reports no addresses.");
        BaseAddress = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))?.TrimEnd('/')
            ?? throw new InvalidOperationException($"No http address among: {string.Join(", ", addresses)}");

        _playwright = await Playwright.CreateAsync();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Could not launch Chromium at {ChromiumPath}: {e.Message}", e);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running.");

    /// <summary>A page in a new browser context (own cookies), with relative URLs resolved against the server.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress, Locale = "en-US" });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs one test with its own browser session; if it fails, every page it opened is saved to
    /// bin/screenshots/&lt;test&gt;[-n].png in this project's folder before the failure is rethrown.
    /// </summary>
    public async Task RunAsync(Func<BrowserSession, Task> test, [CallerMemberName] string testName = "")
    {
        var session = new BrowserSession(this);
        try
        {
            await test(session);
        }
        catch
        {
            await session.ScreenshotAllAsync(testName);
            throw;
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    // ---- email ----

    /// <summary>The emails written to the pickup folder for this address, oldest first.</summary>
    public IReadOnlyList<string> EmailsTo(string address) =>
        Directory.Exists(MailDirectory)
            ? Directory.GetFiles(MailDirectory, "*.eml").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText)
                .Where(t => t.Contains($"To: {address}\r\n", StringComparison.OrdinalIgnoreCase)).ToList()
            : [];

    /// <summary>The first http(s) link in the newest email to this address whose text contains <paramref name="containing"/>; waits briefly for it.</summary>
    public async Task<string> LinkInEmailAsync(string address, string containing = "")
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var mail = EmailsTo(address).LastOrDefault(t => t.Contains(containing, StringComparison.OrdinalIgnoreCase));
            if (mail is not null)
            {
                var match = LinkPattern().Match(mail);
                if (!match.Success) throw new InvalidOperationException($"The email to {address} has no link:\n{mail}");
                return match.Value;
            }
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"No email to {address}{(containing.Length > 0 ? $" containing '{containing}'" : "")} in {MailDirectory}.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    // ---- data made directly through the app's services ----

    public static string UniqueHandle(string prefix) =>
        $"{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}"[..Math.Min(30, prefix.Length + 14)];

    /// <summary>A member with a confirmed email, made through UserManager; optionally verified and given a role.</summary>
    public async Task<BrowserMember> CreateMemberAsync(Profession profession = Profession.Physician, bool verified = false, string? role = null,
        string? handlePrefix = null)
    {
        var handle = UniqueHandle(handlePrefix ?? profession.ToString().ToLowerInvariant()[..Math.Min(8, profession.ToString().Length)]);
        var email = $"{handle}@example.org";
        long id = 0;
        await WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Member>>();
            var db = sp.GetRequiredService<RoundsDb>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var m = new Member
            {
                Email = email, EmailConfirmed = true, Handle = handle, DisplayName = $"Browser {profession} {handle}", Profession = profession,
                ShowsDisclaimer = profession.IsClinician(), CreatedAt = now, GuidelinesAcceptedAt = now,
            };
            m.NormalizeKeys();
            var result = await users.CreateAsync(m, Password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            if (role is not null) await AdminCli.GrantAsync(sp, users, m, role);
            if (verified)
            {
                db.Attach(m);
                Verifier.Grant(db, m, "moderator", AuditActions.VerificationApproved, null, now, sp.GetRequiredService<VerificationOptions>(), "browser test");
                await db.SaveChangesAsync();
            }
            id = m.Id;
        });
        return new BrowserMember(id, handle, email, Password);
    }

    /// <summary>A verified physician with the moderator role.</summary>
    public Task<BrowserMember> CreateModeratorAsync() => CreateMemberAsync(Profession.Physician, verified: true, role: Roles.Moderator, handlePrefix: "mod");

    public async Task WithServicesAsync(Func<IServiceProvider, Task> work)
    {
        using var scope = Services.CreateScope();
        await work(scope.ServiceProvider);
    }

    public async Task<T> WithDbAsync<T>(Func<RoundsDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<RoundsDb>());
    }

    internal static string ScreenshotDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rounds.BrowserTests.csproj")))
                return Path.Combine(dir.FullName, "bin", "screenshots");
        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }
}

/// <summary>The browser contexts one test opened; closed when the test ends.</summary>
public sealed class BrowserSession(RoundsServer server) : IAsyncDisposable
{
    private readonly List<IPage> _pages = [];

    /// <summary>A page in a new browser context: a separate person with their own cookies.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await server.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    internal async Task ScreenshotAllAsync(string testName)
    {
        var dir = RoundsServer.ScreenshotDirectory();
        Directory.CreateDirectory(dir);
        for (var i = 0; i < _pages.Count; i++)
        {
            var path = Path.Combine(dir, i == 0 ? $"{testName}.png" : $"{testName}-{i + 1}.png");
            try { await _pages[i].ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 5_000 }); }
            catch (PlaywrightException) { } // a broken page must not hide the test's own failure
            catch (TimeoutException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            try { await page.Context.CloseAsync(); } catch (PlaywrightException) { }
        }
        _pages.Clear();
    }
}
