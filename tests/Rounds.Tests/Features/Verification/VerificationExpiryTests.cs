using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Verification;

namespace Rounds.Tests.Features.Verification;

/// <summary>These tests move the fixture's clock, so they live apart from every other verification test.</summary>
public class VerificationExpiryTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static readonly TimeSpan JustOverTwoYears = TimeSpan.FromDays(731);

    private async Task<bool> ProfileShowsVerified(TestMember member) =>
        (await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{member.Handle}"))!.Verified;

    [Fact]
    public async Task Verification_lapses_after_two_years()
    {
        var member = await app.Given.VerifiedClinician();
        Assert.True(await ProfileShowsVerified(member));

        app.Clock.Advance(JustOverTwoYears);

        Assert.False(await ProfileShowsVerified(member));
        var mine = await app.As(member).GetFromJsonAsync<GetMyVerification.Response>("/api/v1/verification/me");
        Assert.False(mine!.Verified);
    }

    [Fact]
    public async Task A_member_whose_verification_lapsed_can_ask_to_be_verified_again()
    {
        var member = await app.Given.VerifiedClinician();
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(member).PostAsync("/api/v1/verification/requests", VerificationRequestTests.Form())).StatusCode);

        app.Clock.Advance(JustOverTwoYears);

        var response = await app.As(member).PostAsync("/api/v1/verification/requests", VerificationRequestTests.Form());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_voucher_whose_verification_lapsed_no_longer_counts()
    {
        var resident = await app.Given.UnverifiedClinician();
        await (await app.As(await app.Given.VerifiedClinician()).PostAsync($"/api/v1/profiles/{resident.Handle}/vouches", null))
            .AssertStatusAsync(HttpStatusCode.OK);

        app.Clock.Advance(JustOverTwoYears);
        var second = await (await app.As(await app.Given.VerifiedClinician()).PostAsync($"/api/v1/profiles/{resident.Handle}/vouches", null))
            .ReadAsync<VouchForMember.Response>();

        Assert.False(second.Verified);
        Assert.False(await ProfileShowsVerified(resident));
    }
}
