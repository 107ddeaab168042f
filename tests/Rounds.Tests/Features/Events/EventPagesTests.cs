using System.Net;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features.Events;

/// <summary>The event list, an event's page (everything about it, RSVP, a host changing an occurrence) and the new-chat form, through the pages.</summary>
public class EventPagesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_list_groups_running_and_upcoming_events_filters_by_kind_and_offers_organizers_the_new_event_pages()
    {
        var owner = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, audience: "public", hashtag: "ListChat");
        var club = await app.Given.JournalClub(owner, audience: "public", startsIn: TimeSpan.FromMinutes(-10), hashtag: "ListClub");

        var organizerPage = await (await app.SignedInBrowserAsync(owner)).GetPageAsync("/events");
        foreach (var kind in new[] { "journal-club", "chat", "conference", "expert-forum" }) Assert.Contains($"href=\"/events/new/{kind}\"", organizerPage);
        var html = await app.Browser().GetPageAsync("/events");
        Assert.DoesNotContain("/events/new/chat", html);
        var running = Section(html, "events-running");
        var upcoming = Section(html, "events-upcoming");
        Assert.Contains($"href=\"/events/{club.Id}\"", running);
        Assert.Contains($"href=\"/events/{chat.Id}\"", upcoming);
        Assert.DoesNotContain($"href=\"/events/{chat.Id}\"", running);
        var chats = await app.Browser().GetPageAsync("/events?kind=chat");
        Assert.Contains($"href=\"/events/{chat.Id}\"", chats);
        Assert.DoesNotContain($"href=\"/events/{club.Id}\"", chats);
    }

    private static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section {testId}.");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public async Task A_chat_page_shows_its_occurrences_in_local_time_hosts_and_links_and_a_member_RSVPs_from_it()
    {
        var owner = await app.Given.VerifiedClinician();
        var guest = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, hostHandle: guest.Handle, hashtag: "PageChat");
        var member = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(member);

        var html = await browser.GetPageAsync($"/events/{chat.Id}");
        Assert.Contains("Recurring chat", html);
        Assert.Contains("FREQ=WEEKLY", html);
        Assert.Contains("America/New_York", html);
        Assert.Contains(", 21:00", html); // local wall-clock time
        Assert.Contains($"@{guest.Handle}", html);
        Assert.Contains($"id=\"session-{chat.Sessions[0].Id}\"", html);
        foreach (var link in new[] { "room", "transcript", "calendar.ics" }) Assert.Contains($"href=\"/events/{chat.Id}/{link}\"", html);
        Assert.DoesNotContain($"/events/{chat.Id}/report", html);
        Assert.DoesNotContain($"/events/{chat.Id}/forum", html);
        Assert.DoesNotContain("occurrence-form", html); // not a host

        var going = await browser.SubmitAsync($"/events/{chat.Id}", "rsvp", new Dictionary<string, string>());
        var after = await going.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"rsvp-mine\"", after);
        Assert.True(await app.WithDbAsync(db => db.EventRsvps.AnyAsync(r => r.EventId == chat.Id && r.MemberId == member.Id)));
        await browser.SubmitAsync($"/events/{chat.Id}", "rsvp", new Dictionary<string, string>());
        Assert.False(await app.WithDbAsync(db => db.EventRsvps.AnyAsync(r => r.EventId == chat.Id && r.MemberId == member.Id)));

        // A host skips an occurrence and sets a topic from the page; a bad move is a form error.
        var host = await app.SignedInBrowserAsync(owner);
        var second = chat.Sessions[1];
        var saved = await host.SubmitAsync($"/events/{chat.Id}", "occurrence", new Dictionary<string, string>
        {
            ["sessionId"] = second.Id.ToString(), ["topic"] = "Teaching on night shifts", ["skip"] = "true",
        });
        Assert.Contains("data-testid=\"skipped\"", await saved.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.EventSessions.AsNoTracking().SingleAsync(s => s.Id == second.Id));
        Assert.True(stored.Skipped);
        Assert.Equal("Teaching on night shifts", stored.Title);
        var refused = await host.SubmitAsync($"/events/{chat.Id}", "occurrence", new Dictionary<string, string>
        {
            ["sessionId"] = chat.Sessions[2].Id.ToString(), ["startsAt"] = "2001-01-01T21:00",
        });
        Assert.Contains("moves to a time in the future", await refused.Content.ReadAsStringAsync());
        Assert.Equal(chat.Sessions[2].StartsAt, await app.WithDbAsync(db => db.EventSessions.Where(s => s.Id == chat.Sessions[2].Id).Select(s => s.StartsAt).SingleAsync()));
    }

    [Fact]
    public async Task A_journal_club_page_shows_its_paper_pre_read_and_released_questions_and_a_conference_its_program()
    {
        var owner = await app.Given.VerifiedClinician();
        var club = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromMinutes(-5), hashtag: "PageClub");
        await app.Given.Run<Rounds.Web.Features.Events.ReleaseQuestionsJob, Rounds.Web.Features.Events.ReleaseQuestionsJob.Handler>(new());
        var html = await app.As(await app.Given.Member()).GetStringAsync($"/events/{club.Id}");
        Assert.Contains("Treat-to-target strategies in early arthritis", html);
        Assert.Contains("Annals of the Rheumatic Diseases", html);
        Assert.Contains("<strong>Why it matters</strong>", html);
        Assert.Contains("What was the primary outcome?", html); // T1 is released
        Assert.DoesNotContain("Would you change practice?", html); // T2 is not yet

        var speaker = await app.Given.VerifiedClinician();
        var start = app.Clock.GetUtcNow().AddDays(3);
        var conference = await app.Given.Event(owner, new
        {
            kind = "conference", title = "Annual rheumatology meeting", hashtag = "RheumConf", timeZone = "Europe/Paris",
            sessions = new[] { new { title = "Opening plenary", startsAt = start, endsAt = start.AddHours(1), room = "Hall A", speakers = new[] { new { name = (string?)null, handle = speaker.Handle } } } },
        });
        html = await app.As(owner).GetStringAsync($"/events/{conference.Id}");
        Assert.Contains("Opening plenary", html);
        Assert.Contains("Hall A", html);
        Assert.Contains($"href=\"/members/{speaker.Handle}\"", html);
        Assert.Contains($"href=\"/events/{conference.Id}/report\"", html);
        Assert.Contains("Europe/Paris", html);
    }

    [Fact]
    public async Task A_hidden_event_page_is_not_found()
    {
        var owner = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, audience: "clinicians", hashtag: "HiddenChat");
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.Patient()).GetAsync($"/events/{chat.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/events/{chat.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/events/987654")).StatusCode);
        Assert.DoesNotContain($"href=\"/events/{chat.Id}\"", await app.As(await app.Given.Patient()).GetStringAsync("/events"));
    }

    [Fact]
    public async Task The_new_chat_form_creates_a_chat_or_shows_what_is_wrong()
    {
        var owner = await app.Given.VerifiedClinician();
        var browser = await app.SignedInBrowserAsync(owner);
        var before = await app.WithDbAsync(db => db.Events.CountAsync());
        var fields = new Dictionary<string, string>
        {
            ["title"] = "Weekly teaching chat", ["hashtag"] = "MedEd", ["rule"] = "every thursday", ["firstStart"] = app.Given.NextLocal("America/New_York", 4, 21),
            ["timeZone"] = "America/New_York", ["durationMinutes"] = "60", ["audience"] = "members", ["description"] = "Teaching and learning.",
        };
        var refused = await browser.SubmitAsync("/events/new/chat", "new-chat", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("not an RFC 5545 recurrence rule", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.WithDbAsync(db => db.Events.CountAsync()));

        fields["rule"] = "FREQ=WEEKLY;BYDAY=TH";
        var created = await browser.SubmitAsync("/events/new/chat", "new-chat", fields);
        var target = SignedInPages.RedirectTarget(created);
        Assert.Matches(@"^/events/\d+$", target);
        Assert.Contains("Weekly teaching chat", await browser.GetPageAsync(target));

        var unverified = await app.SignedInBrowserAsync(await app.Given.UnverifiedClinician());
        Assert.DoesNotContain("new-chat", await unverified.GetPageAsync("/events/new/chat"));
    }
}

/// <summary>The demo #MedEd chat a first run shows, seeded into its own empty database.</summary>
public class DemoChatsTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_seed_holds_a_weekly_MedEd_chat_at_9_pm_New_York_time_with_hosts_topics_a_skipped_week_and_RSVPs()
    {
        Assert.True(await Rounds.Web.Features.Admin.DemoSeed.SeedIfEmptyAsync(app.Services));
        var chat = await app.WithDbAsync(db => db.Events.SingleAsync(e => e.Hashtag == "meded"));
        var sessions = await app.WithDbAsync(db => db.EventSessions.Where(s => s.EventId == chat.Id).OrderBy(s => s.StartsAt).ToListAsync());
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.InRange(sessions.Count, 11, 13);
        Assert.All(sessions, s => Assert.Equal((DayOfWeek.Thursday, 21), (TimeZoneInfo.ConvertTimeFromUtc(s.StartsAt, zone).DayOfWeek, TimeZoneInfo.ConvertTimeFromUtc(s.StartsAt, zone).Hour)));
        Assert.Single(sessions, s => s.Skipped);
        Assert.True(sessions.Count(s => s.Title.Length > 0) >= 3);
        Assert.True(await app.WithDbAsync(db => db.EventRsvps.CountAsync(r => r.EventId == chat.Id)) >= 5);
        var html = await app.Anonymous().GetAsync($"/events/{chat.Id}");
        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode); // for members: signed out it is not shown
        var lee = (await app.WithDbAsync(db => db.Users.AsNoTracking().ToListAsync())).Single(m => m.Handle == "student_lee");
        var browser = await app.SignedInBrowserAsync(new TestMember(lee.Id, lee.Handle, lee.Email!, Rounds.Web.Features.Admin.DemoSeed.Password, ""));
        var page = await browser.GetPageAsync($"/events/{chat.Id}");
        Assert.Contains("Giving feedback that lands", page);
        Assert.Contains("data-testid=\"rsvp-mine\"", page);
        Assert.Contains($"href=\"/events/{chat.Id}\"", await browser.GetPageAsync("/events"));
    }
}
