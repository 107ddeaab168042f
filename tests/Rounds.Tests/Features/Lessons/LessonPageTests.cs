using System.Net;
using System.Net.Http.Json;
using ImageMagick;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Lessons;

public class LessonPageTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static byte[] Jpeg()
    {
        using var image = new MagickImage(new MagickColor("#7a9cc6"), 320, 240) { Format = MagickFormat.Jpeg };
        return image.ToByteArray();
    }

    [Fact]
    public async Task An_author_writes_a_lesson_with_an_image_and_a_question_and_publishes_it_through_the_pages()
    {
        var author = await app.Given.VerifiedClinician();
        var browser = await app.SignedInBrowserAsync(author);

        var created = await browser.SubmitAsync("/lessons/new", "new-lesson", new Dictionary<string, string>
        {
            ["title"] = "Knee effusions", ["summary"] = "When to aspirate a swollen knee.", ["specialtyCode"] = "rheumatology",
            ["estimatedMinutes"] = "7", ["audience"] = "members",
        });
        var edit = SignedInPages.RedirectTarget(created);
        Assert.Matches(@"^/lessons/\d+/edit$", edit);
        var id = long.Parse(edit.Split('/')[2]);

        var slide = await browser.SubmitAsync(edit, "add-step", new Dictionary<string, string>
        {
            ["kind"] = "slide", ["new.text"] = "## The bulge sign\nStroke the **medial** side.", ["new.altText"] = "Swollen knee, front view", ["action"] = "save",
        }, file: ("new.file", "knee.jpg", Jpeg()));
        Assert.Equal(HttpStatusCode.Redirect, slide.StatusCode);

        // A question with one option is refused on the page, and nothing is written.
        var refused = await browser.SubmitAsync(edit, "add-step", new Dictionary<string, string>
        {
            ["kind"] = "question", ["new.text"] = "Aspirate first?", ["new.options"] = "Yes", ["new.correct"] = "1", ["new.explanation"] = "Because.", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("options", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.LessonSteps.CountAsync(s => s.LessonId == id)));

        var question = await browser.SubmitAsync(edit, "add-step", new Dictionary<string, string>
        {
            ["kind"] = "question", ["new.text"] = "A hot swollen knee: what first?", ["new.options"] = "Aspirate\nNSAID and review\nMRI", ["new.correct"] = "1",
            ["new.explanation"] = "Exclude **septic arthritis** first.", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.Redirect, question.StatusCode);
        // Moved above the slide and back again.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(edit, "step-2", new Dictionary<string, string> { ["action"] = "up" })).StatusCode);
        Assert.Equal("question", await app.WithDbAsync(db => db.LessonSteps.Where(s => s.LessonId == id && s.Position == 1).Select(s => s.Kind.ToString().ToLower()).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(edit, "step-1", new Dictionary<string, string> { ["action"] = "down" })).StatusCode);

        var published = await browser.SubmitAsync(edit, "publish", new Dictionary<string, string>());
        Assert.Equal($"/lessons/{id}", SignedInPages.RedirectTarget(published));
        var lesson = await app.WithDbAsync(db => db.Lessons.Include(l => l.Steps).ThenInclude(s => s.Options).Include(l => l.Steps).ThenInclude(s => s.Image).SingleAsync(l => l.Id == id));
        Assert.Equal(LessonStatus.Published, lesson.Status);
        var first = lesson.Steps.Single(s => s.Position == 1);
        Assert.Equal(("Swollen knee, front view", id), (first.Image!.AltText, first.Image.LessonId));
        Assert.Equal(0, lesson.Steps.Single(s => s.Position == 2).CorrectOption);

        // The slide's text can still change once published, but the edit page offers no structural changes.
        var page = await browser.GetPageAsync(edit);
        Assert.DoesNotContain("Delete step", page);
        var retitled = await browser.SubmitAsync(edit, "step-1", new Dictionary<string, string>
        {
            ["s1.text"] = "## The bulge sign\nStroke the medial side, then the lateral.", ["s1.altText"] = "Swollen knee, front view", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.Redirect, retitled.StatusCode);
        Assert.Equal(first.Id, await app.WithDbAsync(db => db.LessonSteps.Where(s => s.LessonId == id && s.Position == 1).Select(s => s.Id).SingleAsync()));
    }

    [Fact]
    public async Task A_learner_takes_a_lesson_step_by_step_and_it_is_marked_completed()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author);
        var learner = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(learner);

        var started = await browser.SubmitAsync($"/lessons/{lesson.Id}", "start", new Dictionary<string, string>());
        Assert.Equal($"/lessons/{lesson.Id}/steps/1", SignedInPages.RedirectTarget(started));
        Assert.Contains("<strong>central</strong>", await browser.GetPageAsync($"/lessons/{lesson.Id}/steps/1"));
        var next = await browser.SubmitAsync($"/lessons/{lesson.Id}/steps/1", "move", new Dictionary<string, string> { ["go"] = "next" });
        Assert.Equal($"/lessons/{lesson.Id}/steps/2", SignedInPages.RedirectTarget(next));

        // Not past the question before answering it.
        var skipped = await browser.SubmitAsync($"/lessons/{lesson.Id}/steps/2", "move", new Dictionary<string, string> { ["go"] = "next" });
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Contains("Answer the question at step 2", await skipped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await browser.GetAsync($"/lessons/{lesson.Id}/steps/3")).StatusCode);

        var answered = await browser.SubmitAsync($"/lessons/{lesson.Id}/steps/2", "answer", new Dictionary<string, string> { ["option"] = "0" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var page = await browser.GetPageAsync($"/lessons/{lesson.Id}/steps/2");
        Assert.Contains("Right.", page);
        Assert.Contains("deviation suggests a mass", page);
        Assert.DoesNotContain("formname=\"answer\"", page);

        Assert.Equal($"/lessons/{lesson.Id}/steps/3",
            SignedInPages.RedirectTarget(await browser.SubmitAsync($"/lessons/{lesson.Id}/steps/2", "move", new Dictionary<string, string> { ["go"] = "next" })));
        var completed = await browser.SubmitAsync($"/lessons/{lesson.Id}/steps/3", "move", new Dictionary<string, string> { ["go"] = "complete" });
        Assert.Equal($"/lessons/{lesson.Id}", SignedInPages.RedirectTarget(completed));
        Assert.Contains("data-testid=\"lesson-completed\"", await browser.GetPageAsync($"/lessons/{lesson.Id}"));
        Assert.Contains("Completed", await browser.GetPageAsync("/lessons"));
        Assert.Equal(1, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id && e.Activity == LearningActivity.LessonCompleted)));
    }

    [Fact]
    public async Task Progress_resumes_on_the_overview_page()
    {
        var lesson = await app.Given.Lesson(await app.Given.VerifiedClinician());
        var learner = await app.Given.Member();
        await app.As(learner).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "to", to = 2 });
        var browser = await app.SignedInBrowserAsync(learner);
        Assert.Contains("Resume at step 2", await browser.GetPageAsync($"/lessons/{lesson.Id}"));
        Assert.Equal($"/lessons/{lesson.Id}/steps/2", SignedInPages.RedirectTarget(await browser.SubmitAsync($"/lessons/{lesson.Id}", "start", new Dictionary<string, string>())));
    }

    [Fact]
    public async Task Other_members_cannot_open_the_edit_page_and_drafts_are_hidden()
    {
        var author = await app.Given.VerifiedClinician();
        var published = await app.Given.Lesson(author);
        var draft = await app.Given.Lesson(author, publish: false);
        var other = await app.SignedInBrowserAsync(await app.Given.VerifiedClinician());

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/lessons/{published.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/lessons/{draft.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/lessons/{draft.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/lessons/{draft.Id}/steps/1")).StatusCode);
        Assert.DoesNotContain($"data-lesson-id=\"{draft.Id}\"", await other.GetPageAsync("/lessons"));
        var mine = await app.SignedInBrowserAsync(author);
        Assert.Contains($"data-lesson-id=\"{draft.Id}\"", await mine.GetPageAsync("/lessons?mine=true"));
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync($"/lessons/{draft.Id}/steps/3")).StatusCode);
    }

    [Fact]
    public async Task The_author_sees_learners_and_accuracy_per_question_as_a_table_and_a_chart()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author, Audience.Public);
        await app.As(await app.Given.Member()).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps/2/answer", new { option = 0 });
        await app.As(await app.Given.Patient()).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps/2/answer", new { option = 1 });

        var page = await (await app.SignedInBrowserAsync(author)).GetPageAsync($"/lessons/{lesson.Id}");
        Assert.Contains("data-testid=\"lesson-stats\"", page);
        Assert.Contains("<strong>2</strong> learners started", page);
        Assert.Contains("50%", page);
        Assert.Contains("Accuracy per question", page);
        // A learner sees no figures; a visitor reads a public lesson but is asked to sign in to answer.
        Assert.DoesNotContain("lesson-stats", await (await app.SignedInBrowserAsync(await app.Given.Member())).GetPageAsync($"/lessons/{lesson.Id}"));
        var visitor = await app.Browser().GetPageAsync($"/lessons/{lesson.Id}/steps/2");
        Assert.Contains("to answer", visitor);
        Assert.DoesNotContain("✓", visitor);
    }
}
