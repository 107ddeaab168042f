using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>The conference report (Neill et al., Emerg Med J 2014) and the moderators' labels it counts.</summary>
public class ReportTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<HttpResponseMessage> Label(TestMember who, long eventId, long postId, string? label) =>
        await app.As(who).PutAsJsonAsync($"/api/v1/events/{eventId}/messages/{postId}/label", new { label });

    [Fact]
    public async Task The_report_counts_posts_authors_on_site_shares_content_by_label_or_session_and_speakers_on_the_platform()
    {
        var owner = await app.Given.VerifiedClinician();
        var onSite = await app.Given.Member();
        var remote = await app.Given.Member();
        var ev = await app.Given.Conference(owner, sessions:
        [
            new { title = "Opening plenary", room = "Hall A", startsAt = Now.AddMinutes(-30), endsAt = Now.AddMinutes(30), speakers = new object[] { new { handle = owner.Handle }, new { name = "Visiting faculty" } } },
            new { title = "=SUM(A1:A9) workshop", room = "Room 2", startsAt = Now.AddMinutes(90), endsAt = Now.AddMinutes(150), speakers = new object[] { new { name = "Invited sonographer" }, new { name = "Visiting faculty" } } },
        ]);
        var plenary = ev.Sessions.Single(s => s.Title == "Opening plenary");
        await app.Given.CheckedIn(onSite, ev.Id, "on-site");
        await app.Given.CheckedIn(remote, ev.Id, "remote");

        await app.Given.EventMessage(onSite, ev.Id, "Registry data on early treatment, strong effect sizes.");
        await app.Given.EventMessage(onSite, ev.Id, "Slides on ultrasound scoring are excellent.");
        var social = await app.Given.EventMessage(remote, ev.Id, "Great to see everyone again this year!");
        var hidden = await app.Given.EventMessage(remote, ev.Id, "Buy our new app.");
        await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == hidden.PostId).ExecuteUpdateAsync(s => s.SetProperty(m => m.HiddenAt, DateTime.UtcNow)));
        app.Clock.Advance(TimeSpan.FromMinutes(40)); // between sessions: the host's posts belong to none
        var research = await app.Given.EventMessage(owner, ev.Id, "Our trial protocol is now online.");
        var unlinked = await app.Given.EventMessage(owner, ev.Id, "Coffee is served in the foyer.");
        Assert.Null(unlinked.SessionId);
        await (await Label(owner, ev.Id, social.PostId, "social")).AssertStatusAsync(HttpStatusCode.OK);
        await (await Label(owner, ev.Id, research.PostId, "Research")).AssertStatusAsync(HttpStatusCode.OK);

        var report = await app.As(remote).GetFromJsonAsync<ConferenceReportView>($"/api/v1/events/{ev.Id}/report");
        var o = report!.Overall;
        Assert.Equal((5, 3), (o.Posts, o.Authors));
        Assert.Equal((1, 0.3333), (o.OnSiteAuthors, o.OnSiteAuthorShare));
        Assert.Equal((2, 0.4), (o.OnSitePosts, o.OnSitePostShare));
        Assert.Equal((3, 1, 1), (o.ClinicalOrResearchPosts, o.SocialOrPromotionalPosts, o.UnclassifiedPosts));
        Assert.Equal((0.6, 0.2, 0.2), (o.ClinicalOrResearchShare, o.SocialOrPromotionalShare, o.UnclassifiedShare));
        Assert.Equal(2, o.LabelledPosts);
        Assert.Equal((3, 1, 1), (o.Speakers, o.SpeakersOnPlatform, o.SpeakersWhoPosted));
        Assert.False(report.Final);

        var perSession = report.Sessions.ToDictionary(s => s.Id);
        var p = perSession[plenary.Id].Figures;
        Assert.Equal((3, 2, 2, 2, 1, 0), (p.Posts, p.Authors, p.OnSitePosts, p.ClinicalOrResearchPosts, p.SocialOrPromotionalPosts, p.UnclassifiedPosts));
        Assert.Equal((2, 1, 0), (p.Speakers, p.SpeakersOnPlatform, p.SpeakersWhoPosted));
        Assert.Equal(0, report.Sessions.Single(s => s.Id != plenary.Id).Figures.Posts);
        Assert.Equal(5, report.Days.Sum(d => d.Figures.Posts));

        // Figures are what was true when each post was made: a later change of check-in rewrites nothing.
        await app.Given.CheckedIn(onSite, ev.Id, "remote");
        Assert.Equal(2, (await app.As(remote).GetFromJsonAsync<ConferenceReportView>($"/api/v1/events/{ev.Id}/report"))!.Overall.OnSitePosts);

        var page = await app.As(remote).GetStringAsync($"/events/{ev.Id}/report");
        Assert.Contains("data-testid=\"report-posts\">5<", page);
        Assert.Contains("Posts per day", page);
        Assert.Contains("role=\"img\"", page);
        Assert.DoesNotContain("Label posts", page); // attendees do not label

        var csvResponse = await app.As(remote).GetAsync($"/events/{ev.Id}/report.csv");
        await csvResponse.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event,hashtag,time_zone,final,scope", lines[0]);
        Assert.Contains(",overall,,,,,,,5,3,1,0.3333,2,0.4,3,1,1,0.6,0.2,0.2,2,3,1,0.3333,1", lines[1]);
        Assert.Contains(lines, l => l.Contains(",session,") && l.Contains("Opening plenary"));
        Assert.DoesNotContain(",=SUM", csv); // a formula is escaped

        app.Clock.Advance(TimeSpan.FromHours(3));
        Assert.True((await app.As(remote).GetFromJsonAsync<ConferenceReportView>($"/api/v1/events/{ev.Id}/report"))!.Final);
    }

    [Fact]
    public async Task Only_those_who_run_the_event_label_its_messages_and_bad_labels_are_refused()
    {
        var owner = await app.Given.VerifiedClinician();
        var eventModerator = await app.Given.Member();
        var attendee = await app.Given.Member();
        var siteModerator = await app.Given.Moderator();
        var ev = await app.Given.Conference(owner, hosts: [new { handle = eventModerator.Handle, role = "moderator" }]);
        var message = await app.Given.EventMessage(attendee, ev.Id, "The plenary slides are clear.");

        Assert.Equal(HttpStatusCode.Forbidden, (await Label(attendee, ev.Id, message.PostId, "clinical")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PutAsJsonAsync($"/api/v1/events/{ev.Id}/messages/{message.PostId}/label", new { label = "social" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Label(owner, ev.Id, 999999, "clinical")).StatusCode);
        var other = await app.Given.Conference(owner, hashtag: "OtherCon");
        Assert.Equal(HttpStatusCode.NotFound, (await Label(owner, other.Id, message.PostId, "clinical")).StatusCode);
        foreach (var bad in new[] { "gossip", "1", "clinical,social", new string('x', 5000) })
            await (await Label(owner, ev.Id, message.PostId, bad)).AssertInvalidAsync("label");
        Assert.Null(await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == message.PostId).Select(m => m.Label).SingleAsync()));

        var labelled = await (await Label(eventModerator, ev.Id, message.PostId, "promotional")).ReadAsync<LabelMessage.LabelView>();
        Assert.Equal("promotional", labelled.Label);
        await (await Label(siteModerator, ev.Id, message.PostId, "clinical")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(MessageLabel.Clinical, await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == message.PostId).Select(m => m.Label).SingleAsync()));
        await (await Label(owner, ev.Id, message.PostId, null)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Null(await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == message.PostId).Select(m => m.Label).SingleAsync()));

        // A clinicians-only conference is hidden from a member: 404, not 403.
        var closed = await app.Given.Conference(owner, audience: "clinicians", hashtag: "ClosedCon");
        var inside = await app.Given.EventMessage(owner, closed.Id, "Faculty notes for the plenary.");
        Assert.Equal(HttpStatusCode.NotFound, (await Label(attendee, closed.Id, inside.PostId, "clinical")).StatusCode);
    }

    [Fact]
    public async Task Hosts_label_posts_on_the_report_page()
    {
        var owner = await app.Given.VerifiedClinician();
        var attendee = await app.Given.Member();
        var ev = await app.Given.Conference(owner);
        var message = await app.Given.EventMessage(attendee, ev.Id, "Lovely venue this year.");
        var pages = await app.SignedInBrowserAsync(owner);
        var page = await pages.GetPageAsync($"/events/{ev.Id}/report");
        Assert.Contains("Label posts", page);
        var saved = await pages.SubmitAsync($"/events/{ev.Id}/report", $"label-{message.PostId}", new Dictionary<string, string> { ["label"] = "social" });
        Assert.Equal($"/events/{ev.Id}/report#m-{message.PostId}", SignedInPages.RedirectTarget(saved));
        var report = await app.As(owner).GetFromJsonAsync<ConferenceReportView>($"/api/v1/events/{ev.Id}/report");
        Assert.Equal((1, 0), (report!.Overall.SocialOrPromotionalPosts, report.Overall.ClinicalOrResearchPosts));
    }

    [Fact]
    public async Task There_is_no_report_for_other_kinds_of_events_or_unknown_ones()
    {
        var owner = await app.Given.VerifiedClinician();
        var club = await app.Given.JournalClub(owner);
        foreach (var url in new[] { $"/api/v1/events/{club.Id}/report", $"/events/{club.Id}/report", $"/events/{club.Id}/report.csv", "/api/v1/events/999999/report", "/events/999999/report.csv" })
            Assert.True(HttpStatusCode.NotFound == (await app.As(owner).GetAsync(url)).StatusCode, url);
        // An empty conference has a report with nothing in it, not an error.
        var ev = await app.Given.Conference(owner, hashtag: "EmptyCon");
        var report = await app.As(owner).GetFromJsonAsync<ConferenceReportView>($"/api/v1/events/{ev.Id}/report");
        Assert.Equal((0, null), (report!.Overall.Posts, report.Overall.OnSitePostShare));
        Assert.Contains("No data yet", await app.As(owner).GetStringAsync($"/events/{ev.Id}/report"));
    }
}
