using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Lessons;

namespace Rounds.Tests.Features.Lessons;

/// <summary>An author going through their own lesson is checking it: no credit, and not counted among its learners.</summary>
public class LessonAuthorRunThroughTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<LessonProgressView> CompleteAsync(TestMember who, long lessonId, int option)
    {
        using var client = app.As(who);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/advance", new { direction = "start" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/advance", new { direction = "next" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/steps/2/answer", new { option })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/advance", new { direction = "next" })).AssertStatusAsync(HttpStatusCode.OK);
        return await (await client.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
    }

    [Fact]
    public async Task An_author_who_completes_their_own_lesson_gets_no_learning_entry_and_is_not_counted_in_the_stats()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author);

        var own = await CompleteAsync(author, lesson.Id, option: 1); // a wrong answer while checking the lesson
        Assert.NotNull(own.CompletedAt);
        Assert.False(await app.WithDbAsync(db => db.LearningEntries.AnyAsync(e => e.MemberId == author.Id)));
        var emptyStats = await app.As(author).GetFromJsonAsync<LessonStatsView>($"/api/v1/lessons/{lesson.Id}/stats");
        Assert.Equal((0, 0), (emptyStats!.Started, emptyStats.Completed));
        Assert.Equal(0, Assert.Single(emptyStats.Questions).Answers);

        // A learner's run-through is counted and credited.
        var learner = await app.Given.Member();
        var theirs = await CompleteAsync(learner, lesson.Id, option: 0);
        Assert.NotNull(theirs.CompletedAt);
        Assert.Equal(1, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id && e.SourceKind == "lesson" && e.SourceId == lesson.Id)));

        var stats = await app.As(author).GetFromJsonAsync<LessonStatsView>($"/api/v1/lessons/{lesson.Id}/stats");
        Assert.Equal((1, 1), (stats!.Started, stats.Completed));
        var question = Assert.Single(stats.Questions);
        Assert.Equal((1, 1), (question.Answers, question.Correct));
        Assert.Equal([1, 0, 0], question.OptionCounts);
        // The author's own page shows the learners' figure, not the author's.
        Assert.False(await app.WithDbAsync(db => db.LearningEntries.AnyAsync(e => e.MemberId == author.Id)));
    }
}
