using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Verification;

namespace Rounds.Tests.Features.Verification;

public class VouchingTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task<HttpResponseMessage> VouchAsync(TestMember voucher, TestMember target) =>
        app.As(voucher).PostAsync($"/api/v1/profiles/{target.Handle}/vouches", null);

    private async Task<int> VouchesFor(TestMember member) =>
        (await app.As(member).GetFromJsonAsync<GetMyVerification.Response>("/api/v1/verification/me"))!.Vouches;

    [Fact]
    public async Task Two_verified_colleagues_vouching_verify_a_clinician()
    {
        var resident = await app.Given.UnverifiedClinician();

        var first = await (await VouchAsync(await app.Given.VerifiedClinician(), resident)).ReadAsync<VouchForMember.Response>();
        Assert.Equal((resident.Handle, 1, false), (first.Handle, first.Vouches, first.Verified));
        Assert.False((await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{resident.Handle}"))!.Verified);

        var second = await (await VouchAsync(await app.Given.VerifiedClinician(), resident)).ReadAsync<VouchForMember.Response>();

        Assert.Equal((2, true), (second.Vouches, second.Verified));
        var profile = await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{resident.Handle}");
        Assert.True(profile!.Verified);
        Assert.Equal("vouches", profile.VerificationMethod);
        Assert.True(await app.AuditedAsync(AuditActions.VerifiedByVouches, resident.Id));
    }

    [Fact]
    public async Task Vouching_twice_for_the_same_colleague_is_a_conflict_and_counts_once()
    {
        var resident = await app.Given.UnverifiedClinician();
        var voucher = await app.Given.VerifiedClinician();
        await (await VouchAsync(voucher, resident)).AssertStatusAsync(HttpStatusCode.OK);

        var again = await VouchAsync(voucher, resident);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await VouchesFor(resident));
        Assert.False((await app.MemberAsync(resident.Id)).VerifiedAt.HasValue);
    }

    [Fact]
    public async Task An_unverified_member_cannot_vouch()
    {
        var resident = await app.Given.UnverifiedClinician();

        var response = await VouchAsync(await app.Given.UnverifiedClinician(), resident);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await VouchesFor(resident));
    }

    [Fact]
    public async Task A_member_cannot_vouch_for_themselves()
    {
        var verified = await app.Given.VerifiedClinician();

        Assert.Equal(HttpStatusCode.Forbidden, (await VouchAsync(verified, verified)).StatusCode);
    }

    [Fact]
    public async Task Vouches_from_before_a_revocation_do_not_verify_again()
    {
        var resident = await app.Given.UnverifiedClinician();
        await (await VouchAsync(await app.Given.VerifiedClinician(), resident)).AssertStatusAsync(HttpStatusCode.OK);
        var second = await (await VouchAsync(await app.Given.VerifiedClinician(), resident)).ReadAsync<VouchForMember.Response>();
        Assert.True(second.Verified);
        var moderator = await app.Given.Moderator();
        await (await app.As(moderator).PostAsJsonAsync($"/api/v1/verification/members/{resident.Handle}/revoke", new { reason = "Vouchers were not colleagues" }))
            .AssertStatusAsync(HttpStatusCode.NoContent);

        var next = await (await VouchAsync(await app.Given.VerifiedClinician(), resident)).ReadAsync<VouchForMember.Response>();

        Assert.Equal((1, false), (next.Vouches, next.Verified));
    }

    [Fact]
    public async Task A_block_either_way_makes_the_colleague_unknown_to_the_voucher()
    {
        var resident = await app.Given.UnverifiedClinician();
        var blocked = await app.Given.VerifiedClinician();
        var blocker = await app.Given.VerifiedClinician();
        await app.Given.Block(resident, blocked);
        await app.Given.Block(blocker, resident);

        Assert.Equal(HttpStatusCode.NotFound, (await VouchAsync(blocked, resident)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await VouchAsync(blocker, resident)).StatusCode);
        Assert.Equal(0, await VouchesFor(resident));
    }

    [Fact]
    public async Task A_handle_may_be_written_with_its_at_sign()
    {
        var resident = await app.Given.UnverifiedClinician();
        var response = await app.As(await app.Given.VerifiedClinician()).PostAsync($"/api/v1/profiles/@{resident.Handle}/vouches", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await VouchesFor(resident));
    }
}
