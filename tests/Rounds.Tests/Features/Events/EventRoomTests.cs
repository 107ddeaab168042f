using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Events;

/// <summary>The core of every event: creating one, posting into its room in order, questions released on time, catch-up after a sequence number.</summary>
public class EventRoomTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task An_organizer_creates_a_journal_club_with_its_paper_window_and_questions()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromDays(2));

        Assert.Equal("journal-club", ev.Kind);
        Assert.Equal("rheumjc", ev.Hashtag);
        Assert.Equal("doi:10.1136/annrheumdis-2023-224001", ev.Paper!.Key);
        Assert.Equal("https://doi.org/10.1136/annrheumdis-2023-224001", ev.Paper.Url);
        Assert.Contains("<strong>Why it matters</strong>", ev.PreReadHtml);
        Assert.Single(ev.Sessions);
        Assert.Equal(["T1", "T2"], ev.Questions.Select(q => q.Label));
        Assert.True(ev.Rsvped);

        // A learner sees the club but not the questions before their time.
        var learner = await app.Given.Member();
        var seen = await app.As(learner).GetFromJsonAsync<EventView>($"/api/v1/events/{ev.Id}");
        Assert.Empty(seen!.Questions);
        Assert.False(seen.Runs);
        Assert.Contains(ev.Id, (await app.As(learner).GetFromJsonAsync<List<EventSummary>>("/api/v1/events?kind=journal-club"))!.Select(e => e.Id));

        // A later club on the same paper gets its metadata from the earlier one.
        var again = await app.Given.Event(owner, new
        {
            kind = "journal-club", title = "Second look", hashtag = "RheumJC", paper = "https://doi.org/10.1136/ANNRHEUMDIS-2023-224001",
            sessions = new[] { new { startsAt = app.Clock.GetUtcNow().AddDays(9), endsAt = app.Clock.GetUtcNow().AddDays(9).AddHours(1) } },
        });
        Assert.Equal("Annals of the Rheumatic Diseases", again.Paper!.Journal);
    }

    [Fact]
    public async Task Bad_event_requests_are_refused_with_the_field_and_nothing_is_written()
    {
        var owner = await app.Given.VerifiedClinician();
        var client = app.As(owner);
        var now = app.Clock.GetUtcNow();
        object Club(object? paper = null, string? hashtag = "RheumJC", string kind = "journal-club", object? sessions = null, object? questions = null,
            string timeZone = "Europe/London", object? hosts = null) => new
        {
            kind, title = "Club", hashtag, timeZone, paper = paper ?? "PMID: 31234567",
            sessions = sessions ?? new[] { new { startsAt = now.AddHours(1), endsAt = now.AddHours(2) } }, questions, hosts,
        };
        var before = await app.WithDbAsync(db => db.Events.CountAsync());
        await (await client.PostAsJsonAsync("/api/v1/events", Club(kind: "party"))).AssertInvalidAsync("kind");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(kind: "chat"))).AssertInvalidAsync("kind");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(hashtag: "no spaces"))).AssertInvalidAsync("hashtag");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(paper: "not a paper"))).AssertInvalidAsync("paper");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(timeZone: "Mars/Olympus"))).AssertInvalidAsync("timeZone");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(sessions: Array.Empty<object>()))).AssertInvalidAsync("sessions");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(sessions: new[] { new { startsAt = now.AddHours(2), endsAt = now.AddHours(1) } }))).AssertInvalidAsync("sessions[0].endsAt");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(sessions: new[] { new { startsAt = now.AddHours(-3), endsAt = now.AddHours(-2) } }))).AssertInvalidAsync("sessions[0].endsAt");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(questions: new[] { new { text = "Late?", session = 0, offsetMinutes = 90 } }))).AssertInvalidAsync("questions[0].offsetMinutes");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(questions: new[] { new { text = "Where?", session = 3, offsetMinutes = 0 } }))).AssertInvalidAsync("questions[0].session");
        await (await client.PostAsJsonAsync("/api/v1/events", Club(hosts: new[] { new { handle = "nobody_here_at_all", role = "moderator" } }))).AssertInvalidAsync("hosts[0].handle");
        await (await client.PostAsJsonAsync("/api/v1/events", new { kind = "expert-forum", title = "Ask", hashtag = "AskRheum",
            sessions = new[] { new { title = "Open forum", startsAt = now.AddHours(1), endsAt = now.AddDays(3) } } })).AssertInvalidAsync("hosts");
        // A patient cannot host a clinicians-only club; an unverified clinician cannot organize at all.
        var patient = await app.Given.Patient();
        await (await client.PostAsJsonAsync("/api/v1/events", new { kind = "journal-club", title = "Club", hashtag = "RheumJC", audience = "clinicians", paper = "PMID: 31234567",
            sessions = new[] { new { startsAt = now.AddHours(1), endsAt = now.AddHours(2) } }, hosts = new[] { new { handle = patient.Handle, role = "moderator" } } }))
            .AssertInvalidAsync("hosts");
        await (await app.As(await app.Given.UnverifiedClinician()).PostAsJsonAsync("/api/v1/events", Club())).AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await app.WithDbAsync(db => db.Events.CountAsync()));
    }

    [Fact]
    public async Task Messages_are_numbered_in_order_and_a_client_catches_up_after_the_last_number_it_has()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var a = await app.Given.VerifiedClinician();
        var b = await app.Given.Member();
        var first = await app.Given.EventMessage(a, ev.Id, "Randomisation was by site, which matters for the interpretation.");
        var second = await app.Given.EventMessage(b, ev.Id, "As a nurse I wonder how often visits were in the tight-control arm.");
        var third = await app.Given.EventMessage(a, ev.Id, "Monthly until remission, then every three months.", inReplyToId: second.PostId);
        Assert.Equal([1L, 2L, 3L], new[] { first.Seq, second.Seq, third.Seq });
        Assert.True(first.DuringLive);
        Assert.Equal(ev.Sessions[0].Id, first.SessionId);

        var catchUp = await app.As(b).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages?after=1");
        Assert.Equal([2L, 3L], catchUp!.Messages.Select(m => m.Seq));
        Assert.Equal(3, catchUp.LastSeq);
        Assert.Empty((await app.As(b).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages?after=3"))!.Messages);

        // The messages are posts with the event's audience, on the hashtag timeline too; the room is their only way in.
        var post = await app.As(b).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/posts/{first.PostId}");
        Assert.Equal($"/events/{ev.Id}/room", post.GetProperty("contextUrl").GetString());
        await (await app.As(b).PostAsJsonAsync("/api/v1/posts", new { text = "Sneaking in", inReplyToId = first.PostId })).AssertInvalidAsync("inReplyToId");
        await (await app.As(b).PostAsJsonAsync("/api/v1/posts", new { text = "Sneaking in", contextKind = "event", contextId = ev.Id })).AssertInvalidAsync("contextKind");

        // Posting is attending: one learning-record entry per member and event, none for the host.
        var entries = await app.WithDbAsync(db => db.LearningEntries.Where(e => e.SourceKind == "event" && e.SourceId == ev.Id).ToListAsync());
        Assert.Single(entries, e => e.MemberId == a.Id && e.Activity == LearningActivity.JournalClubAttended);
        Assert.Single(entries, e => e.MemberId == b.Id);
        Assert.DoesNotContain(entries, e => e.MemberId == owner.Id);
    }

    [Fact]
    public async Task Questions_open_on_schedule_and_answers_attach_to_them()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromMinutes(30));
        var learner = await app.Given.VerifiedClinician();

        // Before the window the room is closed to participants and T1 cannot be answered.
        var early = await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Hello early" });
        await early.AssertStatusAsync(HttpStatusCode.Conflict);

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await app.SettleAsync(); // the minute job releases T1 (its offset is 0)
        var room = await app.As(learner).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages");
        var t1 = Assert.Single(room!.Messages);
        Assert.Equal("T1", t1.Label);
        Assert.True(t1.IsQuestion);
        Assert.StartsWith("T1: What was the primary outcome?", t1.Text);
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Later", question = 2 })).AssertInvalidAsync("question");

        var a1 = await app.Given.EventMessage(learner, ev.Id, "DAS28 remission at one year.", question: 1);
        var reply = await app.Given.EventMessage(owner, ev.Id, "And the secondary outcomes?", inReplyToId: a1.PostId);
        Assert.Equal("A1", a1.Label);
        Assert.Equal("A1", reply.Label);
        Assert.Equal("host", reply.Role);
    }

    [Fact]
    public async Task Slow_mode_makes_participants_wait_but_not_hosts_and_a_finished_room_takes_nothing()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        await app.WithDbAsync(db => db.Events.Where(e => e.Id == ev.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.SlowModeSeconds, 30)));
        var learner = await app.Given.Member();
        await app.Given.EventMessage(learner, ev.Id, "First thought on the methods.");
        var again = await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Second thought" });
        await again.AssertStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Slow mode", (await again.JsonAsync()).GetProperty("detail").GetString());
        await app.Given.EventMessage(owner, ev.Id, "Hosts keep talking.");
        await app.Given.EventMessage(owner, ev.Id, "Even twice.");
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await app.Given.EventMessage(learner, ev.Id, "Second thought, later.");

        // Two messages sent at the same instant: one lands, the other is told to wait (checked again under the room's lock).
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var racer = await app.Given.Member();
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => app.As(racer).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = $"Quick thought {i}" })));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.TooManyRequests], both.Select(r => r.StatusCode).Order());

        app.Clock.Advance(TimeSpan.FromHours(2));
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Too late" })).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "" })).AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal(5, (await app.As(learner).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages"))!.Messages.Count);
    }

    [Fact]
    public async Task A_message_follows_its_event_outside_the_room_too()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var speaker = await app.Given.VerifiedClinician();
        var reader = await app.Given.Member();
        var message = await app.Given.EventMessage(speaker, ev.Id, "Allocation concealment looked sound to me.");
        Assert.Equal(HttpStatusCode.OK, (await app.As(reader).GetAsync($"/api/v1/posts/{message.PostId}")).StatusCode);

        // The organizer blocks the reader: the event is hidden from them, and so are its messages wherever they would show.
        await app.Given.Block(owner, reader);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(reader).GetAsync($"/api/v1/events/{ev.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(reader).GetAsync($"/api/v1/posts/{message.PostId}")).StatusCode);
        var local = await app.As(reader).GetFromJsonAsync<Rounds.Web.Features.Timelines.TimelinePage>("/api/v1/timelines/local?limit=40");
        Assert.DoesNotContain(local!.Items, p => p.Id == message.PostId);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(reader).PostAsync($"/api/v1/posts/{message.PostId}/like", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(speaker).GetAsync($"/api/v1/posts/{message.PostId}")).StatusCode);
    }

    [Fact]
    public async Task A_host_blocked_with_the_viewer_is_not_listed_to_them()
    {
        var owner = await app.Given.VerifiedClinician();
        var cohost = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: [], hosts: [new { handle = cohost.Handle, role = "moderator" }]);
        var reader = await app.Given.Member();
        Assert.Contains((await app.As(reader).GetFromJsonAsync<EventView>($"/api/v1/events/{ev.Id}"))!.Hosts, h => h.Id == cohost.Id);
        await app.Given.Block(reader, cohost);
        var seen = (await app.As(reader).GetFromJsonAsync<EventView>($"/api/v1/events/{ev.Id}"))!;
        Assert.DoesNotContain(seen.Hosts, h => h.Id == cohost.Id);
        Assert.Contains(seen.Hosts, h => h.Id == owner.Id);
    }

    [Fact]
    public async Task A_request_with_an_empty_list_entry_is_a_clear_error()
    {
        var owner = await app.Given.VerifiedClinician();
        var response = await app.As(owner).PostAsync("/api/v1/events", new StringContent(
            """{"kind":"journal-club","title":"Club","hashtag":"RheumJC","paper":"PMID: 31234567","sessions":[null]}""", System.Text.Encoding.UTF8, "application/json"));
        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_messages_are_refused_and_leave_no_trace()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var learner = await app.Given.Member();
        var client = app.As(learner);
        await (await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "" })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = new string('x', 501) })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Which?", sessionId = 999999 })).AssertInvalidAsync("sessionId");
        await (await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Which?", inReplyToId = 999999 })).AssertInvalidAsync("inReplyToId");
        await (await client.PostAsJsonAsync($"/api/v1/events/999999/messages", new { text = "Anyone?" })).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Anyone?" })).AssertStatusAsync(HttpStatusCode.Unauthorized);
        var guarded = await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "My patient MRN 12345678 had this too" });
        await guarded.AssertStatusAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await app.WithDbAsync(db => db.EventMessages.CountAsync(m => m.EventId == ev.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Events.Where(e => e.Id == ev.Id).Select(e => e.LastSeq).SingleAsync()));
    }
}
