using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>The room page without JavaScript: the messages rendered, posting and moderating through its forms, the audience.</summary>
public class RoomPageTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_room_page_shows_questions_answers_and_roles_and_takes_messages_through_its_form()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: [new { text = "What was the primary outcome?", session = 0, offsetMinutes = 0 }]);
        await app.WithServicesAsync(sp => ActivatorUtilities.CreateInstance<ReleaseQuestionsJob.Handler>(sp).RunAsync(new ReleaseQuestionsJob(), default));
        var t1 = Assert.Single((await app.As(owner).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages"))!.Messages);
        var learner = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(learner);
        var path = $"/events/{ev.Id}/room";

        var page = await browser.GetPageAsync(path);
        Assert.Contains("What was the primary outcome?", page);
        Assert.Contains(">T1</span>", page);
        Assert.Contains("badge role role-host", page);
        Assert.Contains("Answer T1", page);
        Assert.Contains("data-guard", page);
        Assert.Contains("/js/room.js", page);
        Assert.DoesNotContain("room-moderate", page); // participants do not moderate

        // Answering T1 through the form (the "Answer T1" link's reply field), then the guard and an empty message.
        var answered = await browser.SubmitAsync($"{path}?reply={t1.PostId}", "room-post", new Dictionary<string, string> { ["text"] = "Remission at one year." });
        Assert.StartsWith(path, SignedInPages.RedirectTarget(answered));
        var a1 = await app.WithDbAsync(db => db.EventMessages.OrderByDescending(m => m.Seq).FirstAsync(m => m.EventId == ev.Id));
        Assert.Equal(t1.QuestionId, a1.QuestionId);
        Assert.Contains(">A1</span>", await browser.GetPageAsync(path));
        var guarded = await browser.SubmitAsync(path, "room-post", new Dictionary<string, string> { ["text"] = "My patient MRN 12345678 had the same" });
        Assert.Equal(HttpStatusCode.OK, guarded.StatusCode);
        Assert.Contains("data-guard-notice", await guarded.Content.ReadAsStringAsync());
        var empty = await browser.SubmitAsync(path, "room-post", new Dictionary<string, string> { ["text"] = "" });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("field-error", await empty.Content.ReadAsStringAsync());
        Assert.Equal(2, await app.WithDbAsync(db => db.EventMessages.CountAsync(m => m.EventId == ev.Id)));
    }

    [Fact]
    public async Task Hosts_hide_and_slow_the_room_from_the_page()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var learner = await app.Given.Member();
        var message = await app.Given.EventMessage(learner, ev.Id, "An aside about conference travel plans.");
        var host = await app.SignedInBrowserAsync(owner);
        var path = $"/events/{ev.Id}/room";

        var hidden = await host.SubmitAsync(path, "room-moderate", new Dictionary<string, string> { ["act"] = $"hide:{message.PostId}" });
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        var hostPage = await host.GetPageAsync(path);
        Assert.Contains("conference travel plans", hostPage);
        Assert.Contains("data-hidden-mark", hostPage);
        Assert.Contains($"unhide:{message.PostId}", hostPage);
        Assert.DoesNotContain("conference travel plans", await (await app.SignedInBrowserAsync(learner)).GetPageAsync(path));

        var again = await host.SubmitAsync(path, "room-moderate", new Dictionary<string, string> { ["act"] = $"hide:{message.PostId}" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already hidden", await again.Content.ReadAsStringAsync());
        var nonsense = await host.SubmitAsync(path, "room-moderate", new Dictionary<string, string> { ["act"] = "explode:1" });
        Assert.Contains("Choose a message", await nonsense.Content.ReadAsStringAsync());

        var tooSlow = await host.SubmitAsync(path, "room-slow", new Dictionary<string, string> { ["seconds"] = "9999" });
        Assert.Equal(HttpStatusCode.OK, tooSlow.StatusCode);
        Assert.Contains("between 0 (off) and 600", await tooSlow.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await host.SubmitAsync(path, "room-slow", new Dictionary<string, string> { ["seconds"] = "20" })).StatusCode);
        Assert.Contains("Slow mode: one message every 20 s", await (await app.SignedInBrowserAsync(learner)).GetPageAsync(path));
    }

    [Fact]
    public async Task Visitors_read_public_rooms_without_posting_and_hidden_rooms_are_not_found()
    {
        var owner = await app.Given.VerifiedClinician();
        var open = await app.Given.JournalClub(owner, audience: "public", questions: []);
        await app.Given.EventMessage(owner, open.Id, "Welcome, everyone reading along.");
        var visitor = app.Browser();
        var response = await visitor.GetAsync($"/events/{open.Id}/room");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Welcome, everyone reading along.", html);
        Assert.DoesNotContain("room-post", html);
        Assert.Contains("Sign in", html);

        var members = await app.Given.JournalClub(owner, questions: []);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/events/{members.Id}/room")).StatusCode);
        var clinicians = await app.Given.JournalClub(owner, audience: "clinicians", questions: []);
        var patient = await app.SignedInBrowserAsync(await app.Given.Patient());
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/events/{clinicians.Id}/room")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync("/events/999999/room")).StatusCode);
    }

    [Fact]
    public async Task A_conference_with_parallel_sessions_offers_the_session_to_post_in()
    {
        var owner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow();
        var ev = await app.Given.Event(owner, new
        {
            kind = "conference", title = "Spring rheumatology meeting", hashtag = "SpringRheum", audience = "members",
            sessions = new[]
            {
                new { title = "Vasculitis update", room = "Hall A", startsAt = now.AddMinutes(-10), endsAt = now.AddHours(1) },
                new { title = "Gout masterclass", room = "Hall B", startsAt = now.AddMinutes(-10), endsAt = now.AddHours(1) },
            },
        });
        var learner = await app.Given.VerifiedClinician();
        var browser = await app.SignedInBrowserAsync(learner);
        var path = $"/events/{ev.Id}/room";
        var page = await browser.GetPageAsync(path);
        Assert.Contains("data-testid=\"session-selector\"", page);
        Assert.Matches("Gout masterclass [^<]* Hall B", page);
        var gout = ev.Sessions.Single(s => s.Title == "Gout masterclass").Id;
        var posted = await browser.SubmitAsync(path, "room-post", new Dictionary<string, string> { ["text"] = "Treat to target urate is the key slide.", ["sessionId"] = gout.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(gout, await app.WithDbAsync(db => db.EventMessages.Where(m => m.EventId == ev.Id).Select(m => m.SessionId).SingleAsync()));
        Assert.Matches("room-session\">[^<]*Gout masterclass", await browser.GetPageAsync(path));
    }
}
