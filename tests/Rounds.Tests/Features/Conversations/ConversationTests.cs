using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Features.Connections;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Conversations;

namespace Rounds.Tests.Features.Conversations;

public class ConversationTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<StartConversation.Response> StartAsync(TestMember from, string text, params TestMember[] to) =>
        await (await app.As(from).PostAsJsonAsync("/api/v1/conversations", new { handles = to.Select(t => t.Handle).ToArray(), text }))
            .ReadAsync<StartConversation.Response>(HttpStatusCode.Created);

    private Task<int> ConversationCountAsync(params TestMember[] members) => app.WithDbAsync(db =>
    {
        var ids = members.Select(m => m.Id).ToList();
        return db.Conversations.CountAsync(c => c.Members.Any(m => ids.Contains(m.MemberId)));
    });

    [Fact]
    public async Task Starting_a_conversation_sends_the_first_message_which_the_recipient_sees_unread()
    {
        var sender = await app.Given.VerifiedClinician();
        var recipient = await app.Given.VerifiedClinician();
        var started = await StartAsync(sender, "Can you see my patient in clinic on Friday?", recipient);
        Assert.Equal([recipient.Handle], started.Conversation.Participants.Select(p => p.Handle));
        Assert.False(started.Conversation.Unread);
        Assert.Equal(sender.Handle, started.Message.Sender.Handle);

        var theirs = Assert.Single((await app.As(recipient).GetFromJsonAsync<List<ConversationView>>("/api/v1/conversations"))!);
        Assert.Equal(started.Conversation.Id, theirs.Id);
        Assert.True(theirs.Unread);
        Assert.Equal("Can you see my patient in clinic on Friday?", theirs.LastMessage!.Excerpt);
        Assert.Equal(sender.Handle, theirs.LastMessage.SenderHandle);

        var messages = await app.As(recipient).GetFromJsonAsync<MessagePage>($"/api/v1/conversations/{theirs.Id}/messages");
        Assert.Equal(["Can you see my patient in clinic on Friday?"], messages!.Items.Select(m => m.Text));

        await (await app.As(recipient).PostAsync($"/api/v1/conversations/{theirs.Id}/read", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.False((await app.As(recipient).GetFromJsonAsync<List<ConversationView>>("/api/v1/conversations"))!.Single().Unread);
    }

    [Fact]
    public async Task Writing_again_to_the_same_people_reuses_the_conversation()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        var c = await app.Given.Member();
        var first = await StartAsync(a, "Hello", b);

        var again = await (await app.As(a).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { "@" + b.Handle.ToUpperInvariant(), a.Handle }, text = "Again" }))
            .ReadAsync<StartConversation.Response>(HttpStatusCode.Created);
        Assert.Equal(first.Conversation.Id, again.Conversation.Id);
        var fromB = await StartAsync(b, "Answering", a);
        Assert.Equal(first.Conversation.Id, fromB.Conversation.Id);

        var group = await StartAsync(a, "All three of us", b, c);
        Assert.NotEqual(first.Conversation.Id, group.Conversation.Id);
        Assert.Equal(2, (await app.As(a).GetFromJsonAsync<List<ConversationView>>("/api/v1/conversations"))!.Count);
        var messages = await app.As(b).GetFromJsonAsync<MessagePage>($"/api/v1/conversations/{first.Conversation.Id}/messages");
        Assert.Equal(["Answering", "Again", "Hello"], messages!.Items.Select(m => m.Text));
    }

    [Fact]
    public async Task Conversations_are_listed_by_newest_activity()
    {
        var me = await app.Given.Member();
        var b = await app.Given.Member();
        var c = await app.Given.Member();
        var older = await StartAsync(me, "First", b);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await StartAsync(me, "Second", c);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([newer.Conversation.Id, older.Conversation.Id],
            (await app.As(me).GetFromJsonAsync<List<ConversationView>>("/api/v1/conversations"))!.Select(v => v.Id));

        await (await app.As(b).PostAsJsonAsync($"/api/v1/conversations/{older.Conversation.Id}/messages", new { text = "Reply" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var list = (await app.As(me).GetFromJsonAsync<List<ConversationView>>("/api/v1/conversations"))!;
        Assert.Equal([older.Conversation.Id, newer.Conversation.Id], list.Select(v => v.Id));
        Assert.True(list[0].Unread);
        Assert.False(list[1].Unread);
    }

    [Fact]
    public async Task Someone_outside_the_conversation_can_neither_read_nor_write_nor_mark_it()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        var outsider = await app.Given.Member();
        var started = await StartAsync(a, "Just between us", b);
        var id = started.Conversation.Id;

        await (await app.As(outsider).GetAsync($"/api/v1/conversations/{id}/messages")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(outsider).PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "Hi" })).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(outsider).PostAsync($"/api/v1/conversations/{id}/read", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Empty((await app.As(outsider).GetFromJsonAsync<List<ConversationView>>("/api/v1/conversations"))!);
        Assert.Equal(1, await app.WithDbAsync(db => db.DirectMessages.CountAsync(m => m.ConversationId == id)));
    }

    [Fact]
    public async Task Nobody_can_write_to_someone_who_blocked_them_or_whom_they_blocked()
    {
        var blocker = await app.Given.Member();
        var blocked = await app.Given.Member();
        await app.Given.Block(blocker, blocked);

        var toBlocker = await app.As(blocked).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { blocker.Handle }, text = "Please?" });
        await toBlocker.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal($"You cannot message @{blocker.Handle}.", (await toBlocker.JsonAsync()).GetProperty("detail").GetString());
        var toBlocked = await app.As(blocker).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { blocked.Handle }, text = "Hm" });
        await toBlocked.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Contains("unblock", (await toBlocked.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await ConversationCountAsync(blocker, blocked));
    }

    [Fact]
    public async Task A_block_stops_an_existing_conversation()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        var started = await StartAsync(a, "Before the block", b);
        await app.As(b).PostAsync($"/api/v1/members/{a.Handle}/block", null);

        await (await app.As(a).PostAsJsonAsync($"/api/v1/conversations/{started.Conversation.Id}/messages", new { text = "After" }))
            .AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(b).PostAsJsonAsync($"/api/v1/conversations/{started.Conversation.Id}/messages", new { text = "After" }))
            .AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, await app.WithDbAsync(db => db.DirectMessages.CountAsync(m => m.ConversationId == started.Conversation.Id)));
    }

    [Fact]
    public async Task Empty_or_over_long_messages_are_refused_and_nothing_is_written()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        await (await app.As(a).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { b.Handle }, text = "   " })).AssertInvalidAsync("text");
        await (await app.As(a).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { b.Handle }, text = new string('x', 2001) })).AssertInvalidAsync("text");
        Assert.Equal(0, await ConversationCountAsync(a));

        var started = await StartAsync(a, new string('x', 2000), b);
        var url = $"/api/v1/conversations/{started.Conversation.Id}/messages";
        await (await app.As(b).PostAsJsonAsync(url, new { text = "" })).AssertInvalidAsync("text");
        await (await app.As(b).PostAsJsonAsync(url, new { text = new string('y', 2001) })).AssertInvalidAsync("text");
        Assert.Equal(1, await app.WithDbAsync(db => db.DirectMessages.CountAsync(m => m.ConversationId == started.Conversation.Id)));
    }

    [Fact]
    public async Task Recipients_must_be_named_and_exist()
    {
        var a = await app.Given.Member();
        await (await app.As(a).PostAsJsonAsync("/api/v1/conversations", new { handles = Array.Empty<string>(), text = "Hi" })).AssertInvalidAsync("handles");
        await (await app.As(a).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { a.Handle }, text = "Hi" })).AssertInvalidAsync("handles");
        await (await app.As(a).PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { "no_such_person_1" }, text = "Hi" })).AssertInvalidAsync("handles");
        Assert.Equal(0, await ConversationCountAsync(a));
    }

    [Fact]
    public async Task Messages_page_back_by_id()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        var started = await StartAsync(a, "1", b);
        for (var i = 2; i <= 5; i++)
            await app.As(i % 2 == 0 ? b : a).PostAsJsonAsync($"/api/v1/conversations/{started.Conversation.Id}/messages", new { text = $"{i}" });

        var first = await app.As(a).GetFromJsonAsync<MessagePage>($"/api/v1/conversations/{started.Conversation.Id}/messages?limit=3");
        Assert.Equal(["5", "4", "3"], first!.Items.Select(m => m.Text));
        var second = await app.As(a).GetFromJsonAsync<MessagePage>($"/api/v1/conversations/{started.Conversation.Id}/messages?limit=3&max_id={first.NextMaxId}");
        Assert.Equal(["2", "1"], second!.Items.Select(m => m.Text));
        Assert.Null(second.NextMaxId);
    }

    [Fact]
    public async Task Each_new_message_is_pushed_live_to_the_participants()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        await using var live = await app.ConnectLiveAsync(b);

        var started = await StartAsync(a, "Are you on call tonight?", b);
        Assert.True(await live.WaitForAsync($"message:{started.Conversation.Id}:{started.Message.Id}"));
        var reply = await (await app.As(a).PostAsJsonAsync($"/api/v1/conversations/{started.Conversation.Id}/messages", new { text = "Any news on the rota?" }))
            .ReadAsync<MessageView>(HttpStatusCode.Created);
        Assert.True(await live.WaitForAsync($"message:{started.Conversation.Id}:{reply.Id}"));
    }
}
