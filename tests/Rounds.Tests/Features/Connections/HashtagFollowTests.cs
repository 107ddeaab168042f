using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Connections;

namespace Rounds.Tests.Features.Connections;

public class HashtagFollowTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task Following_a_hashtag_backfills_recent_posts_and_brings_new_ones()
    {
        var tag = $"meded{Random.Shared.Next(100000)}";
        var author = await app.Given.VerifiedClinician();
        var reader = await app.Given.Member();
        var earlier = await app.PostAsync(author, $"Teaching tip #{tag}");
        var forFollowers = await app.PostAsync(author, $"Followers only #{tag}", audience: "followers");
        await app.SettleAsync();

        var followed = await (await app.As(reader).PostAsync($"/api/v1/tags/%23{tag.ToUpperInvariant()}/follow", null)).ReadAsync<HashtagView>();
        Assert.Equal(new HashtagView(tag, true), followed);
        await app.SettleAsync();
        var rows = await app.FeedRowsAsync(reader);
        Assert.Contains(earlier.Id, rows);
        Assert.DoesNotContain(forFollowers.Id, rows);

        var later = await app.PostAsync(author, $"Another #{tag} pearl");
        await app.SettleAsync();
        Assert.Contains(later.Id, await app.HomeAsync(reader));
        Assert.Equal([tag], await app.As(reader).GetFromJsonAsync<List<string>>("/api/v1/me/tags"));
    }

    [Fact]
    public async Task Unfollowing_a_hashtag_removes_the_posts_it_brought_but_keeps_followed_authors()
    {
        var tag = $"nephjc{Random.Shared.Next(100000)}";
        var stranger = await app.Given.VerifiedClinician();
        var friend = await app.Given.VerifiedClinician();
        var reader = await app.Given.Member();
        await app.As(reader).PostAsync($"/api/v1/members/{friend.Handle}/follow", null);
        await app.As(reader).PostAsync($"/api/v1/tags/{tag}/follow", null);
        var fromStranger = await app.PostAsync(stranger, $"Journal club tonight #{tag}");
        var fromFriend = await app.PostAsync(friend, $"See you there #{tag}");
        await app.SettleAsync();
        Assert.Contains(fromStranger.Id, await app.HomeAsync(reader));

        var unfollowed = await (await app.As(reader).DeleteAsync($"/api/v1/tags/{tag}/follow")).ReadAsync<HashtagView>();
        Assert.False(unfollowed.Following);
        var rows = await app.FeedRowsAsync(reader);
        Assert.DoesNotContain(fromStranger.Id, rows);
        Assert.Contains(fromFriend.Id, rows);
        Assert.Empty(await app.As(reader).GetFromJsonAsync<List<string>>("/api/v1/me/tags") ?? []);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("bad-tag")]
    [InlineData("_")]
    public async Task A_malformed_hashtag_is_refused(string tag)
    {
        var reader = await app.Given.Member();
        await (await app.As(reader).PostAsync($"/api/v1/tags/{Uri.EscapeDataString(tag)}/follow", null)).AssertInvalidAsync("tag");
    }

    [Fact]
    public async Task A_hashtag_longer_than_100_characters_is_refused()
    {
        var reader = await app.Given.Member();
        await (await app.As(reader).PostAsync($"/api/v1/tags/{new string('a', 101)}/follow", null)).AssertInvalidAsync("tag");
        await (await app.As(reader).PostAsync($"/api/v1/tags/{new string('a', 100)}/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Following_a_hashtag_twice_is_a_conflict()
    {
        var reader = await app.Given.Member();
        await (await app.As(reader).PostAsync("/api/v1/tags/Rheum/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(reader).PostAsync("/api/v1/tags/rheum/follow", null)).AssertStatusAsync(HttpStatusCode.Conflict);
    }
}
