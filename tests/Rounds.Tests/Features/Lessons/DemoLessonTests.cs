using System.Net;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Lessons;

namespace Rounds.Tests.Features.Lessons;

/// <summary>The demo lesson a first run shows, seeded into its own empty database.</summary>
public class DemoLessonTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_seed_publishes_a_lesson_with_an_image_and_two_questions_that_a_member_completed()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        var lesson = await app.WithDbAsync(db => db.Lessons.Include(l => l.Steps).SingleAsync());
        Assert.Equal(LessonStatus.Published, lesson.Status);
        Assert.Equal(2, lesson.Steps.Count(s => s.Kind == LessonStepKind.Question));
        var image = await app.WithDbAsync(db => db.PostMedia.SingleAsync(m => m.LessonId == lesson.Id));
        Assert.Equal(0, image.FaceCount);

        var lee = (await app.WithDbAsync(db => db.Users.AsNoTracking().ToListAsync())).Single(m => m.Handle == "student_lee");
        var entry = await app.WithDbAsync(db => db.LearningEntries.SingleAsync(e => e.MemberId == lee.Id && e.Activity == LearningActivity.LessonCompleted));
        Assert.Equal((lesson.Id, 8), (entry.SourceId, entry.Minutes));

        var browser = await app.SignedInBrowserAsync(new TestMember(lee.Id, lee.Handle, lee.Email!, DemoSeed.Password, ""));
        Assert.Contains("data-testid=\"lesson-completed\"", await browser.GetPageAsync($"/lessons/{lesson.Id}"));
        Assert.Contains("fusiform swelling", await browser.GetPageAsync($"/lessons/{lesson.Id}/steps/1"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/media/posts/{image.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/media/posts/{image.Id}")).StatusCode);
    }
}
