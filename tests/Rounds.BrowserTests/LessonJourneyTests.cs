using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Infrastructure.Audiences;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class LessonJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    [Fact]
    public Task A_learner_reads_a_slide_answers_a_question_sees_why_and_completes_the_lesson() => server.RunAsync(async session =>
    {
        var author = await server.CreateMemberAsync(verified: true, handlePrefix: "lessonwriter");
        var learner = await server.CreateMemberAsync(handlePrefix: "learner");
        var lessonId = await server.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var lesson = new Lesson
            {
                AuthorId = author.Id, Title = "Gout in five minutes", Summary = "Crystals, joints and the first flare.", SpecialtyCode = "rheumatology",
                EstimatedMinutes = 5, Audience = Audience.Members, Status = LessonStatus.Published, CreatedAt = now, UpdatedAt = now, PublishedAt = now,
                Steps =
                [
                    new LessonStep { Position = 1, Kind = LessonStepKind.Slide, Text = "## Crystals\nGout is caused by **monosodium urate** crystals." },
                    new LessonStep
                    {
                        Position = 2, Kind = LessonStepKind.Question, Text = "Which joint is classically affected first?",
                        Options = [new() { Position = 0, Text = "First metatarsophalangeal joint" }, new() { Position = 1, Text = "Shoulder" }, new() { Position = 2, Text = "Hip" }],
                        CorrectOption = 0, Explanation = "Podagra: the first MTP joint is involved first in about half of patients.",
                    },
                    new LessonStep { Position = 3, Kind = LessonStepKind.Slide, Text = "## Take home\nAspirate when in doubt and look for **negatively birefringent** needles." },
                ],
            };
            db.Lessons.Add(lesson);
            await db.SaveChangesAsync();
            return lesson.Id;
        });

        var page = await session.NewPageAsync();
        await SignInAsync(page, learner.Email, learner.Password);
        await page.GotoAsync("/lessons");
        await page.GetByRole(AriaRole.Link, new() { Name = "Gout in five minutes" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the lesson" }).ClickAsync();

        await Expect(page.GetByTestId("slide")).ToContainTextAsync("monosodium urate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // The question must be answered before going on.
        await Expect(page.GetByTestId("question")).ToContainTextAsync("Which joint is classically affected first?");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next" })).ToBeDisabledAsync();
        await page.GetByLabel("Shoulder").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
        await Expect(page.GetByTestId("answer-result")).ToContainTextAsync("Not quite.");
        await Expect(page.GetByTestId("explanation")).ToContainTextAsync("Podagra");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Expect(page.GetByTestId("slide")).ToContainTextAsync("negatively birefringent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete the lesson" }).ClickAsync();
        await Expect(page.GetByTestId("lesson-completed")).ToContainTextAsync("Completed");
        await Expect(page.GetByTestId("lesson-completed")).ToContainTextAsync("0 of 1");

        await page.GotoAsync("/lessons");
        await Expect(page.Locator($"[data-lesson-id=\"{lessonId}\"] [data-testid=lesson-progress]")).ToContainTextAsync("Completed");
        var entries = await server.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id && e.Activity == LearningActivity.LessonCompleted));
        Assert.Equal(1, entries);
    });
}
