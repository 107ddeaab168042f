using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>The demo conference and forum a first run shows, seeded into their own empty database.</summary>
public class DemoConferenceTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_seeds_a_two_day_conference_whose_report_has_figures_and_a_forum_with_voted_questions_and_answers()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        var conference = await app.WithDbAsync(db => db.Events.SingleAsync(e => e.Kind == EventKind.Conference && e.Hashtag == "rheumforum26"));
        var ruth = (await app.WithDbAsync(db => db.Users.AsNoTracking().ToListAsync())).Single(m => m.Handle == "resident_ruth");
        var member = new TestMember(ruth.Id, ruth.Handle, ruth.Email!, DemoSeed.Password, "");
        var browser = await app.SignedInBrowserAsync(member);

        var program = await browser.GetPageAsync($"/events/{conference.Id}/program");
        Assert.Contains("Opening plenary", program);
        Assert.Contains("href=\"/members/rheumdoc\"", program);
        var days = await app.WithDbAsync(db => db.EventSessions.Where(s => s.EventId == conference.Id).Select(s => s.StartsAt).ToListAsync());
        Assert.Equal(8, days.Count);

        var report = await browser.GetPageAsync($"/events/{conference.Id}/report");
        Assert.Contains("Posts per day", report);
        var posts = await app.WithDbAsync(db => db.EventMessages.CountAsync(m => m.EventId == conference.Id));
        Assert.True(posts >= 12, $"only {posts} posts");
        Assert.Contains($"data-testid=\"report-posts\">{posts}<", report);
        Assert.Contains("role=\"img\"", report);
        Assert.True(await app.WithDbAsync(db => db.SessionSummaries.AnyAsync(s => s.EventId == conference.Id)));
        Assert.True(await app.WithDbAsync(db => db.EventCheckIns.AnyAsync(c => c.EventId == conference.Id && c.OnSite))
            && await app.WithDbAsync(db => db.EventCheckIns.AnyAsync(c => c.EventId == conference.Id && !c.OnSite)));

        var forum = await app.WithDbAsync(db => db.Events.SingleAsync(e => e.Kind == EventKind.ExpertForum && e.Hashtag == "askgout"));
        var page = await browser.GetPageAsync($"/events/{forum.Id}/forum");
        Assert.Contains("data-testid=\"expert-answer\"", page);
        Assert.True(page.IndexOf("keep taking allopurinol", StringComparison.Ordinal) < page.IndexOf("diet alone", StringComparison.Ordinal));
        var messages = await app.WithDbAsync(db => db.EventMessages.Where(m => m.EventId == forum.Id).ToListAsync());
        foreach (var m in messages)
            Assert.Equal(m.Upvotes, await app.WithDbAsync(db => db.EventUpvotes.CountAsync(u => u.PostId == m.PostId)));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/events/{conference.Id}/report.csv")).StatusCode);
    }
}
