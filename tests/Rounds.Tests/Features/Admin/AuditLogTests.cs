using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Verification;

namespace Rounds.Tests.Features.Admin;

public class AuditLogTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<TestMember> DecidedRequestAsync(TestMember moderator, bool approve)
    {
        var member = await app.Given.UnverifiedClinician();
        var created = await (await app.As(member).PostAsync("/api/v1/verification/requests", Verification.VerificationRequestTests.Form()))
            .ReadAsync<VerificationRequestView>(HttpStatusCode.Created);
        var decision = approve ? "approve" : "reject";
        await (await app.As(moderator).PostAsJsonAsync($"/api/v1/verification/requests/{created.Id}/{decision}", new { reason = "Checked the registry" }))
            .AssertStatusAsync(HttpStatusCode.OK);
        return member;
    }

    private async Task<List<AuditEntryView>> AuditAsync(string query) =>
        await (await app.As(await app.Given.Admin()).GetAsync("/api/v1/admin/audit" + query)).ReadAsync<List<AuditEntryView>>();

    [Fact]
    public async Task Only_admins_read_the_audit_log()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.As(await app.Given.Admin()).GetAsync("/api/v1/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(await app.Given.Moderator()).GetAsync("/api/v1/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(await app.Given.VerifiedClinician()).GetAsync("/api/v1/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task A_members_history_reads_newest_first_with_who_did_what()
    {
        var moderator = await app.Given.Moderator();
        var member = await DecidedRequestAsync(moderator, approve: true);

        var entries = await AuditAsync($"?member={member.Handle}");

        Assert.Equal(new[] { AuditActions.VerificationApproved, AuditActions.VerificationRequested }, entries.Select(e => e.Action));
        Assert.True(entries[0].Id > entries[1].Id);
        Assert.Equal((moderator.Handle, member.Handle), (entries[0].Actor, entries[0].Subject));
        Assert.Equal((member.Handle, member.Handle), (entries[1].Actor, entries[1].Subject));
    }

    [Fact]
    public async Task The_audit_log_filters_by_action_and_by_actor()
    {
        var moderator = await app.Given.Moderator();
        var otherModerator = await app.Given.Moderator();
        var rejected = await DecidedRequestAsync(moderator, approve: false);
        var approved = await DecidedRequestAsync(moderator, approve: true);
        await DecidedRequestAsync(otherModerator, approve: false);

        var rejections = await AuditAsync($"?action={AuditActions.VerificationRejected}&actor={moderator.Handle}");
        var byModerator = await AuditAsync($"?actor=@{moderator.Handle}");

        var rejection = Assert.Single(rejections);
        Assert.Equal(rejected.Handle, rejection.Subject);
        Assert.All(byModerator, e => Assert.Equal(moderator.Handle, e.Actor));
        Assert.Equal(new[] { approved.Handle, rejected.Handle }, byModerator.Where(e => e.Action.StartsWith("verification.")).Select(e => e.Subject));
    }

    [Fact]
    public async Task A_limit_caps_how_many_entries_come_back()
    {
        var moderator = await app.Given.Moderator();
        await DecidedRequestAsync(moderator, approve: false);
        await DecidedRequestAsync(moderator, approve: false);

        var entries = await AuditAsync($"?actor={moderator.Handle}&limit=1");

        Assert.Single(entries);
    }

    [Fact]
    public async Task An_unknown_action_is_refused()
    {
        var response = await app.As(await app.Given.Admin()).GetAsync("/api/v1/admin/audit?action=verification.teleported");

        await response.AssertInvalidAsync("action");
    }
}
