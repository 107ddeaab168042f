using System.Net;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Cases;

namespace Rounds.Tests.Features.Admin;

/// <summary>The demo community a first run shows: seeded into its own empty database.</summary>
public class DemoSeedTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_seed_shares_cases_with_images_answers_and_a_pseudonymous_one()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        var cases = await app.WithDbAsync(db => db.Cases.Include(c => c.Author).ToListAsync());
        Assert.Equal(3, cases.Count);
        Assert.Contains(cases, c => c.Status == CaseStatus.Resolved && c.FinalDiagnosis is not null);
        Assert.Contains(cases, c => c.Pseudonym is not null);
        Assert.Equal(2, await app.WithDbAsync(db => db.PostMedia.CountAsync(m => m.CaseId != null && m.FaceCount == 0)));

        var ana = new TestMember(cases.First(c => c.Author.Handle == "rheumdoc").AuthorId, "rheumdoc", "ana@rounds.local", DemoSeed.Password, "");
        var browser = await app.SignedInBrowserAsync(ana);
        var list = await browser.GetPageAsync("/cases");
        Assert.Contains("Symmetric hand swelling with a positive ANA", list);
        var open = cases.Single(c => c.Title.StartsWith("Symmetric"));
        var page = await browser.GetPageAsync($"/cases/{open.Id}");
        Assert.Contains("Rheumatoid arthritis", page);
        var image = await app.WithDbAsync(db => db.PostMedia.SingleAsync(m => m.CaseId == open.Id));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/media/posts/{image.Id}")).StatusCode);
        var anonymous = await browser.GetPageAsync($"/cases/{cases.Single(c => c.Pseudonym is not null).Id}");
        Assert.Contains("Teal Heron", anonymous);
        Assert.DoesNotContain("Maya Moderator", anonymous);
    }
}
