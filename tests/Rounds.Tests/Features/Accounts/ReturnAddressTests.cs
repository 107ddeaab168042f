using System.Net;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features.Accounts;

/// <summary>Return addresses from forms lead back into this site only.</summary>
public class ReturnAddressTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task Signing_out_never_sends_anyone_to_another_site(string returnUrl)
    {
        var member = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(member);
        var response = await browser.SubmitAsync("/", "", new Dictionary<string, string> { ["returnUrl"] = returnUrl }, formAction: "/account/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\\evil.example/")]
    [InlineData("//evil.example/")]
    public async Task A_post_action_never_sends_anyone_to_another_site(string returnUrl)
    {
        var member = await app.Given.Member();
        var post = await app.Given.Post(member, "Pearl of the day");
        var browser = await app.SignedInBrowserAsync(member);
        var response = await browser.SubmitAsync("/", "", new Dictionary<string, string> { ["returnUrl"] = returnUrl }, formAction: $"/posts/{post.Id}/bookmark");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/#post-", response.Headers.Location!.OriginalString);
    }
}
