using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Learning;

/// <summary>The demo community shows a learning record: Ana's transcript, one entry awaiting a reflection, goals shared both ways.</summary>
public class DemoLearningTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_seed_gives_ana_a_transcript_a_waiting_reflection_and_a_goal_shared_with_a_partner()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        var ids = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "rheumdoc" || u.UserName == "nephjc_fan").ToDictionaryAsync(u => u.UserName!, u => u.Id));
        var ana = new TestMember(ids["rheumdoc"], "rheumdoc", "ana@rounds.local", DemoSeed.Password, "");
        var sam = new TestMember(ids["nephjc_fan"], "nephjc_fan", "sam@rounds.local", DemoSeed.Password, "");

        var entries = await app.WithDbAsync(db => db.LearningEntries.Where(e => e.MemberId == ana.Id).ToListAsync());
        Assert.Equal([LearningActivity.CaseAnswered, LearningActivity.ArticleReflection], entries.Select(e => e.Activity).Distinct().Order());
        Assert.Single(entries, e => e.AwaitingReflection);
        Assert.All(entries.Where(e => !e.AwaitingReflection), e => Assert.True(e.Credit > 0));
        // Every seeded activity wrote its entry through the same hook, with the default rules in force.
        var lee = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "student_lee"));
        var lees = await app.WithDbAsync(db => db.LearningEntries.Where(e => e.MemberId == lee.Id).ToListAsync());
        // …his journal-club attendance included (the demo club's room recorded it).
        Assert.Equal([LearningActivity.QuizAnswered, LearningActivity.CaseAnswered, LearningActivity.LessonCompleted, LearningActivity.JournalClubAttended],
            lees.Select(e => e.Activity).Distinct().OrderBy(a => a));
        Assert.All(lees, e => Assert.True(e.Credit > 0 && e.RuleName is not null, $"{e.Activity} earned no credit"));

        using var browser = await app.SignedInBrowserAsync(ana);
        var html = await browser.GetPageAsync("/learning");
        Assert.Contains("EULAR recommendations for the management of rheumatoid arthritis", html);
        Assert.Contains("Save reflection", html);
        Assert.Contains("12 credits of rheumatology", html);
        Assert.Contains("Answer eight cases this quarter", html); // Sam's, shared with Ana
        var pdf = await browser.GetAsync("/learning/transcript.pdf");
        Assert.Contains("Dr. Ana Okafor", PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync()));

        using var samsBrowser = await app.SignedInBrowserAsync(sam);
        Assert.Contains("12 credits of rheumatology", await samsBrowser.GetPageAsync("/learning"));
    }
}
