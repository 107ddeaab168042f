using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Events;

/// <summary>
/// Journal clubs: live windows in several time zones inside an asynchronous window, T1…Tn released per window as the clock moves, answers
/// A1…An, invited authors marked in the room, patients only where the club admits them, paper metadata from an earlier club, the creation page.
/// </summary>
public class JournalClubTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<List<MessageView>> RoomAsync(TestMember viewer, long id) =>
        (await app.As(viewer).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{id}/messages"))!.Messages.ToList();

    [Fact]
    public async Task Questions_open_on_schedule_in_each_window_of_a_48_hour_club_with_windows_in_two_zones()
    {
        var owner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow();
        var ev = await app.Given.Event(owner, new
        {
            kind = "journal-club", title = "Round the world club", hashtag = "RheumJC", timeZone = "America/New_York", paper = "PMID: 31234567",
            opensAt = now.AddHours(1), closesAt = now.AddHours(49),
            sessions = new object[]
            {
                new { title = "Americas", startsAt = now.AddHours(2), endsAt = now.AddHours(3), timeZone = "America/New_York" },
                new { title = "Asia-Pacific", startsAt = now.AddHours(14), endsAt = now.AddHours(15), timeZone = "Australia/Sydney" },
            },
            questions = new object[]
            {
                new { text = "What was the primary outcome?", session = 0, offsetMinutes = 0 },
                new { text = "Was the comparator fair?", session = 0, offsetMinutes = 30 },
                new { text = "What was the primary outcome, for those joining now?", session = 1, offsetMinutes = 0 },
                new { text = "Would you change practice?", session = 1, offsetMinutes = 15 },
            },
        });
        Assert.Equal(["America/New_York", "Australia/Sydney"], ev.Sessions.Select(s => s.TimeZone));
        Assert.Equal(["Americas", "Asia-Pacific"], ev.Sessions.Select(s => s.Title));
        var learner = await app.Given.Member();

        async Task<string[]> Released()
        {
            await app.SettleAsync();
            return (await RoomAsync(learner, ev.Id)).Where(m => m.IsQuestion).Select(m => m.Label!).ToArray();
        }

        app.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        Assert.Empty(await Released());
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(["T1"], await Released());
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(["T1", "T2"], await Released());

        // Between the windows the asynchronous window is open: posts there are not live, and no question opens.
        app.Clock.Advance(TimeSpan.FromHours(3));
        var between = await app.Given.EventMessage(learner, ev.Id, "Catching up on the thread between the two windows.");
        Assert.False(between.DuringLive);
        Assert.Null(between.SessionId);
        Assert.Equal(["T1", "T2"], await Released());

        app.Clock.Advance(TimeSpan.FromHours(14) + TimeSpan.FromMinutes(1) - (app.Clock.GetUtcNow() - now));
        Assert.Equal(["T1", "T2", "T3"], await Released());
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(["T1", "T2", "T3", "T4"], await Released());

        var questions = (await RoomAsync(learner, ev.Id)).Where(m => m.IsQuestion).ToList();
        Assert.Equal([ev.Sessions[0].Id, ev.Sessions[0].Id, ev.Sessions[1].Id, ev.Sessions[1].Id], questions.Select(q => q.SessionId));
        Assert.All(questions, q => Assert.Equal(owner.Id, q.AuthorId));
        Assert.All(questions, q => Assert.EndsWith("#rheumjc", q.Text));
        // Released once: more minutes change nothing.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, (await Released()).Length);
    }

    [Fact]
    public async Task The_24_to_48_hour_window_is_a_pattern_not_a_rule_but_live_windows_lie_inside_it()
    {
        var owner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow();
        object Club(double closesInHours, double windowStartsIn) => new
        {
            kind = "journal-club", title = "A long weekend club", hashtag = "NephJC", paper = "10.1056/NEJMoa2024816", opensAt = now.AddHours(1), closesAt = now.AddHours(closesInHours),
            sessions = new object[]
            {
                new { title = "Europe", startsAt = now.AddHours(windowStartsIn), endsAt = now.AddHours(windowStartsIn + 1), timeZone = "Europe/London" },
                new { title = "Americas", startsAt = now.AddHours(8), endsAt = now.AddHours(9), timeZone = "America/Chicago" },
            },
        };
        var three = await app.Given.Event(owner, Club(closesInHours: 73, windowStartsIn: 60));
        Assert.Equal(now.AddHours(73).UtcDateTime, three.ClosesAt!.Value, TimeSpan.FromSeconds(1));
        var six = await app.Given.Event(owner, Club(closesInHours: 10, windowStartsIn: 2)); // shorter than a day: fine too
        Assert.Equal(2, six.Sessions.Count);
        await (await app.As(owner).PostAsJsonAsync("/api/v1/events", Club(closesInHours: 48, windowStartsIn: 50))).AssertInvalidAsync("sessions[0].startsAt");
        await (await app.As(owner).PostAsJsonAsync("/api/v1/events", Club(closesInHours: 24 * 61, windowStartsIn: 2))).AssertInvalidAsync("closesAt");
    }

    [Fact]
    public async Task Answers_attach_by_number_or_by_replying_and_invited_authors_are_marked_author()
    {
        var owner = await app.Given.VerifiedClinician();
        var author = await app.Given.VerifiedClinician();
        var moderator = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromMinutes(10),
            hosts: [new { handle = author.Handle, role = "author" }, new { handle = moderator.Handle, role = "moderator" }]);
        Assert.Contains(ev.Hosts, h => h.Id == author.Id && h.Role == "author");
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await app.SettleAsync();
        var learner = await app.Given.Member();
        var other = await app.Given.VerifiedClinician();
        var t1 = (await RoomAsync(learner, ev.Id)).Single(m => m.Label == "T1");

        var byNumber = await app.Given.EventMessage(learner, ev.Id, "Remission at one year.", question: 1);
        var byReply = await app.Given.EventMessage(other, ev.Id, "Sustained remission, as defined by the index score.", inReplyToId: t1.PostId);
        var fromAuthor = await app.Given.EventMessage(author, ev.Id, "We chose it with patient partners, which is why it is a remission outcome.", inReplyToId: byNumber.PostId);
        var fromModerator = await app.Given.EventMessage(moderator, ev.Id, "Welcome, everyone: answers to T1 in the thread please.");
        Assert.Equal(["A1", "A1", "A1"], new[] { byNumber.Label!, byReply.Label!, fromAuthor.Label! });
        Assert.Equal("author", fromAuthor.Role);
        Assert.Equal("moderator", fromModerator.Role);
        Assert.Null(byNumber.Role);
        Assert.Null(fromModerator.Label);

        // T2 is not open yet; an answer cannot claim one question while replying under another.
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Early", question = 2 })).AssertInvalidAsync("question");
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await app.SettleAsync();
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Mixed", question = 2, inReplyToId = byNumber.PostId }))
            .AssertInvalidAsync("question");
        var a2 = await app.Given.EventMessage(learner, ev.Id, "Yes, from the first visit.", question: 2);
        Assert.Equal("A2", a2.Label);

        // The invited author takes part without earning attendance from their own club; the learner earns it once.
        var entries = await app.WithDbAsync(db => db.LearningEntries.Where(e => e.SourceKind == "event" && e.SourceId == ev.Id).ToListAsync());
        Assert.DoesNotContain(entries, e => e.MemberId == author.Id);
        Assert.Single(entries, e => e.MemberId == learner.Id && e.Activity == LearningActivity.JournalClubAttended);
    }

    [Fact]
    public async Task Patients_take_part_only_when_the_club_admits_them()
    {
        var owner = await app.Given.VerifiedClinician();
        var open = await app.Given.JournalClub(owner, audience: "members", questions: []);
        var closed = await app.Given.JournalClub(owner, audience: "clinicians", questions: []);
        var patient = await app.Given.Patient();
        var client = app.As(patient);

        await (await client.GetAsync($"/api/v1/events/{open.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        var posted = await client.PostAsJsonAsync($"/api/v1/events/{open.Id}/messages", new { text = "As a patient, the tight-control visits were worth it." });
        await posted.AssertStatusAsync(HttpStatusCode.Created);

        await (await client.GetAsync($"/api/v1/events/{closed.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/events/{closed.Id}/messages")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/v1/events/{closed.Id}/messages", new { text = "May I join?" })).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/events/{closed.Id}/transcript")).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(closed.Id, (await client.GetFromJsonAsync<List<EventSummary>>("/api/v1/events?kind=journal-club&limit=200"))!.Select(e => e.Id));
        Assert.Equal(0, await app.WithDbAsync(db => db.EventMessages.CountAsync(m => m.EventId == closed.Id)));
    }

    [Fact]
    public async Task A_later_club_on_the_same_paper_is_filled_from_the_earlier_one_and_what_is_entered_wins()
    {
        var owner = await app.Given.VerifiedClinician();
        var start = app.Clock.GetUtcNow().AddDays(3);
        object Club(string paper, string? journal = null, string? title = null, string? authors = null, string? url = null) => new
        {
            kind = "journal-club", title = "Club on the DAPA trial", hashtag = "NephJC", paper, paperTitle = title, paperJournal = journal, paperAuthors = authors, paperUrl = url,
            sessions = new[] { new { startsAt = start, endsAt = start.AddHours(1) } },
        };
        var first = await app.Given.Event(owner, Club("doi:10.1056/NEJMoa2024816", "The New England Journal of Medicine", "Dapagliflozin in chronic kidney disease",
            "Heerspink HJL, Stefansson BV, et al.", "https://www.nejm.org/doi/full/10.1056/NEJMoa2024816"));
        Assert.Equal("https://www.nejm.org/doi/full/10.1056/NEJMoa2024816", first.Paper!.Url);

        var again = await app.Given.Event(owner, Club("https://doi.org/10.1056/nejmoa2024816"));
        Assert.Equal(first.Paper.Key, again.Paper!.Key);
        Assert.Equal(first.Paper.Title, again.Paper.Title);
        Assert.Equal(first.Paper.Journal, again.Paper.Journal);
        Assert.Equal(first.Paper.Authors, again.Paper.Authors);
        Assert.Equal(first.Paper.Url, again.Paper.Url);

        var own = await app.Given.Event(owner, Club("10.1056/NEJMoa2024816", journal: "N Engl J Med"));
        Assert.Equal("N Engl J Med", own.Paper!.Journal);
        Assert.Equal("Dapagliflozin in chronic kidney disease", own.Paper.Title);

        var unknown = await app.Given.Event(owner, Club("PMID: 39000001"));
        Assert.Null(unknown.Paper!.Title);
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/39000001/", unknown.Paper.Url);
    }

    private static string Local(DateTimeOffset utc, string zone) =>
        TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_organizer_creates_a_club_on_the_page_with_windows_in_their_own_zones_authors_and_questions()
    {
        var owner = await app.Given.VerifiedClinician();
        var author = await app.Given.VerifiedClinician();
        var moderator = await app.Given.Moderator();
        var browser = await app.SignedInBrowserAsync(owner);
        var page = await browser.GetPageAsync("/events/new/journal-club");
        Assert.Contains("Members — patients welcome", page);
        Assert.Equal(2, page.Split("data-testid=\"jc-window\"").Length - 1);

        // Without script, "add a window" is a round trip that keeps what was typed.
        var more = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club",
            new Dictionary<string, string> { ["action"] = "add-window", ["title"] = "Kept title" });
        var morePage = await more.Content.ReadAsStringAsync();
        Assert.Equal(3, morePage.Split("data-testid=\"jc-window\"").Length - 1);
        Assert.Contains("value=\"Kept title\"", morePage);

        var now = app.Clock.GetUtcNow();
        var baseHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(2);
        var fields = new Dictionary<string, string>
        {
            ["action"] = "create", ["title"] = "Biologics tapering in remission", ["hashtag"] = "#RheumJC", ["audience"] = "members", ["timeZone"] = "America/New_York",
            ["description"] = "Two windows, one article.", ["paper"] = "10.1002/art.41234", ["paperTitle"] = "Tapering biologics in sustained remission",
            ["paperJournal"] = "Arthritis & Rheumatology", ["paperAuthors"] = "Study group", ["preRead"] = "## Why it matters\nMost patients ask about stopping.",
            ["opensAt"] = Local(baseHour, "America/New_York"), ["closesAt"] = Local(baseHour.AddHours(36), "America/New_York"),
            ["window0Title"] = "Americas", ["window0Zone"] = "America/New_York", ["window0Start"] = Local(baseHour.AddHours(2), "America/New_York"),
            ["window0End"] = Local(baseHour.AddHours(3), "America/New_York"),
            ["window1Title"] = "Asia-Pacific", ["window1Zone"] = "Australia/Sydney", ["window1Start"] = Local(baseHour.AddHours(14), "Australia/Sydney"),
            ["window1End"] = Local(baseHour.AddHours(15), "Australia/Sydney"),
            ["question0Text"] = "Who would you taper first?", ["question0Window"] = "0", ["question0Offset"] = "0",
            ["question1Text"] = "", ["question1Window"] = "0", ["question1Offset"] = "20",
            ["question2Text"] = "And in this time zone?", ["question2Window"] = "1", ["question2Offset"] = "10",
            ["authors"] = $"@{author.Handle}", ["moderators"] = moderator.Handle,
        };
        var before = await app.WithDbAsync(db => db.Events.CountAsync());

        var noPaper = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club", new Dictionary<string, string>(fields) { ["paper"] = "" });
        Assert.Equal(HttpStatusCode.OK, noPaper.StatusCode);
        Assert.Contains("give its DOI or PubMed id", await noPaper.Content.ReadAsStringAsync());
        var badDate = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club", new Dictionary<string, string>(fields) { ["window1Start"] = "tomorrow" });
        Assert.Contains("Give a date and time.", await badDate.Content.ReadAsStringAsync());
        var badOffset = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club", new Dictionary<string, string>(fields) { ["question2Offset"] = "600" });
        Assert.Contains("A question opens inside its window", await badOffset.Content.ReadAsStringAsync());
        var badHandle = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club", new Dictionary<string, string>(fields) { ["moderators"] = "nobody_by_this_handle" });
        Assert.Contains("No member has the handle @nobody_by_this_handle", await badHandle.Content.ReadAsStringAsync());
        var guarded = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club", new Dictionary<string, string>(fields) { ["title"] = "Club on MRN 12345678" });
        var guardedPage = await guarded.Content.ReadAsStringAsync();
        Assert.Contains("data-guard-notice", guardedPage);
        Assert.Contains("name=\"overridePrivacy\"", guardedPage);
        Assert.Equal(before, await app.WithDbAsync(db => db.Events.CountAsync()));
        // The guard warns; the organizer may send it anyway, and that is recorded for moderators.
        var overridden = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club",
            new Dictionary<string, string>(fields) { ["title"] = "Club on MRN 12345678", ["overridePrivacy"] = "true" });
        var overriddenId = long.Parse(SignedInPages.RedirectTarget(overridden).Split('/')[2]);
        Assert.True(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.ContentKind == "event" && d.ContentId == overriddenId)));

        var created = await browser.SubmitAsync("/events/new/journal-club", "new-journal-club", fields);
        var target = SignedInPages.RedirectTarget(created);
        var id = long.Parse(target.Split('/')[2]);
        var ev = (await app.As(owner).GetFromJsonAsync<EventView>($"/api/v1/events/{id}"))!;
        Assert.Equal("journal-club", ev.Kind);
        Assert.Equal("rheumjc", ev.Hashtag);
        Assert.Equal("members", ev.Audience);
        Assert.Equal(baseHour.UtcDateTime, ev.OpensAt);
        Assert.Equal(baseHour.AddHours(36).UtcDateTime, ev.ClosesAt);
        Assert.Equal([("Americas", "America/New_York", baseHour.AddHours(2).UtcDateTime), ("Asia-Pacific", "Australia/Sydney", baseHour.AddHours(14).UtcDateTime)],
            ev.Sessions.Select(s => (s.Title, s.TimeZone, s.StartsAt)));
        Assert.Equal([("T1", "Who would you taper first?", ev.Sessions[0].Id), ("T2", "And in this time zone?", ev.Sessions[1].Id)],
            ev.Questions.Select(q => (q.Label, q.Text, q.SessionId)));
        Assert.Equal(baseHour.AddHours(14).AddMinutes(10).UtcDateTime, ev.Questions[1].OpensAt);
        Assert.Contains(ev.Hosts, h => h.Id == author.Id && h.Role == "author");
        Assert.Contains(ev.Hosts, h => h.Id == moderator.Id && h.Role == "moderator");
        Assert.Equal("Tapering biologics in sustained remission", ev.Paper!.Title);
        Assert.Contains("<h2", ev.PreReadHtml);
    }

    [Fact]
    public async Task The_creation_page_is_for_organizers_and_signed_in_members()
    {
        var member = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(member);
        var page = await browser.GetPageAsync("/events/new/journal-club");
        Assert.Contains("data-testid=\"not-organizer\"", page);
        Assert.DoesNotContain("new-journal-club", page);
        var anonymous = await app.Browser().GetAsync("/events/new/journal-club");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("sign-in", anonymous.Headers.Location!.ToString());
    }
}
