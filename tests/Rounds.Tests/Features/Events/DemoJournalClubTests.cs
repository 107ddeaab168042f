using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Privacy;

namespace Rounds.Tests.Features.Events;

/// <summary>The demo community's journal clubs, seeded into their own empty database.</summary>
public class DemoJournalClubTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_has_a_finished_club_whose_transcript_shows_figures_and_an_upcoming_one()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        foreach (var m in DemoJournalClub.Messages) Assert.Empty(PrivacyGuard.Scan("text", m.Text).Findings);

        var ids = await app.WithDbAsync(db => db.Events.Where(e => e.Kind == EventKind.JournalClub).ToDictionaryAsync(e => e.Title, e => e.Id));
        var reader = await app.Given.Member();
        var t = (await app.As(reader).GetFromJsonAsync<TranscriptView>($"/api/v1/events/{ids[DemoJournalClub.FinishedTitle]}/transcript"))!;
        Assert.Equal("final", t.Status);
        Assert.Equal(["Americas", "Asia-Pacific"], t.Event.Sessions.Select(s => s.Title));
        Assert.Equal([3, 2, 3], t.Questions.Select(q => q.Answers.Count));
        Assert.Contains(t.Questions[0].Answers, m => m.Role == "author");
        Assert.Equal(9, t.Figures!.Participants);
        Assert.Equal(17, t.Figures.Messages);
        Assert.Equal(14, t.Figures.DuringLive);
        Assert.True(t.Figures.PotentialReach > 0);
        Assert.Equal(2, t.Figures.Attendees);
        // The captured figures match the rows written: the same sequence numbers the room would have given.
        Assert.Equal(Enumerable.Range(1, 17).Select(i => (long)i),
            t.Questions.SelectMany(q => q.Answers.Append(q.Post!)).Concat(t.Messages).Select(m => m.Seq).Order());
        var page = await app.As(reader).GetStringAsync($"/events/{ids[DemoJournalClub.FinishedTitle]}/transcript");
        Assert.Contains("data-testid=\"fig-participants\">9<", page);
        Assert.Contains("T3: What stops tight control from working in your clinic?", page);

        var upcoming = (await app.As(reader).GetFromJsonAsync<TranscriptView>($"/api/v1/events/{ids[DemoJournalClub.UpcomingTitle]}/transcript"))!;
        Assert.Equal("in-progress", upcoming.Status);
        Assert.Equal(["America/New_York", "Australia/Sydney"], upcoming.Event.Sessions.Select(s => s.TimeZone));
        Assert.Contains(upcoming.Event.Hosts, h => h.Handle == "educator_eve" && h.Role == "author");
        Assert.Contains((await app.As(reader).GetFromJsonAsync<List<EventSummary>>("/api/v1/events?kind=journal-club"))!,
            e => e.Id == ids[DemoJournalClub.UpcomingTitle] && !e.IsOver && e.NextStartsAt is not null);
    }
}
