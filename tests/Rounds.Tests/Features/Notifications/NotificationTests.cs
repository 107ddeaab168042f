using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Features.Connections;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Notifications;

namespace Rounds.Tests.Features.Notifications;

public class NotificationTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<NotificationPage> PageAsync(TestMember member, string query = "") =>
        (await app.As(member).GetFromJsonAsync<NotificationPage>($"/api/v1/notifications{query}"))!;

    private async Task<int> UnreadAsync(TestMember member) =>
        (await app.As(member).GetFromJsonAsync<UnreadCount>("/api/v1/notifications/unread-count"))!.Count;

    [Fact]
    public async Task A_follow_notifies_the_followee()
    {
        var followee = await app.Given.Member();
        var follower = await app.Given.Member();
        await app.As(follower).PostAsync($"/api/v1/members/{followee.Handle}/follow", null);
        await app.SettleAsync();

        var n = Assert.Single((await PageAsync(followee)).Items);
        Assert.Equal("follow", n.Kind);
        Assert.Equal(follower.Handle, n.Actor!.Handle);
        Assert.Null(n.PostId);
        Assert.False(n.Read);
        Assert.Equal(1, await UnreadAsync(followee));
    }

    [Fact]
    public async Task A_mention_notifies_the_mentioned_member_with_an_excerpt_of_the_post()
    {
        var mentioned = await app.Given.Member();
        var author = await app.Given.VerifiedClinician();
        var post = await app.PostAsync(author, $"@{mentioned.Handle} have a look at this ECG: ST elevation in V1–V3 with a new RBBB");
        await app.SettleAsync();

        var n = Assert.Single((await PageAsync(mentioned)).Items);
        Assert.Equal("mention", n.Kind);
        Assert.Equal(author.Handle, n.Actor!.Handle);
        Assert.Equal(post.Id, n.PostId);
        Assert.StartsWith($"@{mentioned.Handle} have a look", n.Excerpt);
    }

    [Fact]
    public async Task A_reply_notifies_the_parents_author_once()
    {
        var author = await app.Given.VerifiedClinician();
        var replier = await app.Given.VerifiedClinician();
        var post = await app.PostAsync(author, "What is your first-line agent for PMR?");
        var reply = await app.PostAsync(replier, $"@{author.Handle} prednisone 15 mg", inReplyToId: post.Id);
        await app.SettleAsync();

        var n = Assert.Single((await PageAsync(author)).Items);
        Assert.Equal("reply", n.Kind);
        Assert.Equal(reply.Id, n.PostId);
    }

    [Fact]
    public async Task A_quote_notifies_the_quoted_author()
    {
        var author = await app.Given.VerifiedClinician();
        var quoter = await app.Given.VerifiedClinician();
        var post = await app.PostAsync(author, "Colchicine after MI: the evidence");
        var quote = await app.PostAsync(quoter, "Worth reading", quoteOfId: post.Id);
        await app.SettleAsync();

        var n = Assert.Single((await PageAsync(author)).Items);
        Assert.Equal("quote", n.Kind);
        Assert.Equal(quote.Id, n.PostId);
        Assert.Equal(quoter.Handle, n.Actor!.Handle);
    }

    [Fact]
    public async Task No_notification_crosses_a_block()
    {
        var blocker = await app.Given.Member();
        var blocked = await app.Given.VerifiedClinician();
        await app.As(blocker).PostAsync($"/api/v1/members/{blocked.Handle}/block", null);

        await app.PostAsync(blocked, $"Hey @{blocker.Handle}");
        await app.As(blocked).PostAsync($"/api/v1/members/{blocker.Handle}/follow", null);
        await app.SettleAsync();

        Assert.Empty((await PageAsync(blocker)).Items);
        Assert.Equal(0, await UnreadAsync(blocker));
    }

    [Fact]
    public async Task Blocking_drops_the_notifications_between_the_two()
    {
        var member = await app.Given.Member();
        var pest = await app.Given.Member();
        await app.As(pest).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        await app.SettleAsync();
        Assert.Equal(1, await UnreadAsync(member));

        await app.As(member).PostAsync($"/api/v1/members/{pest.Handle}/block", null);
        Assert.Empty((await PageAsync(member)).Items);
        Assert.Equal(0, await UnreadAsync(member));
    }

    [Fact]
    public async Task A_muted_member_sends_no_notifications_and_earlier_ones_are_hidden()
    {
        var muter = await app.Given.Member();
        var muted = await app.Given.VerifiedClinician();
        await app.PostAsync(muted, $"Before the mute, @{muter.Handle}");
        await app.SettleAsync();
        Assert.Equal(1, await UnreadAsync(muter));

        await app.As(muter).PostAsync($"/api/v1/members/{muted.Handle}/mute", null);
        await app.PostAsync(muted, $"After the mute, @{muter.Handle}");
        await app.As(muted).PostAsync($"/api/v1/members/{muter.Handle}/follow", null);
        await app.SettleAsync();

        Assert.Empty((await PageAsync(muter)).Items);
        Assert.Equal(0, await UnreadAsync(muter));
    }

    [Fact]
    public async Task Marking_read_up_to_an_id_leaves_newer_ones_unread()
    {
        var member = await app.Given.Member();
        var first = await app.Given.Member();
        var second = await app.Given.Member();
        await app.As(first).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        await app.SettleAsync();
        await app.As(second).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        await app.SettleAsync();
        var page = await PageAsync(member);
        Assert.Equal([second.Handle, first.Handle], page.Items.Select(n => n.Actor!.Handle)); // newest first

        var left = await (await app.As(member).PostAsJsonAsync("/api/v1/notifications/read", new { upToId = page.Items[1].Id })).ReadAsync<UnreadCount>();
        Assert.Equal(1, left.Count);
        var unread = await PageAsync(member, "?unread=true");
        Assert.Equal([second.Handle], unread.Items.Select(n => n.Actor!.Handle));
        Assert.True((await PageAsync(member)).Items[1].Read);

        var none = await (await app.As(member).PostAsync("/api/v1/notifications/read", null)).ReadAsync<UnreadCount>();
        Assert.Equal(0, none.Count);
        Assert.Empty((await PageAsync(member, "?unread=true")).Items);
    }

    [Fact]
    public async Task Marking_read_pushes_the_new_unread_count_live()
    {
        var member = await app.Given.Member();
        var follower = await app.Given.Member();
        await using var live = await app.ConnectLiveAsync(member);
        await app.As(follower).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        await app.SettleAsync();
        Assert.True(await live.WaitForAsync("notification:1"), "the new notification is pushed with the unread count");

        await app.As(member).PostAsync("/api/v1/notifications/read", null);
        Assert.True(await live.WaitForAsync("notification:0"), "reading pushes the count back to zero");
    }

    [Fact]
    public async Task Notifications_page_back_by_id()
    {
        var member = await app.Given.Member();
        for (var i = 0; i < 3; i++)
        {
            var follower = await app.Given.Member();
            await app.As(follower).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        }
        await app.SettleAsync();

        var first = await PageAsync(member, "?limit=2");
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextMaxId);
        var second = await PageAsync(member, $"?limit=2&max_id={first.NextMaxId}");
        Assert.Single(second.Items);
        Assert.Null(second.NextMaxId);
        Assert.True(second.Items[0].Id < first.Items[1].Id);
    }

    [Fact]
    public async Task The_post_is_withheld_once_the_member_may_no_longer_see_it()
    {
        var reader = await app.Given.Member();
        var author = await app.Given.VerifiedClinician();
        await app.As(reader).PostAsync($"/api/v1/members/{author.Handle}/follow", null);
        var post = await app.PostAsync(author, $"For my followers, @{reader.Handle}: the slides", audience: "followers");
        await app.SettleAsync();
        var before = (await PageAsync(reader)).Items.Single(n => n.Kind == "mention");
        Assert.Equal(post.Id, before.PostId);
        Assert.NotNull(before.Excerpt);

        await app.As(reader).DeleteAsync($"/api/v1/members/{author.Handle}/follow");
        var after = (await PageAsync(reader)).Items.Single(n => n.Kind == "mention");
        Assert.Null(after.PostId);
        Assert.Null(after.Excerpt);
    }

    [Fact]
    public async Task Notifications_are_private_to_a_signed_in_member()
    {
        await (await app.Anonymous().GetAsync("/api/v1/notifications")).AssertStatusAsync(HttpStatusCode.Unauthorized);
        await (await app.Anonymous().GetAsync("/api/v1/notifications/unread-count")).AssertStatusAsync(HttpStatusCode.Unauthorized);
    }
}
