using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Verification;

namespace Rounds.Tests.Features.Verification;

public class DomainVerificationTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<SignUp.Response> SignUpAsync(string email, Profession profession = Profession.Physician)
    {
        var handle = $"dom_{Guid.NewGuid():N}"[..20];
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/accounts",
            new { email, password = Given.Password, displayName = "Dr Domain", handle, profession, acceptGuidelines = true });
        return await response.ReadAsync<SignUp.Response>(HttpStatusCode.Created);
    }

    /// <summary>
    /// Runs the confirmation the emailed link asks for, with the emailed code. The page behind the link is
    /// not mapped yet (see the link tests), so this keeps the domain rule covered on its own.
    /// </summary>
    private async Task ConfirmWithEmailedCodeAsync(string email)
    {
        var query = QueryHelpers.ParseQuery(new Uri("http://localhost" + app.Mail.LinkIn(email)).Query);
        await app.WithServicesAsync(async sp =>
        {
            var outcome = await ConfirmEmail.RunAsync(long.Parse(query["member"]!), query["code"], sp.GetRequiredService<UserManager<Member>>(),
                sp.GetRequiredService<RoundsDb>(), sp.GetRequiredService<VerificationOptions>(), sp.GetRequiredService<TimeProvider>(), default);
            Assert.True(outcome.IsOk, "The emailed code did not confirm the address.");
        });
    }

    private async Task<(bool Confirmed, bool Verified, string? Method)> StateOf(long id)
    {
        var m = await app.MemberAsync(id);
        return (m.EmailConfirmed, m.IsVerified(app.Clock.GetUtcNow().UtcDateTime), m.VerificationMethod);
    }

    [Fact]
    public async Task Following_the_confirmation_link_verifies_a_physician_on_an_allow_listed_domain()
    {
        await app.Given.AllowDomain("med.example.edu");
        var account = await SignUpAsync("a.physician@med.example.edu");

        await app.Anonymous().GetAsync(app.Mail.LinkIn("a.physician@med.example.edu"));

        Assert.Equal((true, true, "domain"), await StateOf(account.Id));
    }

    [Fact]
    public async Task Confirming_an_address_on_an_allow_listed_domain_verifies_a_physician()
    {
        await app.Given.AllowDomain("health.example.edu");
        var account = await SignUpAsync("b.physician@health.example.edu");
        Assert.Equal((false, false, null), await StateOf(account.Id));

        await ConfirmWithEmailedCodeAsync("b.physician@health.example.edu");

        Assert.Equal((true, true, "domain"), await StateOf(account.Id));
        Assert.True(await app.AuditedAsync(AuditActions.VerifiedByDomain, account.Id));
    }

    [Fact]
    public async Task An_address_on_a_subdomain_of_an_allow_listed_domain_also_verifies()
    {
        await app.Given.AllowDomain("uni.example.edu");
        var account = await SignUpAsync("c.cardiologist@cardio.uni.example.edu");

        await ConfirmWithEmailedCodeAsync("c.cardiologist@cardio.uni.example.edu");

        Assert.Equal((true, true, "domain"), await StateOf(account.Id));
    }

    [Fact]
    public async Task A_patient_on_an_allow_listed_domain_is_not_verified()
    {
        await app.Given.AllowDomain("clinic.example.edu");
        var account = await SignUpAsync("d.patient@clinic.example.edu", Profession.PatientAdvocate);

        await ConfirmWithEmailedCodeAsync("d.patient@clinic.example.edu");

        Assert.Equal((true, false, null), await StateOf(account.Id));
    }

    [Theory]
    [InlineData("e.physician@example.org")]
    [InlineData("g.physician@college.example.edu.attacker.test")]
    public async Task An_address_on_another_domain_is_not_verified(string email)
    {
        await EnsureAllowedAsync("college.example.edu");
        var account = await SignUpAsync(email);

        await ConfirmWithEmailedCodeAsync(email);

        Assert.Equal((true, false, null), await StateOf(account.Id));
    }

    private async Task EnsureAllowedAsync(string domain)
    {
        var exists = await app.WithDbAsync(db => Task.FromResult(db.InstitutionDomains.Any(d => d.Domain == domain)));
        if (!exists) await app.Given.AllowDomain(domain);
    }
}
