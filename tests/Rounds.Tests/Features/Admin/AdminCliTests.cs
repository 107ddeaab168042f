using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Profiles;

namespace Rounds.Tests.Features.Admin;

public class AdminCliTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await AdminCli.RunAsync(app.Services, args, output);
        return (exit, output.ToString());
    }

    /// <summary>A personal access token for an account the CLI made, written the way the app stores one.</summary>
    private async Task<TestMember> WithTokenAsync(string email)
    {
        var secret = AccessToken.NewSecret();
        var member = await app.WithDbAsync(async db =>
        {
            var m = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
            db.AccessTokens.Add(new AccessToken { MemberId = m.Id, Name = "cli", Hash = AccessToken.HashOf(secret), Prefix = secret[..10], CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            return m;
        });
        return new TestMember(member.Id, member.Handle, email, Given.Password, secret);
    }

    private async Task<ProfileView> ProfileOf(TestMember member) =>
        (await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{member.Handle}"))!;

    [Fact]
    public async Task A_roster_verifies_the_listed_clinicians_and_skips_everyone_else()
    {
        var clinician = await app.Given.UnverifiedClinician();
        var patient = await app.Given.Patient();
        var typo = await app.Given.UnverifiedClinician();
        var csv = Path.Combine(app.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(csv, $"""
            email,npi,note
            {clinician.Email.ToUpperInvariant()},1234567893,Riverside residents 2026
            {patient.Email},,
            nobody-{Guid.NewGuid():N}@example.org,,
            {typo.Email},1234567890,
            """);

        var (exit, output) = await RunAsync("admin", "verify", "--csv", csv);

        Assert.Equal(0, exit);
        Assert.Contains("1 verified, 3 skipped", output);
        var profile = await ProfileOf(clinician);
        Assert.True(profile.Verified);
        Assert.Equal("roster", profile.VerificationMethod);
        Assert.True(await app.AuditedAsync(AuditActions.VerifiedByRoster, clinician.Id));
        Assert.False((await ProfileOf(patient)).Verified);
        Assert.False((await ProfileOf(typo)).Verified);
    }

    [Fact]
    public async Task An_admin_created_from_the_command_line_can_read_the_audit_log()
    {
        var email = $"ops{Guid.NewGuid():N}"[..15] + "@example.org";

        var (exit, output) = await RunAsync("admin", "create", "--email", email, "--password", Given.Password);

        Assert.Equal(0, exit);
        Assert.Contains("is an admin", output);
        var admin = await WithTokenAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await app.As(admin).GetAsync("/api/v1/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task A_member_granted_moderation_from_the_command_line_can_work_the_queue()
    {
        var member = await app.Given.VerifiedClinician();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(member).GetAsync("/api/v1/verification/requests")).StatusCode);

        var (exit, _) = await RunAsync("admin", "grant-moderator", "--email", member.Email);

        Assert.Equal(0, exit);
        Assert.Equal(HttpStatusCode.OK, (await app.As(member).GetAsync("/api/v1/verification/requests")).StatusCode);
        Assert.True(await app.AuditedAsync(AuditActions.RoleGranted, member.Id));
    }

    [Fact]
    public async Task Granting_moderation_to_an_unknown_email_fails()
    {
        var (exit, output) = await RunAsync("admin", "grant-moderator", "--email", "nobody-here@example.org");

        Assert.NotEqual(0, exit);
        Assert.Contains("nobody-here@example.org", output);
    }
}
