using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Profiles;

namespace Rounds.Tests.Features.Connections;

public class BlockingAndMutingTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task Blocking_ends_follows_both_ways_and_clears_each_others_posts_from_home()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/follow", null);
        await app.As(b).PostAsync($"/api/v1/members/{a.Handle}/follow", null);
        var byA = await app.PostAsync(a, "Notes from clinic");
        var byB = await app.PostAsync(b, "Notes from the ward");
        await app.SettleAsync();
        Assert.Contains(byB.Id, await app.HomeAsync(a));
        Assert.Contains(byA.Id, await app.HomeAsync(b));

        var relationship = await (await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/block", null)).ReadAsync<RelationshipView>();
        Assert.True(relationship.Blocking);
        Assert.False(relationship.Following);
        Assert.False(relationship.FollowedBy);

        Assert.False(await app.WithDbAsync(db => db.Follows.AnyAsync(f => (f.FollowerId == a.Id && f.FolloweeId == b.Id) || (f.FollowerId == b.Id && f.FolloweeId == a.Id))));
        Assert.DoesNotContain(byB.Id, await app.FeedRowsAsync(a));
        Assert.DoesNotContain(byA.Id, await app.FeedRowsAsync(b));
        var blocks = await app.As(a).GetFromJsonAsync<List<MemberSummary>>("/api/v1/me/blocks");
        Assert.Equal([b.Handle], blocks!.Select(m => m.Handle));
    }

    [Fact]
    public async Task A_block_hides_both_members_from_each_other_and_refuses_replies()
    {
        var blocker = await app.Given.Member();
        var blocked = await app.Given.Member();
        var post = await app.PostAsync(blocker, "Public thoughts on sepsis bundles");
        var theirs = await app.PostAsync(blocked, "And mine");
        await (await app.As(blocker).PostAsync($"/api/v1/members/{blocked.Handle}/block", null)).AssertStatusAsync(HttpStatusCode.OK);

        await (await app.As(blocked).GetAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(blocked).GetAsync($"/api/v1/profiles/{blocker.Handle}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(blocker).GetAsync($"/api/v1/posts/{theirs.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        var reply = await app.As(blocked).PostAsJsonAsync("/api/v1/posts", new { text = "I disagree", inReplyToId = post.Id });
        await reply.AssertInvalidAsync("inReplyToId");
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.ReplyToId == post.Id)));
    }

    [Fact]
    public async Task Blocking_twice_is_a_conflict_and_blocking_yourself_is_refused()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        await (await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/block", null)).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/block", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await app.As(a).PostAsync($"/api/v1/members/{a.Handle}/block", null)).AssertInvalidAsync("handle");
        await (await app.As(a).PostAsync("/api/v1/members/nobody_at_all_77/block", null)).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unblocking_makes_the_member_visible_again_without_restoring_follows()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        await app.As(b).PostAsync($"/api/v1/members/{a.Handle}/follow", null);
        var post = await app.PostAsync(a, "Visible again later");
        await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/block", null);

        var relationship = await (await app.As(a).DeleteAsync($"/api/v1/members/{b.Handle}/block")).ReadAsync<RelationshipView>();
        Assert.False(relationship.Blocking);
        Assert.False(relationship.FollowedBy);
        await (await app.As(b).GetAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(b).PostAsync($"/api/v1/members/{a.Handle}/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Muting_hides_a_members_posts_from_the_muters_home_only()
    {
        var author = await app.Given.VerifiedClinician();
        var muter = await app.Given.Member();
        var other = await app.Given.Member();
        await app.As(muter).PostAsync($"/api/v1/members/{author.Handle}/follow", null);
        await app.As(other).PostAsync($"/api/v1/members/{author.Handle}/follow", null);

        var relationship = await (await app.As(muter).PostAsync($"/api/v1/members/{author.Handle}/mute", null)).ReadAsync<RelationshipView>();
        Assert.True(relationship.Muting);
        Assert.True(relationship.Following); // a mute is not an unfollow
        var post = await app.PostAsync(author, "Another hot take");
        await app.SettleAsync();

        Assert.DoesNotContain(post.Id, await app.HomeAsync(muter));
        Assert.Contains(post.Id, await app.HomeAsync(other));
        var mutes = await app.As(muter).GetFromJsonAsync<List<MemberSummary>>("/api/v1/me/mutes");
        Assert.Equal([author.Handle], mutes!.Select(m => m.Handle));
        // The muted member notices nothing.
        var theirView = await app.As(author).GetFromJsonAsync<RelationshipView>($"/api/v1/members/{muter.Handle}/relationship");
        Assert.True(theirView!.FollowedBy);
        Assert.False(theirView.Muting);

        await (await app.As(muter).DeleteAsync($"/api/v1/members/{author.Handle}/mute")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains(post.Id, await app.HomeAsync(muter));
    }

    [Fact]
    public async Task Muting_twice_is_a_conflict_and_muting_yourself_is_refused()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        await (await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/mute", null)).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(a).PostAsync($"/api/v1/members/{b.Handle}/mute", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await app.As(a).PostAsync($"/api/v1/members/{a.Handle}/mute", null)).AssertInvalidAsync("handle");
    }
}
