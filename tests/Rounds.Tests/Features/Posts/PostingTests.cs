using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;

namespace Rounds.Tests.Features.Posts;

public class PostingTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_post_reaches_the_authors_followers_home_timelines()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        await app.Given.Follow(follower, author);

        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = "Morning report: #MedEd pearls on hyponatremia" }))
            .ReadAsync<PostView>(HttpStatusCode.Created);
        Assert.Equal(["meded"], created.Hashtags);
        await app.SettleAsync();

        var home = await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home");
        Assert.Contains(home!.Items, p => p.Id == created.Id);
        var own = await app.As(author).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home");
        Assert.Contains(own!.Items, p => p.Id == created.Id);
        var tag = await app.Anonymous().GetFromJsonAsync<TimelinePage>("/api/v1/timelines/tags/MEDED");
        Assert.Contains(tag!.Items, p => p.Id == created.Id);
    }

    [Fact]
    public async Task An_over_long_post_is_refused_and_nothing_is_written()
    {
        var author = await app.Given.Member();
        var response = await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = new string('a', 501) });
        await response.AssertInvalidAsync("text");
    }
}
