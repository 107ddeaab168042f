using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Posts;

namespace Rounds.Tests.Features.Polls;

/// <summary>The post that introduces a poll: its content warning, and what happens to the poll once the post is deleted.</summary>
public class PollPostTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_poll_made_in_the_compose_box_keeps_its_content_warning_on_the_post()
    {
        var author = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(author);
        var response = await browser.SubmitAsync("/compose", "compose", new Dictionary<string, string>
        {
            ["text"] = "Results from our ward audit", ["audience"] = "members", ["contentWarning"] = "Audit results, discuss before reading",
            ["pollQuestion"] = "Did the audit surprise you?", ["pollOptions"] = "Yes\nNo", ["pollClosesIn"] = "24",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var poll = await app.WithDbAsync(db => db.Polls.SingleAsync(p => p.Question == "Did the audit surprise you?"));
        var post = await app.WithDbAsync(db => db.Posts.SingleAsync(p => p.Id == poll.PostId));
        Assert.Equal("Audit results, discuss before reading", post.ContentWarning);
        var view = await app.As(await app.Given.Member()).GetFromJsonAsync<PostView>($"/api/v1/posts/{poll.PostId}");
        Assert.Equal("Audit results, discuss before reading", view!.ContentWarning);
    }

    [Fact]
    public async Task A_poll_made_through_the_api_keeps_its_content_warning_on_the_post()
    {
        var author = await app.Given.Member();
        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/polls", new
        {
            question = "Which audit finding matters most?", options = new[] { "Handover", "Prescribing" },
            closesAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(1), audience = "members", text = "Our audit, in one question",
            contentWarning = "Audit results",
        })).ReadAsync<PollView>(HttpStatusCode.Created);
        var view = await app.As(await app.Given.Member()).GetFromJsonAsync<PostView>($"/api/v1/posts/{created.PostId}");
        Assert.Equal("Audit results", view!.ContentWarning);
        Assert.Equal("Our audit, in one question", view.Text);
    }

    [Fact]
    public async Task A_poll_whose_post_was_deleted_tells_nobody_when_it_closes()
    {
        var author = await app.Given.Member();
        var poll = await app.Given.Poll(author, closesIn: TimeSpan.FromMinutes(30), question: "Which deleted-poll question is this?");
        var voter = (await app.Given.Voters(poll, 1))[0];
        // A second poll that closes at the same time and is not deleted: the job does run and tells its people.
        var kept = await app.Given.Poll(author, closesIn: TimeSpan.FromMinutes(30), question: "Which kept-poll question is this?");
        var keptVoter = (await app.Given.Voters(kept, 1))[0];
        await (await app.As(author).DeleteAsync($"/api/v1/posts/{poll.PostId}")).AssertStatusAsync(HttpStatusCode.NoContent);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == nameof(NotifyPollClosedJob))))
        {
            Assert.True(DateTime.UtcNow < deadline, "The recurring job was never scheduled.");
            await Task.Delay(25);
        }
        await app.SettleAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(45));
        await app.SettleAsync();
        await app.SettleAsync();

        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.MemberId == keptVoter.Id && n.Kind == NotificationKind.PollClosed)));
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Link == $"/polls/{poll.Id}")));
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == voter.Id && n.Kind == NotificationKind.PollClosed)));
        var authorsNotes = (await app.As(author).GetFromJsonAsync<NotificationPage>("/api/v1/notifications?limit=40"))!.Items
            .Where(n => n.Kind == "pollclosed").Select(n => n.Text).ToList();
        Assert.Equal(["Your poll has closed: Which kept-poll question is this?"], authorsNotes);

        // Running again later tells nobody either.
        app.Clock.Advance(TimeSpan.FromMinutes(45));
        await app.SettleAsync();
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Link == $"/polls/{poll.Id}")));
    }
}
