using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features.Conversations;

/// <summary>The messages pages, driven through their real forms, and the fragment live updates fetch.</summary>
public partial class ConversationPagesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static Dictionary<string, string> NewMessage(string to, string text) => new() { ["Input.To"] = to, ["Input.Text"] = text };

    /// <summary>Starts a conversation from the page; returns its id and the first message's id from the redirect.</summary>
    private static async Task<(long Conversation, long Message)> StartAsync(PageClient browser, string to, string text)
    {
        var response = await browser.SubmitAsync("/conversations", "new-message", NewMessage(to, text));
        var target = SignedInPages.RedirectTarget(response);
        var m = RedirectPattern().Match(target);
        Assert.True(m.Success, $"Unexpected redirect {target}");
        return (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value));
    }

    [Fact]
    public async Task A_conversation_started_from_the_page_shows_the_message_on_its_page()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.VerifiedClinician();
        using var browser = await app.SignedInBrowserAsync(me);

        var (id, messageId) = await StartAsync(browser, $"@{ana.Handle}", "Could you look at the echo from bed 4?");
        var html = await browser.GetPageAsync($"/conversations/{id}");
        Assert.Contains($"data-live-conversation=\"{id}\"", html);
        Assert.Contains("data-messages", html);
        Assert.Matches($"<li class=\"message card mine\" id=\"message-{messageId}\" data-message-id=\"{messageId}\"", html);
        Assert.Contains("Could you look at the echo from bed 4?", html);
        Assert.Contains($"/members/{ana.Handle}", html);

        var list = await browser.GetPageAsync("/conversations");
        Assert.Contains($"href=\"/conversations/{id}\"", list);
        Assert.Contains("Could you look at the echo from bed 4?", list);

        using var anas = await app.SignedInBrowserAsync(ana);
        var inbox = await anas.GetPageAsync("/conversations");
        Assert.Contains("conversation card unread", inbox);
        var theirs = await anas.GetPageAsync($"/conversations/{id}");
        Assert.Matches($"<li class=\"message card\" id=\"message-{messageId}\"", theirs);
        Assert.DoesNotContain("conversation card unread", await anas.GetPageAsync("/conversations")); // opening it marked it read
    }

    [Fact]
    public async Task A_reply_sent_from_the_conversation_page_lands_under_the_first_message()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);
        var (id, first) = await StartAsync(browser, ana.Handle, "First");

        using var anas = await app.SignedInBrowserAsync(ana);
        var sent = await anas.SubmitAsync($"/conversations/{id}", "send", new Dictionary<string, string> { ["Input.Text"] = "Second message, same thread" });
        var location = SignedInPages.RedirectTarget(sent);
        Assert.StartsWith($"/conversations/{id}#message-", location);
        var second = long.Parse(location.Split("#message-")[1]);

        var html = await browser.GetPageAsync($"/conversations/{id}");
        Assert.True(html.IndexOf($"data-message-id=\"{first}\"", StringComparison.Ordinal) < html.IndexOf($"data-message-id=\"{second}\"", StringComparison.Ordinal),
            "Messages read oldest to newest.");
        Assert.Matches($"<li class=\"message card\" id=\"message-{second}\"", html);
    }

    [Fact]
    public async Task The_to_field_is_prefilled_from_the_address()
    {
        var me = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);
        Assert.Contains("value=\"@ana_99\"", await browser.GetPageAsync("/conversations?to=ana_99"));
    }

    [Fact]
    public async Task A_non_participant_gets_a_404_for_the_page_and_the_fragment()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.Member();
        var stranger = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);
        var (id, messageId) = await StartAsync(browser, ana.Handle, "Just between us");

        var fragment = await browser.GetAsync($"/fragments/conversations/{id}/messages/{messageId}");
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var bubble = await fragment.Content.ReadAsStringAsync();
        Assert.StartsWith("<li", bubble.TrimStart());
        Assert.Contains($"data-message-id=\"{messageId}\"", bubble);
        Assert.Contains("message card mine", bubble);

        using var outsider = await app.SignedInBrowserAsync(stranger);
        var page = await outsider.GetAsync($"/conversations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Just between us", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/fragments/conversations/{id}/messages/{messageId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync($"/fragments/conversations/{id}/messages/{messageId}")).StatusCode);
        // A message id from another conversation is not served through this one.
        var (other, _) = await StartAsync(outsider, me.Handle, "Hello");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/fragments/conversations/{other}/messages/{messageId}")).StatusCode);
    }

    [Fact]
    public async Task An_empty_message_shows_the_form_error_and_writes_nothing()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);

        var refused = await browser.SubmitAsync("/conversations", "new-message", NewMessage(ana.Handle, "   "));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"text-error\"", html);
        Assert.Contains("Write a message.", html);
        Assert.Contains($"value=\"{ana.Handle}\"", html); // what was typed stays
        Assert.False(await app.WithDbAsync(db => db.ConversationMembers.AnyAsync(m => m.MemberId == me.Id)));

        var nobody = await browser.SubmitAsync("/conversations", "new-message", NewMessage("@no_such_member_here", "Hello?"));
        Assert.Equal(HttpStatusCode.OK, nobody.StatusCode);
        Assert.Contains("id=\"handles-error\"", await nobody.Content.ReadAsStringAsync());

        var (id, _) = await StartAsync(browser, ana.Handle, "Hello");
        var empty = await browser.SubmitAsync($"/conversations/{id}", "send", new Dictionary<string, string> { ["Input.Text"] = "" });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Write a message.", await empty.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.DirectMessages.CountAsync(m => m.ConversationId == id)));
    }

    [GeneratedRegex(@"^/conversations/(\d+)#message-(\d+)$")]
    private static partial Regex RedirectPattern();
}
