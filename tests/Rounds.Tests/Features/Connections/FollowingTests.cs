using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Connections;

public class FollowingTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task<int> FollowsAsync(TestMember a, TestMember b) =>
        app.WithDbAsync(db => db.Follows.CountAsync(f => f.FollowerId == a.Id && f.FolloweeId == b.Id));

    [Fact]
    public async Task Following_a_member_shows_in_both_lists_and_in_the_relationship()
    {
        var follower = await app.Given.Member();
        var followee = await app.Given.VerifiedClinician();

        var relationship = await (await app.As(follower).PostAsync($"/api/v1/members/{followee.Handle}/follow", null)).ReadAsync<RelationshipView>();
        Assert.True(relationship.Following);
        Assert.False(relationship.FollowedBy);

        var following = await app.As(follower).GetFromJsonAsync<List<MemberSummary>>("/api/v1/me/following");
        Assert.Equal([followee.Handle], following!.Select(m => m.Handle));
        var followers = await app.As(followee).GetFromJsonAsync<List<MemberSummary>>("/api/v1/me/followers");
        Assert.Equal([follower.Handle], followers!.Select(m => m.Handle));
        var back = await app.As(followee).GetFromJsonAsync<RelationshipView>($"/api/v1/members/@{follower.Handle.ToUpperInvariant()}/relationship");
        Assert.True(back!.FollowedBy);
        Assert.False(back.Following);
    }

    [Fact]
    public async Task An_organization_is_followed_like_any_member()
    {
        var member = await app.Given.Member();
        var journal = await app.Given.Member(Profession.Organization);
        await (await app.As(member).PostAsync($"/api/v1/members/{journal.Handle}/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, await FollowsAsync(member, journal));
    }

    [Fact]
    public async Task Following_yourself_is_refused()
    {
        var member = await app.Given.Member();
        await (await app.As(member).PostAsync($"/api/v1/members/{member.Handle}/follow", null)).AssertInvalidAsync("handle");
        Assert.Equal(0, await FollowsAsync(member, member));
    }

    [Fact]
    public async Task Following_twice_is_a_conflict()
    {
        var follower = await app.Given.Member();
        var followee = await app.Given.Member();
        await (await app.As(follower).PostAsync($"/api/v1/members/{followee.Handle}/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
        var again = await app.As(follower).PostAsync($"/api/v1/members/{followee.Handle}/follow", null);
        await again.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Contains("already follow", (await again.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, await FollowsAsync(follower, followee));
    }

    [Fact]
    public async Task Following_someone_who_blocked_you_is_a_clear_error_and_nothing_is_written()
    {
        var blocker = await app.Given.Member();
        var blocked = await app.Given.Member();
        await app.Given.Block(blocker, blocked);
        var jobs = await app.WithDbAsync(db => db.Jobs.CountAsync());

        var response = await app.As(blocked).PostAsync($"/api/v1/members/{blocker.Handle}/follow", null);
        await response.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal($"You cannot follow @{blocker.Handle}.", (await response.JsonAsync()).GetProperty("detail").GetString());
        await app.SettleAsync();
        Assert.Equal(0, await FollowsAsync(blocked, blocker));
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == blocker.Id)));
        Assert.Equal(jobs, await app.WithDbAsync(db => db.Jobs.CountAsync()));
    }

    [Fact]
    public async Task Following_someone_you_blocked_asks_you_to_unblock_first()
    {
        var blocker = await app.Given.Member();
        var blocked = await app.Given.Member();
        await app.Given.Block(blocker, blocked);

        var response = await app.As(blocker).PostAsync($"/api/v1/members/{blocked.Handle}/follow", null);
        await response.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Contains("unblock", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await FollowsAsync(blocker, blocked));
    }

    [Fact]
    public async Task A_member_whose_profile_you_may_not_see_or_who_does_not_exist_is_not_found()
    {
        var patient = await app.Given.Patient();
        var clinician = await app.Given.VerifiedClinician();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == clinician.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.ProfileAudience, Audience.Clinicians)));

        await (await app.As(patient).PostAsync($"/api/v1/members/{clinician.Handle}/follow", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(patient).PostAsync("/api/v1/members/nobody_here_123/follow", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await FollowsAsync(patient, clinician));
    }

    [Fact]
    public async Task A_follow_backfills_the_home_timeline_with_recent_top_level_posts()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        var first = await app.PostAsync(author, "Grand rounds tomorrow");
        var reply = await app.PostAsync(author, "Bring coffee", inReplyToId: first.Id);
        var forFollowers = await app.PostAsync(author, "Only for those who follow me", audience: "followers");
        await app.SettleAsync();
        Assert.DoesNotContain(first.Id, await app.HomeAsync(follower));

        await app.As(follower).PostAsync($"/api/v1/members/{author.Handle}/follow", null);
        await app.SettleAsync();

        var home = await app.HomeAsync(follower);
        Assert.Contains(first.Id, home);
        Assert.Contains(forFollowers.Id, home); // visible now that they follow
        Assert.DoesNotContain(reply.Id, home);
    }

    [Fact]
    public async Task Unfollowing_removes_the_authors_posts_from_home_at_once()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        await app.As(follower).PostAsync($"/api/v1/members/{author.Handle}/follow", null);
        var post = await app.PostAsync(author, "Case of the week: painless jaundice");
        await app.SettleAsync();
        Assert.Contains(post.Id, await app.HomeAsync(follower));

        var relationship = await (await app.As(follower).DeleteAsync($"/api/v1/members/{author.Handle}/follow")).ReadAsync<RelationshipView>();
        Assert.False(relationship.Following);
        Assert.DoesNotContain(post.Id, await app.FeedRowsAsync(follower));
        Assert.Empty(await app.As(follower).GetFromJsonAsync<List<MemberSummary>>("/api/v1/me/following") ?? []);

        // Unfollowing again is harmless.
        await (await app.As(follower).DeleteAsync($"/api/v1/members/{author.Handle}/follow")).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_new_post_after_following_arrives_in_home()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        await app.As(follower).PostAsync($"/api/v1/members/{author.Handle}/follow", null);
        var post = await app.PostAsync(author, "New guideline out today");
        await app.SettleAsync();
        Assert.Contains(post.Id, await app.HomeAsync(follower));
    }

    [Fact]
    public async Task Connections_need_a_signed_in_member()
    {
        var member = await app.Given.Member();
        await (await app.Anonymous().PostAsync($"/api/v1/members/{member.Handle}/follow", null)).AssertStatusAsync(HttpStatusCode.Unauthorized);
        await (await app.Anonymous().GetAsync("/api/v1/me/following")).AssertStatusAsync(HttpStatusCode.Unauthorized);
    }
}
