using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;

namespace Rounds.Tests.Features.Accounts;

/// <summary>The account pages, driven through their real forms (antiforgery token included).</summary>
public partial class AccountPagesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static Dictionary<string, string> SignInFields(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    private async Task<(string Email, string Handle)> SignUpAsync()
    {
        var handle = "p" + Guid.NewGuid().ToString("N")[..10];
        var email = $"{handle}@example.org";
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/accounts", new
        {
            email, password = Given.Password, displayName = "Dr. Page Test", handle, profession = "Physician", acceptGuidelines = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (email, handle);
    }

    [Fact]
    public async Task Signing_in_waits_for_a_confirmed_email_and_the_link_confirms_it()
    {
        var (email, _) = await SignUpAsync();
        using var browser = app.Browser();

        var refused = await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(email, Given.Password));
        Assert.Contains("Confirm your email first", await refused.Content.ReadAsStringAsync());
        Assert.Equal(2, app.Mail.To(email).Count); // the sign-up email and a fresh one

        var confirmed = await browser.GetPageAsync(app.Mail.LinkIn(email));
        Assert.Contains("your email is confirmed", confirmed);

        var signedIn = await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(email, Given.Password));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings/profile")).StatusCode);
    }

    [Fact]
    public async Task A_forged_confirmation_link_confirms_nothing()
    {
        var (email, handle) = await SignUpAsync();
        var link = app.Mail.LinkIn(email);
        var forged = Regex.Replace(link, "code=[^&]+", "code=QUJDREVG");
        var page = await app.Browser().GetPageAsync(forged);
        Assert.Contains("not valid", page);
        var member = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(m => m.UserName == handle)));
        Assert.False(member.EmailConfirmed);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, "Wrong-password-1"));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var locked = await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password));
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/settings/profile")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_link_sets_a_new_password_once()
    {
        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        var asked = await browser.SubmitAsync("/account/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = member.Email });
        Assert.Contains("we sent it a link", await asked.Content.ReadAsStringAsync());
        var link = app.Mail.LinkIn(member.Email);

        var reset = await browser.SubmitAsync(link, "reset", new Dictionary<string, string> { ["Input.Password"] = "Brand-new-pass-7" });
        Assert.Contains("Your password is changed", await reset.Content.ReadAsStringAsync());

        var old = await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password));
        Assert.Contains("incorrect", await old.Content.ReadAsStringAsync());
        var fresh = await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, "Brand-new-pass-7"));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);

        var replay = await app.Browser().SubmitAsync(link, "reset", new Dictionary<string, string> { ["Input.Password"] = "Another-pass-8" });
        Assert.Contains("not valid or has expired", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Asking_for_a_reset_does_not_reveal_whether_an_account_exists()
    {
        var response = await app.Browser().SubmitAsync("/account/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.org" });
        Assert.Contains("we sent it a link", await response.Content.ReadAsStringAsync());
        Assert.Empty(app.Mail.To("nobody@example.org"));
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_in_place()
    {
        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        await browser.SubmitAsync("/account/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = member.Email });
        var reset = await browser.SubmitAsync(app.Mail.LinkIn(member.Email), "reset", new Dictionary<string, string> { ["Input.Password"] = "short" });
        var html = await reset.Content.ReadAsStringAsync();
        Assert.Contains("id=\"password-error\"", html);
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_the_authenticator_code_and_accepts_a_recovery_code_once()
    {
        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password))).StatusCode);

        var settings = await browser.GetPageAsync("/settings/security");
        var key = KeyPattern().Match(settings).Groups[1].Value.Replace(" ", "");
        Assert.NotEmpty(key);
        var wrong = await browser.SubmitAsync("/settings/security", "enable", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        Assert.Contains("id=\"code-error\"", await wrong.Content.ReadAsStringAsync());
        var enabled = await browser.SubmitAsync("/settings/security", "enable", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var enabledHtml = await enabled.Content.ReadAsStringAsync();
        var codes = CodePattern().Matches(enabledHtml.Split("data-testid=\"recovery-codes\"")[1]).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        using var second = app.Browser();
        var first = await second.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password));
        Assert.StartsWith("/account/sign-in/two-factor", first.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/settings/profile")).StatusCode);
        var bad = await second.SubmitAsync(first.Headers.Location!.PathAndQuery(), "two-factor", new Dictionary<string, string> { ["Code.Value"] = "123456" });
        Assert.Contains("not valid", await bad.Content.ReadAsStringAsync());
        var good = await second.SubmitAsync(first.Headers.Location!.PathAndQuery(), "two-factor", new Dictionary<string, string> { ["Code.Value"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/settings/profile")).StatusCode);

        foreach (var attempt in new[] { true, false })
        {
            using var third = app.Browser();
            var step = await third.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password));
            var recovery = await third.SubmitAsync(step.Headers.Location!.PathAndQuery(), "recovery", new Dictionary<string, string> { ["Recovery.Value"] = codes[0] });
            Assert.Equal(attempt ? HttpStatusCode.Redirect : HttpStatusCode.OK, recovery.StatusCode);
        }
    }

    [Fact]
    public async Task Settings_need_a_signed_in_member_and_the_queue_needs_a_moderator()
    {
        var anonymous = await app.Browser().GetAsync("/settings/profile");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.PathAndQuery());

        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password));
        var queue = await browser.GetAsync("/moderation/verification");
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.StartsWith("/account/denied", queue.Headers.Location!.PathAndQuery());
        var audit = await browser.GetAsync("/admin/audit");
        Assert.StartsWith("/account/denied", audit.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task The_sign_up_form_shows_a_duplicate_email_beside_its_field_and_creates_nothing()
    {
        var existing = await app.Given.VerifiedClinician();
        var before = await app.WithDbAsync(db => Task.FromResult(db.Users.Count()));
        var response = await app.Browser().SubmitAsync("/account/sign-up", "sign-up", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Someone", ["Input.Handle"] = "someone_new", ["Input.Email"] = existing.Email,
            ["Input.Password"] = Given.Password, ["Input.Profession"] = "Physician", ["Input.AcceptGuidelines"] = "true",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"email-error\"[^>]*>An account with this email already exists", html);
        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult(db.Users.Count())));
    }

    [Fact]
    public async Task Tokens_made_on_the_settings_page_work_on_the_API_until_revoked()
    {
        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        await browser.SubmitAsync("/account/sign-in", "sign-in", SignInFields(member.Email, member.Password));
        var created = await browser.SubmitAsync("/settings/tokens", "create-token", new Dictionary<string, string> { ["Input.Name"] = "my app" });
        var token = TokenPattern().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith("rnd_", token);

        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        var page = await browser.GetPageAsync("/settings/tokens");
        Assert.DoesNotContain(token, page);
        var id = await app.WithDbAsync(db => Task.FromResult(db.AccessTokens.Single(t => t.MemberId == member.Id && t.Name == "my app").Id));
        await browser.SubmitAsync("/settings/tokens", $"revoke-{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex KeyPattern();
    [GeneratedRegex("<code>([^<]+)</code>")]
    private static partial Regex CodePattern();
    [GeneratedRegex("data-testid=\"new-token\">([^<]+)<")]
    private static partial Regex TokenPattern();
}

/// <summary>Reset links expire: this app issues links that last about a second.</summary>
public class ExpiredResetLinkTests(ExpiredResetLinkTests.ShortLinks app) : IClassFixture<ExpiredResetLinkTests.ShortLinks>
{
    public sealed class ShortLinks : RoundsApp
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Rounds:Accounts:EmailLinkMinutes", "0.015")];
    }

    [Fact]
    public async Task An_expired_reset_link_is_refused_and_the_password_stays()
    {
        var member = await app.Given.VerifiedClinician();
        using var browser = app.Browser();
        await browser.SubmitAsync("/account/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = member.Email });
        var link = app.Mail.LinkIn(member.Email);
        await Task.Delay(TimeSpan.FromSeconds(2)); // Identity's data-protection tokens read the system clock

        var reset = await browser.SubmitAsync(link, "reset", new Dictionary<string, string> { ["Input.Password"] = "Brand-new-pass-7" });
        Assert.Contains("not valid or has expired", await reset.Content.ReadAsStringAsync());
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Member>>();
            var m = await users.FindByIdAsync(member.Id.ToString());
            Assert.True(await users.CheckPasswordAsync(m!, member.Password));
        });
    }
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
