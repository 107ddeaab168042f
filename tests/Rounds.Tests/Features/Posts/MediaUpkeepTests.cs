using System.Net;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Features.Connections;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features.Posts;

public class MediaUpkeepTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task An_image_never_attached_to_a_post_is_removed_after_a_day_but_an_attached_one_stays()
    {
        var member = await app.Given.Member();
        var abandoned = await app.Given.Image(member);
        var used = await app.Given.Image(member);
        await app.Given.Post(member, "Wound care teaching image", media: used.Id);
        await app.SettleAsync();

        await app.RunHourlyJobsAsync(TimeSpan.FromHours(25));

        Assert.False(await app.WithDbAsync(db => db.PostMedia.AnyAsync(m => m.Id == abandoned.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(member).GetAsync(abandoned.Url)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.PostMedia.AnyAsync(m => m.Id == used.Id)));
        Assert.Equal(HttpStatusCode.OK, (await app.As(member).GetAsync(used.Url)).StatusCode);
    }
}
