using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Quizzes;

namespace Rounds.Tests.Features.Quizzes;

public class DemoQuizzesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_has_an_image_of_the_week_series_with_answered_items_and_an_upcoming_one()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        var series = await app.WithDbAsync(db => db.QuizSeries.SingleAsync());
        var ana = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.NormalizedUserName == "RHEUMDOC"));
        var owner = new TestMember(ana.Id, "rheumdoc", "ana@rounds.local", DemoSeed.Password, "");
        var browser = await app.SignedInBrowserAsync(owner);

        var page = await browser.GetPageAsync($"/quizzes/{series.Id}");
        Assert.Contains("Rheumatology Image of the Week", page);
        Assert.Contains("data-testid=\"current-item\"", page);
        var analytics = await browser.GetPageAsync($"/quizzes/{series.Id}/analytics");
        Assert.Contains("<svg", analytics);

        var now = app.Clock.GetUtcNow().UtcDateTime;
        var items = await app.WithDbAsync(db => db.QuizItems.ToListAsync());
        Assert.Equal(3, items.Count(i => i.IsReleased(now)));
        Assert.Single(items, i => i.Status == QuizItemStatus.Approved && !i.IsReleased(now));
        Assert.True(await app.WithDbAsync(db => db.QuizAnswers.CountAsync()) >= 10);
        var image = await app.WithDbAsync(db => db.PostMedia.FirstAsync(m => m.QuizItemId == items[0].Id));
        Assert.Equal(0, image.FaceCount);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/media/posts/{image.Id}")).StatusCode);

        // A member who has not answered this week's item sees the question and nothing of the answer.
        var current = items.Single(i => i.IsReleased(now) && !i.IsClosed(now));
        var learner = await app.Given.Member();
        var view = await app.As(learner).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{current.Id}");
        Assert.True(view!.CanAnswer);
        Assert.Null(view.Distribution);
    }
}
