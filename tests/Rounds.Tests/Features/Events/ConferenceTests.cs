using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Privacy;

namespace Rounds.Tests.Features.Events;

/// <summary>Conferences: the program by day in the event's zone, check-in as on-site or remote, live posts linked to sessions, key-point summaries.</summary>
public class ConferenceTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task The_program_groups_sessions_by_day_in_the_event_zone_and_links_speakers_who_are_members()
    {
        var owner = await app.Given.VerifiedClinician();
        var speaker = await app.Given.VerifiedClinician();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 23:30 UTC is the evening before in New York (UTC−4/−5): the session belongs to that local day.
        var day1 = new DateTimeOffset(Now.UtcDateTime.Date.AddDays(3).AddHours(23).AddMinutes(30), TimeSpan.Zero);
        var ev = await app.Given.Conference(owner, timeZone: "America/New_York", sessions:
        [
            new { title = "Evening symposium", room = "Hall A", startsAt = day1, endsAt = day1.AddHours(1), speakers = new object[] { new { handle = speaker.Handle }, new { name = "Guest lecturer" } } },
            new { title = "Morning plenary", room = "Hall B", startsAt = day1.AddHours(12), endsAt = day1.AddHours(13), speakers = new object[] { new { name = "Panel chair", handle = owner.Handle } } },
        ]);

        var program = await app.As(speaker).GetFromJsonAsync<ProgramView>($"/api/v1/events/{ev.Id}/program");
        var localDay1 = TimeZoneInfo.ConvertTimeFromUtc(day1.UtcDateTime, zone).Date;
        Assert.Equal([localDay1.ToString("yyyy-MM-dd"), localDay1.AddDays(1).ToString("yyyy-MM-dd")], program!.Days.Select(d => d.Date));
        var evening = program.Days[0].Sessions.Single();
        Assert.Equal(("Evening symposium", "Hall A"), (evening.Title, evening.Room));
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(day1.UtcDateTime, zone).ToString("HH:mm"), evening.Starts);
        Assert.Equal([(speaker.Handle, $"/members/{speaker.Handle}"), (null, null)], evening.Speakers.Select(s => (s.Handle, s.ProfileUrl)));
        Assert.Equal("Panel chair", program.Days[1].Sessions.Single().Speakers.Single().Name);

        var page = await app.As(speaker).GetStringAsync($"/events/{ev.Id}/program");
        Assert.Contains("Evening symposium", page);
        Assert.Contains($"href=\"/members/{speaker.Handle}\"", page);
        Assert.Contains("Guest lecturer", page);

        // Not a conference, or not found: no program.
        var club = await app.Given.JournalClub(owner);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(speaker).GetAsync($"/api/v1/events/{club.Id}/program")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(speaker).GetAsync($"/events/{club.Id}/program")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(speaker).GetAsync("/api/v1/events/999999/program")).StatusCode);
    }

    [Fact]
    public async Task Check_in_opens_a_day_before_is_changeable_and_each_post_keeps_the_mode_of_its_moment()
    {
        var owner = await app.Given.VerifiedClinician();
        var attendee = await app.Given.Member();
        var start = Now.AddDays(3);
        var ev = await app.Given.Conference(owner, sessions:
        [
            new { title = "Day one", room = "Hall A", startsAt = start, endsAt = start.AddHours(8) },
        ]);

        var early = await app.Given.CheckIn(attendee, ev.Id);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("a day before", await early.Content.ReadAsStringAsync());

        app.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1)); // 23 hours before
        await (await app.Given.CheckIn(attendee, ev.Id, "mars")).AssertInvalidAsync("mode");
        await (await app.As(attendee).PostAsJsonAsync($"/api/v1/events/{ev.Id}/check-in", new { })).AssertInvalidAsync("mode");
        var bad = await app.As(attendee).PostAsync($"/api/v1/events/{ev.Id}/check-in", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync($"/api/v1/events/{ev.Id}/check-in", new { mode = "remote" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(attendee).PostAsJsonAsync("/api/v1/events/999999/check-in", new { mode = "remote" })).StatusCode);

        var view = await (await app.Given.CheckIn(attendee, ev.Id, "on-site")).ReadAsync<CheckInView>();
        Assert.Equal(("on-site", 1, 0), (view.Mode, view.OnSite, view.Remote));

        app.Clock.Advance(TimeSpan.FromHours(24)); // the session runs
        var onSite = await app.Given.EventMessage(attendee, ev.Id, "The opening talk set out the treat-to-target evidence.");
        var changed = await (await app.Given.CheckIn(attendee, ev.Id, "remote")).ReadAsync<CheckInView>();
        Assert.Equal(("remote", 0, 1), (changed.Mode, changed.OnSite, changed.Remote));
        var remote = await app.Given.EventMessage(attendee, ev.Id, "Following the second half from home.");
        var stored = await app.WithDbAsync(db => db.EventMessages.Where(m => m.EventId == ev.Id).ToDictionaryAsync(m => m.PostId, m => m.AuthorOnSite));
        Assert.True(stored[onSite.PostId]);
        Assert.False(stored[remote.PostId]);
        Assert.Equal(1, await app.WithDbAsync(db => db.EventCheckIns.CountAsync(c => c.EventId == ev.Id)));

        var page = await app.As(attendee).GetStringAsync($"/events/{ev.Id}/program");
        Assert.Contains("data-testid=\"my-check-in\"", page);
        Assert.Contains("remotely", page);

        app.Clock.Advance(TimeSpan.FromHours(8));
        Assert.Equal(HttpStatusCode.Conflict, (await app.Given.CheckIn(attendee, ev.Id, "on-site")).StatusCode);

        // Only conferences take check-ins.
        var club = await app.Given.JournalClub(owner);
        Assert.Equal(HttpStatusCode.Conflict, (await app.Given.CheckIn(attendee, club.Id)).StatusCode);
    }

    [Fact]
    public async Task Live_posts_attach_to_a_session_and_the_program_counts_them()
    {
        var owner = await app.Given.VerifiedClinician();
        var attendee = await app.Given.Member();
        var ev = await app.Given.Conference(owner);
        var other = await app.Given.Conference(owner, hashtag: "OtherCon");
        var plenary = ev.Sessions.Single(s => s.Title == "Opening plenary");
        var workshop = ev.Sessions.Single(s => s.Title == "Imaging workshop");

        var chosen = await app.Given.EventMessage(attendee, ev.Id, "Ultrasound scoring is coming to routine clinics.", sessionId: workshop.Id);
        Assert.Equal(workshop.Id, chosen.SessionId);
        // With exactly one session running, a post without a session belongs to it.
        var running = await app.Given.EventMessage(attendee, ev.Id, "The plenary opens with the registry data.");
        Assert.Equal(plenary.Id, running.SessionId);
        var wrong = await app.As(attendee).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Wrong room.", sessionId = other.Sessions[0].Id });
        await wrong.AssertInvalidAsync("sessionId");

        var program = await app.As(attendee).GetFromJsonAsync<ProgramView>($"/api/v1/events/{ev.Id}/program");
        var sessions = program!.Days.SelectMany(d => d.Sessions).ToDictionary(s => s.Id);
        Assert.Equal((1, 1), (sessions[plenary.Id].Posts, sessions[workshop.Id].Posts));
    }

    [Fact]
    public async Task A_checked_in_attendee_summarises_an_ended_session_once_and_it_counts_as_learning()
    {
        var owner = await app.Given.VerifiedClinician();
        var attendee = await app.Given.Member();
        var stranger = await app.Given.Member();
        var ev = await app.Given.Conference(owner);
        var plenary = ev.Sessions.Single(s => s.Title == "Opening plenary");
        var url = $"/api/v1/events/{ev.Id}/sessions/{plenary.Id}/summary";
        var client = app.As(attendee);
        const string text = "Treat to target early; ultrasound helps when the examination is equivocal; taper steroids within three months.";

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(url, new { text })).StatusCode);
        await app.Given.CheckedIn(attendee, ev.Id, "remote");
        var tooEarly = await client.PostAsJsonAsync(url, new { text });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Contains("ended", await tooEarly.Content.ReadAsStringAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await client.PostAsJsonAsync(url, new { text = "" })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync(url, new { text = "   " })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync(url, new { })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync(url, new { text = new string('a', SessionSummary.MaxText + 1) })).AssertInvalidAsync("text");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/sessions/999999/summary", new { text })).StatusCode);
        var other = await app.Given.Conference(owner, hashtag: "OtherCon");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/sessions/{other.Sessions[0].Id}/summary", new { text })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync(url, new { text })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(stranger).PostAsJsonAsync(url, new { text })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.SessionSummaries.CountAsync(s => s.EventId == ev.Id)));

        var written = await (await client.PostAsJsonAsync(url, new { text = new string('k', SessionSummary.MaxText) })).ReadAsync<SummaryView>(HttpStatusCode.Created);
        Assert.Equal(attendee.Handle, written.Handle);
        var replay = await client.PostAsJsonAsync(url, new { text });
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);

        var entry = await app.WithDbAsync(db => db.LearningEntries.SingleAsync(e => e.MemberId == attendee.Id && e.Activity == LearningActivity.SessionSummarised));
        Assert.Equal(("event-session", plenary.Id), (entry.SourceKind, entry.SourceId));
        Assert.Contains("Opening plenary", entry.Title);

        var program = await app.As(stranger).GetFromJsonAsync<ProgramView>($"/api/v1/events/{ev.Id}/program");
        var listed = program!.Days.SelectMany(d => d.Sessions).Single(s => s.Id == plenary.Id).Summaries.Single();
        Assert.Equal(attendee.Handle, listed.Handle);
        Assert.Contains("data-testid=\"session-summary\"", await app.As(stranger).GetStringAsync($"/events/{ev.Id}/program"));
    }

    [Fact]
    public async Task A_summary_with_an_identifier_is_warned_and_may_be_sent_anyway_on_record()
    {
        var owner = await app.Given.VerifiedClinician();
        var attendee = await app.Given.Member();
        var ev = await app.Given.Conference(owner);
        var plenary = ev.Sessions.Single(s => s.Title == "Opening plenary");
        await app.Given.CheckedIn(attendee, ev.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var url = $"/api/v1/events/{ev.Id}/sessions/{plenary.Id}/summary";
        const string text = "Call 555-867-5309 to book the ultrasound course.";

        var warned = await app.As(attendee).PostAsJsonAsync(url, new { text });
        Assert.Equal((HttpStatusCode)422, warned.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.SessionSummaries.CountAsync(s => s.EventId == ev.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == attendee.Id && e.Activity == LearningActivity.SessionSummarised)));

        var sent = await app.As(attendee).PostAsJsonAsync(url, new { text, overridePrivacy = true });
        var summary = await sent.ReadAsync<SummaryView>(HttpStatusCode.Created);
        var decision = await app.WithDbAsync(db => db.GuardDecisions.SingleAsync(d => d.MemberId == attendee.Id));
        Assert.Equal((GuardDecisionKind.Override, "session-summary", summary.Id, "text"), (decision.Kind, decision.ContentKind, decision.ContentId, decision.Field));
    }

    [Fact]
    public async Task Two_summaries_at_once_keep_one_and_one_learning_entry()
    {
        var owner = await app.Given.VerifiedClinician();
        var attendee = await app.Given.Member();
        var ev = await app.Given.Conference(owner);
        var plenary = ev.Sessions.Single(s => s.Title == "Opening plenary");
        await app.Given.CheckedIn(attendee, ev.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var url = $"/api/v1/events/{ev.Id}/sessions/{plenary.Id}/summary";

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.As(attendee).PostAsJsonAsync(url, new { text = $"Key point number {i}: start early." })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.SessionSummaries.CountAsync(s => s.SessionId == plenary.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == attendee.Id && e.Activity == LearningActivity.SessionSummarised)));
    }

    [Fact]
    public async Task An_organizer_builds_a_program_on_the_page_without_script_and_attendees_check_in_and_summarise_there()
    {
        var owner = await app.Given.VerifiedClinician();
        var speaker = await app.Given.VerifiedClinician();
        var browser = await app.SignedInBrowserAsync(owner);
        var local = TimeZoneInfo.ConvertTimeFromUtc(Now.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        string At(TimeSpan from) => (local + from).ToString("yyyy-MM-ddTHH:mm");

        // More rows without script: the form comes back with eight.
        var more = await browser.SubmitAsync("/events/new/conference", "new-conference", new Dictionary<string, string> { ["action"] = "more", ["rows"] = "4" });
        Assert.Equal(8, System.Text.RegularExpressions.Regex.Matches(await more.Content.ReadAsStringAsync(), "data-testid=\"session-row\"").Count);

        var fields = new Dictionary<string, string>
        {
            ["title"] = "Spring arthritis meeting", ["hashtag"] = "SpringArthritis", ["description"] = "Sessions on early arthritis.", ["audience"] = "members",
            ["timeZone"] = "Europe/Paris", ["rows"] = "4", ["action"] = "create",
            ["s0.title"] = "Opening plenary", ["s0.room"] = "Hall A", ["s0.starts"] = At(TimeSpan.FromMinutes(-10)), ["s0.ends"] = At(TimeSpan.FromMinutes(50)),
            ["s0.speakers"] = $"@{speaker.Handle}\nVisiting faculty",
            ["s2.title"] = "Imaging workshop", ["s2.room"] = "Room 2", ["s2.starts"] = At(TimeSpan.FromHours(2)), ["s2.ends"] = At(TimeSpan.FromHours(3)),
            ["s2.speakers"] = "@nobody_by_that_handle",
        };
        // An unknown handle in the third row is shown at that row, and nothing is written.
        var refused = await browser.SubmitAsync("/events/new/conference", "new-conference", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("No member has the handle @nobody_by_that_handle", await refused.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Events.AnyAsync(e => e.Hashtag == "springarthritis")));

        fields["s2.speakers"] = "Invited sonographer";
        var created = await browser.SubmitAsync("/events/new/conference", "new-conference", fields);
        var target = SignedInPages.RedirectTarget(created);
        Assert.Matches(@"^/events/\d+/program$", target);
        var id = long.Parse(target.Split('/')[2]);
        var ev = await app.WithDbAsync(db => db.Events.SingleAsync(e => e.Id == id));
        Assert.Equal((EventKind.Conference, "Europe/Paris"), (ev.Kind, ev.TimeZone));
        var sessions = await app.WithDbAsync(db => db.EventSessions.Include(s => s.Speakers).Where(s => s.EventId == id).OrderBy(s => s.StartsAt).ToListAsync());
        Assert.Equal(["Opening plenary", "Imaging workshop"], sessions.Select(s => s.Title));
        Assert.Equal(Now.UtcDateTime.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm"), sessions[0].StartsAt.ToString("yyyy-MM-ddTHH:mm"));
        Assert.Equal([speaker.Id, (long?)null], sessions[0].Speakers.OrderBy(s => s.Position).Select(s => s.MemberId));

        // An attendee checks in on the page, then writes the key points once the plenary is over.
        var attendee = await app.Given.Member();
        var pages = await app.SignedInBrowserAsync(attendee);
        var checkIn = await pages.SubmitAsync($"/events/{id}/program", "check-in", new Dictionary<string, string> { ["mode"] = "remote" });
        Assert.Equal($"/events/{id}/program", SignedInPages.RedirectTarget(checkIn));
        Assert.False(await app.WithDbAsync(db => db.EventCheckIns.Where(c => c.EventId == id && c.MemberId == attendee.Id).Select(c => c.OnSite).SingleAsync()));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var tooLong = await pages.SubmitAsync($"/events/{id}/program", $"summary-{sessions[0].Id}", new Dictionary<string, string> { ["text"] = new string('x', 300) });
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("280 characters", await tooLong.Content.ReadAsStringAsync());
        var saved = await pages.SubmitAsync($"/events/{id}/program", $"summary-{sessions[0].Id}", new Dictionary<string, string> { ["text"] = "Start early, measure often." });
        Assert.Equal($"/events/{id}/program#session-{sessions[0].Id}", SignedInPages.RedirectTarget(saved));
        Assert.Contains("Start early, measure often.", await pages.GetPageAsync($"/events/{id}/program"));
    }

    [Fact]
    public async Task Only_organizers_get_the_new_conference_form()
    {
        var patient = await app.Given.Patient();
        var pages = await app.SignedInBrowserAsync(patient);
        Assert.Contains("Only verified clinicians", await pages.GetPageAsync("/events/new/conference"));
        Assert.Contains("Only verified clinicians", await pages.GetPageAsync("/events/new/expert-forum"));
        var refused = await app.As(patient).PostAsJsonAsync("/api/v1/events", new { kind = "conference", title = "Mine", hashtag = "Mine", sessions = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
