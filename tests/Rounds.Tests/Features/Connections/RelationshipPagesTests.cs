using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;

namespace Rounds.Tests.Features.Connections;

public class RelationshipPagesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<PageClient> SignedInAsync(TestMember member)
    {
        var browser = app.Browser();
        var response = await browser.SubmitAsync("/account/sign-in", "sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = member.Email, ["Input.Password"] = member.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Fact]
    public async Task Following_from_a_profile_page_brings_their_posts_home_and_unfollowing_removes_them()
    {
        var author = await app.Given.VerifiedClinician();
        var reader = await app.Given.Member();
        await (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = "Grand rounds recap #MedEd" })).ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();
        var browser = await SignedInAsync(reader);

        var page = await browser.GetPageAsync($"/members/{author.Handle}");
        Assert.Contains(">Follow</button>", page);
        await browser.SubmitAsync($"/members/{author.Handle}", "follow", new Dictionary<string, string>());
        Assert.True(await app.WithDbAsync(db => db.Follows.AnyAsync(f => f.FollowerId == reader.Id && f.FolloweeId == author.Id)));
        await app.SettleAsync();
        Assert.Contains("Grand rounds recap", await browser.GetPageAsync("/"));

        Assert.Contains(">Unfollow</button>", await browser.GetPageAsync($"/members/{author.Handle}"));
        await browser.SubmitAsync($"/members/{author.Handle}", "follow", new Dictionary<string, string>());
        Assert.False(await app.WithDbAsync(db => db.Follows.AnyAsync(f => f.FollowerId == reader.Id && f.FolloweeId == author.Id)));
        await app.SettleAsync();
        Assert.DoesNotContain("Grand rounds recap", await browser.GetPageAsync("/"));
    }

    [Fact]
    public async Task Blocking_from_a_profile_hides_it_and_the_settings_page_unblocks()
    {
        var other = await app.Given.Member();
        var me = await app.Given.Member();
        var browser = await SignedInAsync(me);

        var blocked = await browser.SubmitAsync($"/members/{other.Handle}", "block", new Dictionary<string, string>());
        Assert.True(await app.WithDbAsync(db => db.Blocks.AnyAsync(b => b.BlockerId == me.Id && b.BlockedId == other.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/members/{other.Handle}")).StatusCode);
        var settings = await browser.GetAsync("/settings/connections");
        Assert.True(settings.IsSuccessStatusCode, await settings.Content.ReadAsStringAsync());
        Assert.Contains($"@{other.Handle}", await settings.Content.ReadAsStringAsync());

        await browser.SubmitAsync("/settings/connections", $"unblock-{other.Id}", new Dictionary<string, string>());
        Assert.False(await app.WithDbAsync(db => db.Blocks.AnyAsync(b => b.BlockerId == me.Id && b.BlockedId == other.Id)));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/members/{other.Handle}")).StatusCode);
    }

    [Fact]
    public async Task Following_a_hashtag_from_its_page_brings_its_posts_home()
    {
        var author = await app.Given.Member();
        var reader = await app.Given.Member();
        var browser = await SignedInAsync(reader);
        await browser.SubmitAsync("/tags/FOAMed", "follow-tag", new Dictionary<string, string>());
        Assert.True(await app.WithDbAsync(db => db.HashtagFollows.AnyAsync(h => h.MemberId == reader.Id && h.Tag == "foamed")));

        await (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = "Free resource on acid-base #FOAMed" })).ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();
        var home = await app.As(reader).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home");
        Assert.Contains(home!.Items, p => p.Text.Contains("acid-base"));
        Assert.Contains("Unfollow #FOAMed", await browser.GetPageAsync("/tags/FOAMed"));
    }
}
