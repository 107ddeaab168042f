using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Profiles;

namespace Rounds.Tests.Features.Accounts;

public class SignUpTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static int _n;

    private static object NewAccount(string? email = null, string? handle = null, string password = Given.Password,
        Profession profession = Profession.Physician, bool acceptGuidelines = true)
    {
        var n = Interlocked.Increment(ref _n);
        var unique = $"signup_{n}_{Random.Shared.Next(1000, 9999)}";
        // The profession goes as the enum's number here; the test below sends its name, as profiles show it.
        return new { email = email ?? $"{unique}@example.org", password, displayName = $"Dr Sign Up {n}", handle = handle ?? unique, profession, acceptGuidelines };
    }

    private Task<HttpResponseMessage> SignUpAsync(object account) => app.Anonymous().PostAsJsonAsync("/api/v1/accounts", account);

    [Fact]
    public async Task Signing_up_creates_an_unconfirmed_account_and_emails_a_confirmation_link()
    {
        var response = await SignUpAsync(NewAccount(email: "new.joiner@example.org", handle: "new_joiner"));

        var created = await response.ReadAsync<SignUp.Response>(HttpStatusCode.Created);
        Assert.Equal("new_joiner", created.Handle);
        Assert.False(created.EmailConfirmed);
        var link = app.Mail.LinkIn("new.joiner@example.org");
        Assert.StartsWith("/account/confirm?", link);
        var query = QueryHelpers.ParseQuery(new Uri("http://localhost" + link).Query);
        Assert.Equal(created.Id.ToString(), query["member"].ToString());
        Assert.False(string.IsNullOrEmpty(query["code"]));
        Assert.False((await app.MemberAsync(created.Id)).EmailConfirmed);
    }

    [Fact]
    public async Task The_link_in_the_confirmation_email_confirms_the_address()
    {
        var created = await (await SignUpAsync(NewAccount(email: "confirm.me@example.org"))).ReadAsync<SignUp.Response>(HttpStatusCode.Created);

        var response = await app.Anonymous().GetAsync(app.Mail.LinkIn("confirm.me@example.org"));

        Assert.True(response.IsSuccessStatusCode, $"Following the emailed link gave {(int)response.StatusCode}.");
        Assert.True((await app.MemberAsync(created.Id)).EmailConfirmed);
    }

    [Fact]
    public async Task A_member_names_their_profession_the_way_their_profile_shows_it()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/accounts", new
        {
            email = "pharmacist.by.name@example.org", password = Given.Password, displayName = "Pat Pharmacist",
            handle = "pharm_by_name", profession = "Pharmacist", acceptGuidelines = true,
        });

        await response.AssertStatusAsync(HttpStatusCode.Created);
        var profile = await app.Anonymous().GetFromJsonAsync<ProfileView>("/api/v1/profiles/pharm_by_name");
        Assert.Equal("Pharmacist", profile!.Profession);
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_is_refused_whatever_its_case()
    {
        var existing = await app.Given.Member();
        var before = await app.CountUsersAsync();

        var response = await SignUpAsync(NewAccount(email: existing.Email.ToUpperInvariant()));

        await response.AssertInvalidAsync("email");
        Assert.Equal(before, await app.CountUsersAsync());
    }

    [Fact]
    public async Task A_taken_handle_is_refused()
    {
        var existing = await app.Given.Member();
        var before = await app.CountUsersAsync();

        var response = await SignUpAsync(NewAccount(handle: "@" + existing.Handle.ToUpperInvariant()));

        await response.AssertInvalidAsync("handle");
        Assert.Equal(before, await app.CountUsersAsync());
    }

    [Fact]
    public async Task A_weak_password_is_refused_and_nothing_is_written()
    {
        var before = await app.CountUsersAsync();

        var response = await SignUpAsync(NewAccount(email: "weak.password@example.org", password: "short"));

        await response.AssertInvalidAsync("password");
        Assert.Equal(before, await app.CountUsersAsync());
        Assert.Empty(app.Mail.To("weak.password@example.org"));
    }

    [Fact]
    public async Task Joining_requires_accepting_the_community_guidelines()
    {
        var before = await app.CountUsersAsync();

        var response = await SignUpAsync(NewAccount(email: "no.guidelines@example.org", acceptGuidelines: false));

        await response.AssertInvalidAsync("acceptGuidelines");
        Assert.Equal(before, await app.CountUsersAsync());
        Assert.Empty(app.Mail.To("no.guidelines@example.org"));
    }

    [Fact]
    public async Task Clinicians_show_the_not_medical_advice_disclaimer_by_default_and_patients_do_not()
    {
        await (await SignUpAsync(NewAccount(handle: "nurse_disclaims", profession: Profession.NurseNpPa))).AssertStatusAsync(HttpStatusCode.Created);
        await (await SignUpAsync(NewAccount(handle: "patient_plain", profession: Profession.PatientAdvocate))).AssertStatusAsync(HttpStatusCode.Created);

        var nurse = await app.Anonymous().GetFromJsonAsync<ProfileView>("/api/v1/profiles/nurse_disclaims");
        var patient = await app.Anonymous().GetFromJsonAsync<ProfileView>("/api/v1/profiles/patient_plain");
        Assert.True(nurse!.ShowsDisclaimer);
        Assert.False(patient!.ShowsDisclaimer);
    }
}
