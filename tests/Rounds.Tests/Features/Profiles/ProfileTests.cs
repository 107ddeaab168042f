using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Profiles;

public class ProfileTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task<HttpResponseMessage> UpdateAsync(TestMember member, object profile) => app.As(member).PutAsJsonAsync("/api/v1/me/profile", profile);

    [Fact]
    public async Task Anyone_can_read_a_public_profile()
    {
        var member = await app.Given.Member(with: m => { m.DisplayName = "Dr Public"; m.Bio = "Rheumatologist."; });

        var profile = await (await app.Anonymous().GetAsync($"/api/v1/profiles/{member.Handle}")).ReadAsync<ProfileView>();

        Assert.Equal(member.Handle, profile.Handle);
        Assert.Equal("Dr Public", profile.DisplayName);
        Assert.Equal("Physician", profile.Profession);
        Assert.Equal("Rheumatologist.", profile.Bio);
        Assert.Equal("public", profile.ProfileAudience);
        Assert.False(profile.Verified);
    }

    [Fact]
    public async Task A_clinicians_only_profile_is_seen_by_verified_clinicians_alone()
    {
        var member = await app.Given.VerifiedClinician();
        await app.WithDbAsync(async db =>
        {
            var m = await db.Users.FindAsync(member.Id);
            m!.ProfileAudience = Audience.Clinicians;
            return await db.SaveChangesAsync();
        });
        var path = $"/api/v1/profiles/{member.Handle}";

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.Patient()).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.UnverifiedClinician()).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(await app.Given.VerifiedClinician()).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(member).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_block_hides_each_profile_from_the_other_member()
    {
        var blocker = await app.Given.Member();
        var blocked = await app.Given.Member();
        await app.Given.Block(blocker, blocked);

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(blocked).GetAsync($"/api/v1/profiles/{blocker.Handle}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(blocker).GetAsync($"/api/v1/profiles/{blocked.Handle}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync($"/api/v1/profiles/{blocker.Handle}")).StatusCode);
    }

    [Fact]
    public async Task A_member_fills_in_their_profile_and_everyone_sees_it()
    {
        var member = await app.Given.Member();

        var response = await UpdateAsync(member, new
        {
            displayName = "Dr Ana Okafor", specialtyCode = "Rheumatology", institution = "Riverside University Hospital",
            trainingProgram = "Riverside IM Residency", trainingStartYear = 2012, trainingEndYear = 2015, bio = "Lupus and lungs.",
            links = new[] { "https://orcid.org/0000-0002-1825-0097" }, conflictOfInterest = "None.", showsDisclaimer = false,
        });

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var profile = await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{member.Handle}");
        Assert.Equal("Dr Ana Okafor", profile!.DisplayName);
        Assert.Equal("rheumatology", profile.SpecialtyCode);
        Assert.Contains("Rheumatology", profile.Specialty);
        Assert.Equal("Riverside University Hospital", profile.Institution);
        Assert.Equal("Riverside IM Residency", profile.TrainingProgram);
        Assert.Equal((2012, 2015), (profile.TrainingStartYear, profile.TrainingEndYear));
        Assert.Equal("Lupus and lungs.", profile.Bio);
        Assert.Equal(new[] { "https://orcid.org/0000-0002-1825-0097" }, profile.Links);
        Assert.Equal("None.", profile.ConflictOfInterest);
        Assert.False(profile.ShowsDisclaimer);
    }

    [Fact]
    public async Task The_specialty_list_offers_rheumatology()
    {
        var specialties = await app.Anonymous().GetFromJsonAsync<List<Specialty>>("/api/v1/specialties");

        Assert.Contains(specialties!, s => s.Code == "rheumatology");
    }

    [Fact]
    public async Task A_specialty_outside_the_list_is_refused()
    {
        var member = await app.Given.Member();

        await (await UpdateAsync(member, new { displayName = "Dr X", specialtyCode = "astrology" })).AssertInvalidAsync("specialtyCode");
    }

    [Fact]
    public async Task Training_cannot_end_before_it_starts()
    {
        var member = await app.Given.Member();

        var response = await UpdateAsync(member, new { displayName = "Dr X", institution = "Lakeshore", trainingStartYear = 2020, trainingEndYear = 2018 });

        await response.AssertInvalidAsync("trainingEndYear");
    }

    [Fact]
    public async Task A_profile_lists_at_most_five_links_each_a_full_web_address()
    {
        var member = await app.Given.Member();
        var six = Enumerable.Range(1, 6).Select(i => $"https://example.org/{i}").ToArray();

        await (await UpdateAsync(member, new { displayName = "Dr X", links = six })).AssertInvalidAsync("links");
        await (await UpdateAsync(member, new { displayName = "Dr X", links = new[] { "javascript:alert(1)" } })).AssertInvalidAsync("links");
        await (await UpdateAsync(member, new { displayName = "Dr X", links = new[] { "orcid.org/0000-0002-1825-0097" } })).AssertInvalidAsync("links");
    }

    [Fact]
    public async Task A_refused_update_changes_nothing()
    {
        var member = await app.Given.Member(with: m => m.DisplayName = "Dr Before");

        var response = await UpdateAsync(member, new { displayName = "Dr After", specialtyCode = "not-a-specialty", bio = "Changed." });

        await response.AssertInvalidAsync("specialtyCode");
        var profile = await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{member.Handle}");
        Assert.Equal("Dr Before", profile!.DisplayName);
        Assert.Null(profile.Bio);
    }

    [Fact]
    public async Task A_profile_limited_to_members_is_hidden_from_anonymous_visitors_only()
    {
        var member = await app.Given.Member();

        var updated = await (await UpdateAsync(member, new { displayName = "Dr Private", profileAudience = "members" })).ReadAsync<ProfileView>();

        Assert.Equal("members", updated.ProfileAudience);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/profiles/{member.Handle}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(await app.Given.Patient()).GetAsync($"/api/v1/profiles/{member.Handle}")).StatusCode);
    }

    [Fact]
    public async Task A_verified_member_cannot_change_their_profession_themselves()
    {
        var member = await app.Given.VerifiedClinician();

        var response = await UpdateAsync(member, new { displayName = "Dr X", profession = Profession.PatientAdvocate });

        await response.AssertInvalidAsync("profession");
        Assert.Equal(Profession.Physician, (await app.MemberAsync(member.Id)).Profession);
    }
}
