using System.Net;
using System.Text.RegularExpressions;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features;

/// <summary>A browser signed in through the real sign-in form, for tests of the member pages.</summary>
public static partial class SignedInPages
{
    public static async Task<PageClient> SignedInBrowserAsync(this RoundsApp app, TestMember member)
    {
        var browser = app.Browser();
        var response = await browser.SubmitAsync("/account/sign-in", "sign-in",
            new Dictionary<string, string> { ["Input.Email"] = member.Email, ["Input.Password"] = member.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>Where a redirect goes, as a local address with its fragment.</summary>
    public static string RedirectTarget(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var u = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        return u.PathAndQuery + u.Fragment;
    }

    /// <summary>The number in the header's unread badge; 0 when it is empty (hidden).</summary>
    public static int UnreadBadge(string html)
    {
        var m = BadgePattern().Match(html);
        Assert.True(m.Success, "The page has no unread badge.");
        return m.Groups[1].Value.Length == 0 ? 0 : int.Parse(m.Groups[1].Value);
    }

    [GeneratedRegex(@"data-unread-count[^>]*>(\d*)<")]
    private static partial Regex BadgePattern();
}
