using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>Those who run a room pin, hide and slow it; every change reaches open rooms; others are refused without anything changing.</summary>
public class RoomModerationTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task Hosts_pin_and_hide_messages_and_open_rooms_follow_live()
    {
        var owner = await app.Given.VerifiedClinician();
        var eventModerator = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: [], hosts: [new { handle = eventModerator.Handle, role = "moderator" }]);
        var learner = await app.Given.Member();
        var other = await app.Given.Member();
        var useful = await app.Given.EventMessage(learner, ev.Id, "The supplementary appendix has the per-site results.");
        var offTopic = await app.Given.EventMessage(other, ev.Id, "Buy my course on joint injections, link in bio.");
        await using var watching = await app.Given.RoomClient(learner);
        await watching.JoinAsync(ev.Id);
        await using var running = await app.Given.RoomClient(eventModerator);
        await running.JoinAsync(ev.Id);

        await (await app.As(owner).PostAsync($"/api/v1/events/{ev.Id}/messages/{useful.PostId}/pin", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True(await watching.WaitForChangeAsync("pinned", useful.PostId.ToString()));
        Assert.Equal([useful.PostId], (await watching.JoinAsync(ev.Id, 0)).PinnedPostIds);
        // A replayed pin changes nothing and says so.
        var replay = await app.As(owner).PostAsync($"/api/v1/events/{ev.Id}/messages/{useful.PostId}/pin", null);
        await replay.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Single(watching.Changes, c => c.What == "pinned");

        // The event's moderator hides: gone for participants (live and on re-reading), kept and marked for those who run the room, audited.
        await (await app.As(eventModerator).PostAsync($"/api/v1/events/{ev.Id}/messages/{offTopic.PostId}/hide", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True(await watching.WaitForChangeAsync("hidden", offTopic.PostId.ToString()));
        var forLearner = await app.As(learner).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages");
        Assert.DoesNotContain(forLearner!.Messages, m => m.PostId == offTopic.PostId);
        Assert.Contains(offTopic.PostId, forLearner.HiddenPostIds);
        var forModerator = await app.As(await app.Given.Moderator()).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages");
        var marked = Assert.Single(forModerator!.Messages, m => m.PostId == offTopic.PostId);
        Assert.True(marked.Hidden);
        Assert.Contains("joint injections", marked.Text);
        await (await app.As(eventModerator).PostAsync($"/api/v1/events/{ev.Id}/messages/{offTopic.PostId}/hide", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await app.As(owner).PostAsync($"/api/v1/events/{ev.Id}/messages/{offTopic.PostId}/pin", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.EventMessageHidden && a.SubjectId == other.Id).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(eventModerator.Id, entry.ActorId);
        // Outside the room too: the post is gone for the learner (as a post and on the community timeline), kept for its author.
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/api/v1/posts/{offTopic.PostId}")).StatusCode);
        var local = await app.As(learner).GetFromJsonAsync<Rounds.Web.Features.Timelines.TimelinePage>("/api/v1/timelines/local?limit=40");
        Assert.Contains(local!.Items, p => p.Id == useful.PostId);
        Assert.DoesNotContain(local.Items, p => p.Id == offTopic.PostId);
        Assert.Equal(HttpStatusCode.OK, (await app.As(other).GetAsync($"/api/v1/posts/{offTopic.PostId}")).StatusCode);
        // Replying to a hidden message is refused.
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Replying anyway", inReplyToId = offTopic.PostId })).AssertInvalidAsync("inReplyToId");

        await (await app.As(owner).DeleteAsync($"/api/v1/events/{ev.Id}/messages/{offTopic.PostId}/hide")).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True(await watching.WaitForChangeAsync("unhidden", offTopic.PostId.ToString()));
        Assert.Contains((await watching.JoinAsync(ev.Id, 0)).Messages, m => m.PostId == offTopic.PostId);
        Assert.Single(await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.EventMessageShown && a.SubjectId == other.Id).ToListAsync()));
        await (await app.As(owner).DeleteAsync($"/api/v1/events/{ev.Id}/messages/{useful.PostId}/pin")).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True(await watching.WaitForChangeAsync("unpinned", useful.PostId.ToString()));
        await (await app.As(owner).DeleteAsync($"/api/v1/events/{ev.Id}/messages/{useful.PostId}/pin")).AssertStatusAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Slow_mode_is_set_by_those_who_run_the_room_pushed_live_and_bounded()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var learner = await app.Given.Member();
        await using var watching = await app.Given.RoomClient(learner);
        await watching.JoinAsync(ev.Id);

        var set = await app.As(owner).PutAsJsonAsync($"/api/v1/events/{ev.Id}/slow-mode", new { seconds = 45 });
        Assert.Equal(45, (await set.ReadAsync<EventModeration.SlowModeView>(HttpStatusCode.OK)).Seconds);
        Assert.True(await watching.WaitForChangeAsync("slow-mode", "45"));
        await app.Given.EventMessage(learner, ev.Id, "First point on the outcome measure.");
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Second point" })).AssertStatusAsync(HttpStatusCode.TooManyRequests);
        app.Clock.Advance(TimeSpan.FromSeconds(46));
        await app.Given.EventMessage(learner, ev.Id, "Second point, after waiting.");

        foreach (var bad in new object[] { new { seconds = 601 }, new { seconds = -1 }, new { seconds = 1_000_000_000_000L }, new { } })
            await (await app.As(owner).PutAsJsonAsync($"/api/v1/events/{ev.Id}/slow-mode", bad)).AssertInvalidAsync("seconds");
        var malformed = await app.As(owner).PutAsync($"/api/v1/events/{ev.Id}/slow-mode", new StringContent("{\"seconds\":\"lots\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        await (await app.As(learner).PutAsJsonAsync($"/api/v1/events/{ev.Id}/slow-mode", new { seconds = 0 })).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().PutAsJsonAsync($"/api/v1/events/{ev.Id}/slow-mode", new { seconds = 0 })).AssertStatusAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(45, await app.WithDbAsync(db => db.Events.Where(e => e.Id == ev.Id).Select(e => e.SlowModeSeconds).SingleAsync()));

        (await app.As(owner).PutAsJsonAsync($"/api/v1/events/{ev.Id}/slow-mode", new { seconds = 0 })).EnsureSuccessStatusCode();
        Assert.True(await watching.WaitForChangeAsync("slow-mode", "0"));
        await app.Given.EventMessage(learner, ev.Id, "Third point, slow mode off.");
    }

    [Fact]
    public async Task Moderation_by_the_wrong_user_or_of_an_unknown_message_is_refused_and_changes_nothing()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, audience: "clinicians", questions: []);
        var author = await app.Given.VerifiedClinician();
        var message = await app.Given.EventMessage(author, ev.Id, "A point on the confidence intervals.");
        var elsewhere = await app.Given.JournalClub(owner, questions: []);
        var foreign = await app.Given.EventMessage(owner, elsewhere.Id, "In another room.");

        foreach (var path in new[] { "pin", "hide" })
        {
            var url = $"/api/v1/events/{ev.Id}/messages/{message.PostId}/{path}";
            await (await app.As(author).PostAsync(url, null)).AssertStatusAsync(HttpStatusCode.Forbidden); // sees the event, does not run it
            await (await app.As(await app.Given.Patient()).PostAsync(url, null)).AssertStatusAsync(HttpStatusCode.NotFound); // does not see it
            await (await app.Anonymous().PostAsync(url, null)).AssertStatusAsync(HttpStatusCode.Unauthorized);
            await (await app.As(owner).PostAsync($"/api/v1/events/{ev.Id}/messages/999999/{path}", null)).AssertStatusAsync(HttpStatusCode.NotFound);
            await (await app.As(owner).PostAsync($"/api/v1/events/{ev.Id}/messages/{foreign.PostId}/{path}", null)).AssertStatusAsync(HttpStatusCode.NotFound);
            await (await app.As(owner).PostAsync($"/api/v1/events/999999/messages/{message.PostId}/{path}", null)).AssertStatusAsync(HttpStatusCode.NotFound);
            await (await app.As(owner).DeleteAsync(url)).AssertStatusAsync(HttpStatusCode.Conflict); // not pinned / not hidden
        }
        await (await app.As(await app.Given.Patient()).PutAsJsonAsync($"/api/v1/events/{ev.Id}/slow-mode", new { seconds = 10 })).AssertStatusAsync(HttpStatusCode.NotFound);
        var row = await app.WithDbAsync(db => db.EventMessages.SingleAsync(m => m.PostId == message.PostId));
        Assert.Null(row.PinnedAt);
        Assert.Null(row.HiddenAt);
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.SubjectId == author.Id && a.Action == AuditActions.EventMessageHidden)));

        // A site moderator runs every room; at most five messages are pinned at once.
        var moderator = app.As(await app.Given.Moderator());
        var more = new List<MessageView>();
        for (var i = 0; i < EventModeration.MaxPinned + 1; i++) more.Add(await app.Given.EventMessage(owner, ev.Id, $"Key point {i + 1} of the appraisal."));
        for (var i = 0; i < EventModeration.MaxPinned; i++)
            await (await moderator.PostAsync($"/api/v1/events/{ev.Id}/messages/{more[i].PostId}/pin", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await moderator.PostAsync($"/api/v1/events/{ev.Id}/messages/{more[^1].PostId}/pin", null)).AssertStatusAsync(HttpStatusCode.Conflict);
    }
}
