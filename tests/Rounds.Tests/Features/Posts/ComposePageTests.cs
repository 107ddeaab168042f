using System.Net;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features.Posts;

public class ComposePageTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static byte[] Jpeg()
    {
        using var image = new ImageMagick.MagickImage(new ImageMagick.MagickColor("#c67a7a"), 64, 48) { Format = ImageMagick.MagickFormat.Jpeg };
        return image.ToByteArray();
    }

    [Fact]
    public async Task Posting_from_the_page_publishes_and_returns_to_the_timeline()
    {
        var member = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(member);
        var response = await browser.SubmitAsync("/compose", "compose", new Dictionary<string, string>
        {
            ["text"] = "Morning report pearl #MedEd", ["audience"] = "members", ["returnUrl"] = "/",
            ["alt0"] = "Bar chart of sodium values",
        }, ("image0", "chart.jpg", Jpeg()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var post = await app.WithDbAsync(db => db.Posts.Include(p => p.Media).SingleAsync(p => p.AuthorId == member.Id));
        Assert.Equal("Bar chart of sodium values", Assert.Single(post.Media).AltText);
        Assert.Contains("Morning report pearl", await browser.GetPageAsync("/"));
    }

    [Fact]
    public async Task An_image_without_alt_text_is_refused_on_the_page_and_nothing_is_written()
    {
        var member = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(member);
        var response = await browser.SubmitAsync("/compose", "compose", new Dictionary<string, string>
        {
            ["text"] = "Look at this rash", ["audience"] = "public", ["returnUrl"] = "/",
        }, ("image0", "rash.jpg", Jpeg()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("alt text is required", html);
        Assert.Contains("Look at this rash", html); // what was typed is kept
        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.AuthorId == member.Id)));
        Assert.False(await app.WithDbAsync(db => db.PostMedia.AnyAsync(m => m.OwnerId == member.Id)));
    }

    [Fact]
    public async Task An_over_long_post_shows_the_count_on_the_page()
    {
        var member = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(member);
        var response = await browser.SubmitAsync("/compose", "compose", new Dictionary<string, string>
        {
            ["text"] = new string('x', 501), ["audience"] = "public", ["returnUrl"] = "/",
        });
        Assert.Contains("at most 500 characters; this one has 501", await response.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.AuthorId == member.Id)));
    }
}
