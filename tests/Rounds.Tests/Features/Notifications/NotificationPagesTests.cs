using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;

namespace Rounds.Tests.Features.Notifications;

/// <summary>The notifications page, driven through its real forms.</summary>
public class NotificationPagesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<long> MentionAsync(TestMember author, TestMember mentioned, string text = "have a look")
    {
        var post = await (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = $"@{mentioned.Handle} {text}" }))
            .ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();
        return post.Id;
    }

    [Fact]
    public async Task A_mention_is_listed_unread_and_marking_all_read_clears_the_badge()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.VerifiedClinician();
        var postId = await MentionAsync(ana, me, "what do you make of this ECG?");
        using var browser = await app.SignedInBrowserAsync(me);

        var html = await browser.GetPageAsync("/notifications");
        Assert.Contains($"@{ana.Handle}</a>", html);
        Assert.Contains("mentioned you", html);
        Assert.Contains($"href=\"/posts/{postId}\"", html);
        Assert.Contains("what do you make of this ECG?", html);
        Assert.Contains("notification card unread", html);
        Assert.Equal(1, SignedInPages.UnreadBadge(html));

        var marked = await browser.SubmitAsync("/notifications", "mark-read", new Dictionary<string, string>());
        Assert.Equal("/notifications", SignedInPages.RedirectTarget(marked));

        var after = await browser.GetPageAsync("/notifications");
        Assert.Equal(0, SignedInPages.UnreadBadge(after));
        Assert.DoesNotContain("notification card unread", after);
        Assert.Contains("mentioned you", after);
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == me.Id && n.ReadAt == null)));
    }

    [Fact]
    public async Task Older_notifications_are_a_page_away()
    {
        var me = await app.Given.Member();
        var authors = new List<TestMember>();
        for (var i = 0; i < 21; i++) authors.Add(await app.Given.Member());
        foreach (var a in authors)
            await (await app.As(a).PostAsJsonAsync("/api/v1/posts", new { text = $"@{me.Handle} ping" })).ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();
        using var browser = await app.SignedInBrowserAsync(me);

        var first = await browser.GetPageAsync("/notifications");
        Assert.Contains($"@{authors[^1].Handle}</a>", first);
        Assert.DoesNotContain($"@{authors[0].Handle}</a>", first);
        var older = System.Text.RegularExpressions.Regex.Match(first, @"href=""(/notifications\?max_id=\d+)""").Groups[1].Value;
        Assert.NotEmpty(older);
        Assert.Contains($"@{authors[0].Handle}</a>", await browser.GetPageAsync(older));
    }

    [Fact]
    public async Task The_daily_digest_checkbox_saves()
    {
        var me = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);
        Assert.Contains("Email me a daily digest of unread notifications", await browser.GetPageAsync("/notifications"));

        var on = await browser.SubmitAsync("/notifications", "digest", new Dictionary<string, string> { ["Digest.Enabled"] = "true" });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Contains("Saved", await on.Content.ReadAsStringAsync());
        Assert.True((await app.MemberAsync(me.Id)).EmailDigest);
        Assert.Matches("id=\"digest\"[^>]*checked", await browser.GetPageAsync("/notifications"));

        var off = await browser.SubmitAsync("/notifications", "digest", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await app.MemberAsync(me.Id)).EmailDigest);
        Assert.DoesNotMatch("id=\"digest\"[^>]*checked", await browser.GetPageAsync("/notifications"));
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        var response = await app.Browser().GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.OriginalString);
    }
}
