using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Verification;

namespace Rounds.Tests.Features.Verification;

public class VerificationQueueTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<(TestMember Member, long RequestId)> PendingRequestAsync()
    {
        var member = await app.Given.UnverifiedClinician();
        var created = await (await app.As(member).PostAsync("/api/v1/verification/requests", VerificationRequestTests.Form()))
            .ReadAsync<VerificationRequestView>(HttpStatusCode.Created);
        return (member, created.Id);
    }

    private Task<HttpResponseMessage> ApproveAsync(TestMember moderator, long id, string? reason = null) =>
        app.As(moderator).PostAsJsonAsync($"/api/v1/verification/requests/{id}/approve", new { reason });

    private Task<HttpResponseMessage> RejectAsync(TestMember moderator, long id, string? reason) =>
        app.As(moderator).PostAsJsonAsync($"/api/v1/verification/requests/{id}/reject", new { reason });

    private async Task<ProfileView> ProfileOf(TestMember member) =>
        (await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{member.Handle}"))!;

    private Task<string> StatusOf(long requestId) =>
        app.WithDbAsync(async db => (await db.VerificationRequests.SingleAsync(r => r.Id == requestId)).Status.ToString().ToLowerInvariant());

    [Fact]
    public async Task A_pending_request_waits_in_the_moderators_queue()
    {
        var (member, id) = await PendingRequestAsync();

        var queue = await app.As(await app.Given.Moderator()).GetFromJsonAsync<List<VerificationRequestView>>("/api/v1/verification/requests?status=pending");

        var request = Assert.Single(queue!, r => r.Id == id);
        Assert.Equal(member.Handle, request.Member!.Handle);
    }

    [Fact]
    public async Task Approving_verifies_the_member_tells_them_by_email_and_is_audited()
    {
        var (member, id) = await PendingRequestAsync();
        var moderator = await app.Given.Moderator();

        var decided = await (await ApproveAsync(moderator, id, "NPI matches the registry")).ReadAsync<VerificationRequestView>();

        Assert.Equal("approved", decided.Status);
        var profile = await ProfileOf(member);
        Assert.True(profile.Verified);
        Assert.Equal("moderator", profile.VerificationMethod);
        Assert.Contains("You are verified on Rounds", app.Mail.Last(member.Email));
        Assert.True(await app.AuditedAsync(AuditActions.VerificationApproved, member.Id, moderator.Id));
    }

    [Fact]
    public async Task An_approved_request_leaves_the_pending_queue_for_the_approved_list()
    {
        var (_, id) = await PendingRequestAsync();
        var moderator = await app.Given.Moderator();
        await (await ApproveAsync(moderator, id)).AssertStatusAsync(HttpStatusCode.OK);

        var pending = await app.As(moderator).GetFromJsonAsync<List<VerificationRequestView>>("/api/v1/verification/requests?status=pending");
        var approved = await app.As(moderator).GetFromJsonAsync<List<VerificationRequestView>>("/api/v1/verification/requests?status=approved");

        Assert.DoesNotContain(pending!, r => r.Id == id);
        Assert.Contains(approved!, r => r.Id == id);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason()
    {
        var (_, id) = await PendingRequestAsync();

        await (await RejectAsync(await app.Given.Moderator(), id, "  ")).AssertInvalidAsync("reason");

        Assert.Equal("pending", await StatusOf(id));
    }

    [Fact]
    public async Task A_rejected_member_stays_unverified_and_sees_the_reason()
    {
        var (member, id) = await PendingRequestAsync();

        var decided = await (await RejectAsync(await app.Given.Moderator(), id, "The NPI belongs to someone else.")).ReadAsync<VerificationRequestView>();

        Assert.Equal("rejected", decided.Status);
        var mine = await app.As(member).GetFromJsonAsync<GetMyVerification.Response>("/api/v1/verification/me");
        Assert.False(mine!.Verified);
        var request = Assert.Single(mine.Requests);
        Assert.Equal(("rejected", "The NPI belongs to someone else."), (request.Status, request.DecisionReason));
        Assert.Contains("The NPI belongs to someone else.", app.Mail.Last(member.Email));
        Assert.False((await ProfileOf(member)).Verified);
    }

    [Fact]
    public async Task A_request_is_decided_only_once()
    {
        var (member, id) = await PendingRequestAsync();
        var moderator = await app.Given.Moderator();
        await (await ApproveAsync(moderator, id)).AssertStatusAsync(HttpStatusCode.OK);

        var second = await RejectAsync(await app.Given.Moderator(), id, "Changed my mind");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("approved", await StatusOf(id));
        Assert.True((await ProfileOf(member)).Verified);
    }

    [Fact]
    public async Task A_moderator_cannot_approve_their_own_request()
    {
        var moderator = await app.Given.Member(Profession.Physician, role: Roles.Moderator);
        var created = await (await app.As(moderator).PostAsync("/api/v1/verification/requests", VerificationRequestTests.Form()))
            .ReadAsync<VerificationRequestView>(HttpStatusCode.Created);

        var response = await ApproveAsync(moderator, created.Id);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("pending", await StatusOf(created.Id));
    }

    [Fact]
    public async Task Members_who_are_not_moderators_cannot_see_or_decide_the_queue()
    {
        var (_, id) = await PendingRequestAsync();
        var member = await app.Given.VerifiedClinician();

        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(member).GetAsync("/api/v1/verification/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApproveAsync(member, id)).StatusCode);
        Assert.Equal("pending", await StatusOf(id));
    }

    [Fact]
    public async Task Anonymous_callers_are_asked_to_sign_in_before_the_queue()
    {
        var (_, id) = await PendingRequestAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/verification/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync($"/api/v1/verification/requests/{id}/approve", new { })).StatusCode);
    }

    [Fact]
    public async Task Revoking_takes_verification_away_and_is_audited()
    {
        var member = await app.Given.VerifiedClinician();
        var moderator = await app.Given.Moderator();

        var response = await app.As(moderator).PostAsJsonAsync($"/api/v1/verification/members/{member.Handle}/revoke", new { reason = "Licence suspended" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((await ProfileOf(member)).Verified);
        Assert.True(await app.AuditedAsync(AuditActions.VerificationRevoked, member.Id, moderator.Id));
    }

    [Fact]
    public async Task Revoking_needs_a_reason()
    {
        var member = await app.Given.VerifiedClinician();

        var response = await app.As(await app.Given.Moderator()).PostAsJsonAsync($"/api/v1/verification/members/{member.Handle}/revoke", new { reason = "" });

        await response.AssertInvalidAsync("reason");
        Assert.True((await ProfileOf(member)).Verified);
    }

    [Fact]
    public async Task Only_moderators_revoke_verification()
    {
        var member = await app.Given.VerifiedClinician();
        var colleague = await app.Given.VerifiedClinician();

        var response = await app.As(colleague).PostAsJsonAsync($"/api/v1/verification/members/{member.Handle}/revoke", new { reason = "Rival" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((await ProfileOf(member)).Verified);
    }
}
