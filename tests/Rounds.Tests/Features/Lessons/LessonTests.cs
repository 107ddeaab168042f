using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Lessons;

public class LessonTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task<int> EntriesAsync(TestMember m, long lessonId) => app.WithDbAsync(db =>
        db.LearningEntries.CountAsync(e => e.MemberId == m.Id && e.Activity == LearningActivity.LessonCompleted && e.SourceId == lessonId));

    private async Task<LessonView> DraftAsync(TestMember author) =>
        await (await app.As(author).PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest())).ReadAsync<LessonView>(HttpStatusCode.Created);

    [Fact]
    public async Task A_draft_is_its_authors_alone_until_published()
    {
        var author = await app.Given.VerifiedClinician();
        var learner = await app.Given.Member();
        var draft = await app.Given.Lesson(author, publish: false);
        Assert.Equal("draft", draft.Status);

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/api/v1/lessons/{draft.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/api/v1/lessons/{draft.Id}/steps/1")).StatusCode);
        Assert.DoesNotContain((await app.As(learner).GetFromJsonAsync<LessonListPage>("/api/v1/lessons"))!.Items, l => l.Id == draft.Id);
        Assert.Contains((await app.As(author).GetFromJsonAsync<LessonListPage>("/api/v1/lessons?mine=true"))!.Items, l => l.Id == draft.Id);
        // The author previews every step, the correct answer included.
        var question = await (await app.As(author).GetAsync($"/api/v1/lessons/{draft.Id}/steps/2")).ReadAsync<LessonStepView>();
        Assert.Equal(0, question.CorrectOption);

        var published = await (await app.As(author).PostAsync($"/api/v1/lessons/{draft.Id}/publish", null)).ReadAsync<LessonView>();
        Assert.Equal("published", published.Status);
        Assert.Equal(HttpStatusCode.OK, (await app.As(learner).GetAsync($"/api/v1/lessons/{draft.Id}")).StatusCode);
        var listed = Assert.Single((await app.As(learner).GetFromJsonAsync<LessonListPage>("/api/v1/lessons?limit=50"))!.Items, l => l.Id == draft.Id);
        Assert.Equal((3, 1, null), (listed.StepCount, listed.QuestionCount, listed.MyProgress));
        await (await app.As(author).PostAsync($"/api/v1/lessons/{draft.Id}/publish", null)).AssertStatusAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_learner_answers_sees_the_explanation_and_completes_once_with_one_learning_entry()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author);
        var learner = await app.Given.Member();
        var client = app.As(learner);

        var first = await (await client.GetAsync($"/api/v1/lessons/{lesson.Id}/steps/1")).ReadAsync<LessonStepView>();
        Assert.Contains("<strong>central</strong>", first.Html);
        var question = await (await client.GetAsync($"/api/v1/lessons/{lesson.Id}/steps/2")).ReadAsync<LessonStepView>();
        Assert.Null(question.CorrectOption); // not before answering
        Assert.Null(question.Explanation);
        Assert.False(question.MayContinue);
        // Past the unanswered question: neither read nor moved to.
        await (await client.GetAsync($"/api/v1/lessons/{lesson.Id}/steps/3")).AssertStatusAsync(HttpStatusCode.Conflict);

        var started = await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "start" })).ReadAsync<LessonProgressView>();
        Assert.Equal(1, started.CurrentPosition);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "to", to = 3 })).AssertStatusAsync(HttpStatusCode.Conflict);

        var answer = await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps/2/answer", new { option = 1 })).ReadAsync<LessonAnswerView>();
        Assert.False(answer.Correct);
        Assert.Equal(0, answer.CorrectOption);
        Assert.Contains("deviation", answer.Explanation);
        var replay = await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps/2/answer", new { option = 0 });
        await replay.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.LessonAnswers.CountAsync(a => a.MemberId == learner.Id)));

        var answered = await (await client.GetAsync($"/api/v1/lessons/{lesson.Id}/steps/2")).ReadAsync<LessonStepView>();
        Assert.Equal((1, 0, true), (answered.MyAnswer!.Option, answered.CorrectOption, answered.MayContinue));

        var atLast = await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
        Assert.Equal((3, false), (atLast.CurrentPosition, atLast.Completed));
        Assert.Equal(0, await EntriesAsync(learner, lesson.Id));

        var done = await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
        Assert.True(done.Completed);
        Assert.Equal((1, 0), (done.Answered, done.Correct));
        var entry = await app.WithDbAsync(db => db.LearningEntries.SingleAsync(e => e.MemberId == learner.Id && e.SourceKind == "lesson"));
        Assert.Equal((LearningActivity.LessonCompleted, lesson.Id, lesson.Title, 10, "rheumatology"),
            (entry.Activity, entry.SourceId, entry.Title, entry.Minutes, entry.SpecialtyCode));

        // Completing again, or going back and forth, never records twice.
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "previous" })).ReadAsync<LessonProgressView>();
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" })).ReadAsync<LessonProgressView>();
        Assert.Equal(1, await EntriesAsync(learner, lesson.Id));
        var listed = Assert.Single((await client.GetFromJsonAsync<LessonListPage>("/api/v1/lessons?limit=50"))!.Items, l => l.Id == lesson.Id);
        Assert.True(listed.MyProgress!.Completed);
    }

    [Fact]
    public async Task Racing_answers_and_racing_completions_leave_one_answer_and_one_learning_entry()
    {
        var lesson = await app.Given.Lesson(await app.Given.VerifiedClinician());
        var learner = await app.Given.Member();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            app.As(learner).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps/2/answer", new { option = i % 3 })));
        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.LessonAnswers.CountAsync(a => a.MemberId == learner.Id)));

        var completions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            app.As(learner).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "complete" })));
        Assert.All(completions, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        Assert.Contains(completions, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await EntriesAsync(learner, lesson.Id));
        Assert.True((await app.As(learner).GetFromJsonAsync<LessonProgressView>($"/api/v1/lessons/{lesson.Id}/progress"))!.Completed);
    }

    [Fact]
    public async Task Progress_is_saved_and_resumes_where_the_learner_left()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author);
        var learner = await app.Given.Member();
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/api/v1/lessons/{lesson.Id}/progress")).StatusCode);

        await app.As(learner).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "start" });
        await app.As(learner).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" });
        var startedAt = app.Clock.GetUtcNow().UtcDateTime;
        app.Clock.Advance(TimeSpan.FromDays(2));

        // Another session, days later: the same step, and "start" resumes rather than restarts.
        var later = app.As(learner);
        var progress = await later.GetFromJsonAsync<LessonProgressView>($"/api/v1/lessons/{lesson.Id}/progress");
        Assert.Equal((2, 3, 1, 0), (progress!.CurrentPosition, progress.StepCount, progress.Questions, progress.Answered));
        var resumed = await (await later.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "start" })).ReadAsync<LessonProgressView>();
        Assert.Equal(2, resumed.CurrentPosition);
        Assert.Equal(startedAt, resumed.StartedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await later.GetFromJsonAsync<LessonView>($"/api/v1/lessons/{lesson.Id}"))!.MyProgress!.CurrentPosition);
    }

    [Fact]
    public async Task A_question_needs_two_to_six_options_a_correct_one_and_an_explanation()
    {
        var author = await app.Given.VerifiedClinician();
        var draft = await DraftAsync(author);
        var client = app.As(author);
        var url = $"/api/v1/lessons/{draft.Id}/steps";

        await (await client.PostAsJsonAsync(url, Given.Question(options: ["Only one"]))).AssertInvalidAsync("options");
        await (await client.PostAsJsonAsync(url, Given.Question(options: ["A", "B", "C", "D", "E", "F", "G"]))).AssertInvalidAsync("options");
        await (await client.PostAsJsonAsync(url, Given.Question(options: ["Same", "same"]))).AssertInvalidAsync("options");
        await (await client.PostAsJsonAsync(url, new { kind = "question", text = "Which?", options = new[] { "A", "B" }, explanation = "Because." }))
            .AssertInvalidAsync("correctOption");
        await (await client.PostAsJsonAsync(url, Given.Question(correctOption: 3))).AssertInvalidAsync("correctOption");
        await (await client.PostAsJsonAsync(url, Given.Question(explanation: ""))).AssertInvalidAsync("explanation");
        await (await client.PostAsJsonAsync(url, new { kind = "video", text = "Watch" })).AssertInvalidAsync("kind");
        await (await client.PostAsJsonAsync(url, new { kind = "slide", text = "  " })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync(url, new { kind = "slide", text = new string('x', LessonStep.MaxText + 1) })).AssertInvalidAsync("text");
        await (await client.PostAsJsonAsync(url, Given.Question(text: new string('x', LessonStep.MaxStem + 1)))).AssertInvalidAsync("text");
        // Wrong types are refused before anything runs.
        var wrong = await client.PostAsync(url, new StringContent("{\"kind\":\"question\",\"options\":\"A\",\"correctOption\":\"first\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        var malformed = await client.PostAsync(url, new StringContent("{\"kind\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(0, await app.WithDbAsync(db => db.LessonSteps.CountAsync(s => s.LessonId == draft.Id)));
        // An empty lesson cannot be published.
        await (await client.PostAsync($"/api/v1/lessons/{draft.Id}/publish", null)).AssertInvalidAsync("steps");
        Assert.Equal(LessonStatus.Draft, await app.WithDbAsync(db => db.Lessons.Where(l => l.Id == draft.Id).Select(l => l.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_lesson_needs_a_title_a_summary_a_specialty_minutes_and_a_known_audience()
    {
        var author = await app.Given.VerifiedClinician();
        var client = app.As(author);
        var before = await app.WithDbAsync(db => db.Lessons.CountAsync());

        await (await client.PostAsJsonAsync("/api/v1/lessons", new { summary = "s", specialtyCode = "rheumatology", estimatedMinutes = 5 })).AssertInvalidAsync("title");
        await (await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(title: new string('t', Lesson.MaxTitle + 1)))).AssertInvalidAsync("title");
        await (await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(summary: new string('s', Lesson.MaxSummary + 1)))).AssertInvalidAsync("summary");
        await (await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(minutes: 0))).AssertInvalidAsync("estimatedMinutes");
        await (await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(audience: "followers"))).AssertInvalidAsync("audience");
        await (await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(audience: "group"))).AssertInvalidAsync("groupId");
        var strangers = await app.Given.Group(await app.Given.Member());
        await (await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(audience: "group", groupId: strangers))).AssertInvalidAsync("groupId");
        var wrongType = await client.PostAsync("/api/v1/lessons", new StringContent("{\"title\":\"T\",\"estimatedMinutes\":\"ten\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest())).StatusCode);

        Assert.Equal(before, await app.WithDbAsync(db => db.Lessons.CountAsync()));
    }

    [Fact]
    public async Task Answering_is_refused_in_a_draft_an_unseen_lesson_on_a_slide_or_without_a_valid_option()
    {
        var author = await app.Given.VerifiedClinician();
        var draft = await app.Given.Lesson(author, publish: false);
        var forClinicians = await app.Given.Lesson(author, Audience.Clinicians);
        var patient = await app.Given.Patient();
        var member = await app.Given.Member();

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(member).PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/2/answer", new { option = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(author).PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/2/answer", new { option = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(patient).PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/steps/2/answer", new { option = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(patient).PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/advance", new { direction = "start" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(member).PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/advance", new { direction = "start" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/steps/2/answer", new { option = 0 })).StatusCode);

        var clinician = app.As(await app.Given.VerifiedClinician());
        await (await clinician.PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/steps/1/answer", new { option = 0 })).AssertInvalidAsync("option");
        await (await clinician.PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/steps/2/answer", new { option = 7 })).AssertInvalidAsync("option");
        await (await clinician.PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/steps/2/answer", new { })).AssertInvalidAsync("option");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/steps/9/answer", new { option = 0 })).StatusCode);
        await (await clinician.PostAsJsonAsync($"/api/v1/lessons/{forClinicians.Id}/advance", new { direction = "sideways" })).AssertInvalidAsync("direction");
        var wrongType = await clinician.PostAsync($"/api/v1/lessons/{forClinicians.Id}/steps/2/answer", new StringContent("{\"option\":\"B\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        Assert.Equal(0, await app.WithDbAsync(db => db.LessonAnswers.CountAsync(a => a.LessonId == forClinicians.Id || a.LessonId == draft.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.LessonProgress.CountAsync(p => p.LessonId == forClinicians.Id || p.LessonId == draft.Id)));
    }

    [Fact]
    public async Task Someone_elses_lesson_cannot_be_edited()
    {
        var author = await app.Given.VerifiedClinician();
        var other = app.As(await app.Given.VerifiedClinician());
        var published = await app.Given.Lesson(author);
        var draft = await app.Given.Lesson(author, publish: false);

        // A lesson they can see: forbidden. A draft they cannot: not found.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync($"/api/v1/lessons/{published.Id}", Given.LessonRequest(title: "Taken over"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync($"/api/v1/lessons/{published.Id}/steps/1", Given.Slide("Changed"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/lessons/{published.Id}/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}", Given.LessonRequest(title: "Taken over"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", Given.Slide())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/lessons/{draft.Id}/steps/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/lessons/{draft.Id}/publish", null)).StatusCode);

        var titles = await app.WithDbAsync(db => db.Lessons.Where(l => l.Id == published.Id || l.Id == draft.Id).Select(l => l.Title).ToListAsync());
        Assert.DoesNotContain("Taken over", titles);
        Assert.Equal(3, await app.WithDbAsync(db => db.LessonSteps.CountAsync(s => s.LessonId == draft.Id)));
    }

    [Fact]
    public async Task A_draft_is_reordered_and_trimmed_but_a_published_lesson_keeps_its_structure_and_step_ids()
    {
        var author = await app.Given.VerifiedClinician();
        var client = app.As(author);
        var draft = await app.Given.Lesson(author, publish: false);
        var ids = draft.Steps.Select(s => s.Id).ToList();

        var reordered = await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/order", new { stepIds = new[] { ids[2], ids[0], ids[1] } })).ReadAsync<LessonView>();
        Assert.Equal([ids[2], ids[0], ids[1]], reordered.Steps.Select(s => s.Id));
        Assert.Equal([1, 2, 3], reordered.Steps.Select(s => s.Position));
        await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/order", new { stepIds = new[] { ids[0], ids[0], ids[1] } })).AssertInvalidAsync("stepIds");
        await (await client.DeleteAsync($"/api/v1/lessons/{draft.Id}/steps/1")).AssertStatusAsync(HttpStatusCode.NoContent);
        var inserted = await (await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", new { kind = "slide", text = "Opening", position = 1 }))
            .ReadAsync<LessonStepView>(HttpStatusCode.Created);
        Assert.Equal(1, inserted.Position);
        var view = await client.GetFromJsonAsync<LessonView>($"/api/v1/lessons/{draft.Id}");
        Assert.Equal(["slide", "slide", "question"], view!.Steps.Select(s => s.Kind));

        await client.PostAsync($"/api/v1/lessons/{draft.Id}/publish", null);
        var stepIds = view.Steps.Select(s => s.Id).ToList();
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", Given.Slide())).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await client.DeleteAsync($"/api/v1/lessons/{draft.Id}/steps/1")).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/order", new { stepIds = stepIds.AsEnumerable().Reverse() })).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/3", Given.Question(correctOption: 2))).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/3", Given.Question(options: ["Midline", "Left"]))).AssertStatusAsync(HttpStatusCode.Conflict);

        // Wording still changes, in place.
        var edited = await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/3",
            Given.Question(text: "Where does a normal trachea lie?", options: ["In the midline", "Left of the spine", "Right of the spine"]))).ReadAsync<LessonStepView>();
        Assert.Equal(("Where does a normal trachea lie?", "In the midline", stepIds[2]), (edited.Text, edited.Options[0], edited.Id));
        var after = await client.GetFromJsonAsync<LessonView>($"/api/v1/lessons/{draft.Id}");
        Assert.Equal(stepIds, after!.Steps.Select(s => s.Id));
        await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}", Given.LessonRequest(title: "Chest films, revised"))).ReadAsync<LessonView>();
    }

    [Fact]
    public async Task The_privacy_guard_warns_on_every_text_of_a_lesson_and_records_an_override()
    {
        var author = await app.Given.VerifiedClinician();
        var client = app.As(author);
        var named = await client.PostAsJsonAsync("/api/v1/lessons", Given.LessonRequest(summary: "What we learned from Mr. Alvarez in clinic."));
        Assert.Equal((HttpStatusCode)422, named.StatusCode);
        var draft = await DraftAsync(author);

        foreach (var step in new[]
                 {
                     Given.Slide("Seen by Mr. Alvarez last week."),
                     Given.Question(options: ["Midline", "Mr. Alvarez"]),
                     Given.Question(explanation: "As Mr. Alvarez showed."),
                 })
        {
            var refused = await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", step);
            Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.LessonSteps.CountAsync(s => s.LessonId == draft.Id)));

        var sent = await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", new { kind = "slide", text = "Seen by Mr. Alvarez last week.", overridePrivacy = true });
        await sent.AssertStatusAsync(HttpStatusCode.Created);
        var decision = await app.WithDbAsync(db => db.GuardDecisions.SingleAsync(d => d.MemberId == author.Id));
        Assert.Equal((GuardDecisionKind.Override, "lesson", draft.Id, "text"), (decision.Kind, decision.ContentKind, decision.ContentId, decision.Field));
    }

    [Fact]
    public async Task Slide_markdown_is_rendered_and_sanitized()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author, steps: [Given.Slide("# Title\n<script>alert(1)</script>\n[link](javascript:alert(2))\n\n| Sign | Meaning |\n|---|---|\n| Shift | Mass |")]);
        var step = await (await app.As(author).GetAsync($"/api/v1/lessons/{lesson.Id}/steps/1")).ReadAsync<LessonStepView>();
        Assert.Contains("<h1", step.Html);
        Assert.DoesNotContain("<script", step.Html);
        Assert.DoesNotContain("javascript:", step.Html);
        Assert.Contains("<table", step.Html);
    }

    [Fact]
    public async Task A_slide_image_with_a_face_needs_masking_or_consent_and_is_served_as_its_lesson_is()
    {
        var author = await app.Given.VerifiedClinician();
        var client = app.As(author);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestFiles.SharedTestData, "images", "face.jpg"))), "file", "face.jpg" },
        };
        var face = await (await client.PostAsync("/api/v1/media", form)).ReadAsync<MediaView>(HttpStatusCode.Created);
        var draft = await DraftAsync(author);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", Given.Slide(imageId: face.Id, altText: "Facial rash"))).AssertInvalidAsync("imageId");
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps", Given.Slide(imageId: face.Id))).AssertInvalidAsync("altText");
        var consented = await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps",
            new { kind = "slide", text = "A malar rash.", imageId = face.Id, altText = "Facial rash", consentAttested = true });
        await consented.AssertStatusAsync(HttpStatusCode.Created);
        // Used by this lesson: no other lesson, case or post can take it, and it can no longer be masked around the lesson.
        var other = await DraftAsync(author);
        await (await client.PostAsJsonAsync($"/api/v1/lessons/{other.Id}/steps", Given.Slide(imageId: face.Id, altText: "Facial rash"))).AssertInvalidAsync("imageId");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/v1/media/{face.Id}/mask", new { detectedFaces = true })).StatusCode);

        var learner = app.As(await app.Given.Member());
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/media/posts/{face.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/media/posts/{face.Id}")).StatusCode);
        await client.PostAsync($"/api/v1/lessons/{draft.Id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync($"/media/posts/{face.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/media/posts/{face.Id}")).StatusCode);
        var slide = await (await learner.GetAsync($"/api/v1/lessons/{draft.Id}/steps/1")).ReadAsync<LessonStepView>();
        Assert.Equal(("Facial rash", true), (slide.Image!.AltText, slide.ConsentAttested));

        // Taken off the slide, the image is its owner's alone again.
        await (await client.PutAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/1", Given.Slide("A malar rash, described."))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Null(await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == face.Id).Select(m => m.LessonId).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/media/posts/{face.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_author_sees_who_started_and_completed_and_each_questions_accuracy()
    {
        var author = await app.Given.VerifiedClinician();
        var lesson = await app.Given.Lesson(author);
        foreach (var option in new[] { 0, 0, 2 })
        {
            var learner = app.As(await app.Given.Member());
            await learner.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps/2/answer", new { option });
            if (option == 0)
            {
                await learner.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "to", to = 3 });
                await learner.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "next" });
            }
        }
        await app.As(await app.Given.Member()).PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "start" });

        var stats = await (await app.As(author).GetAsync($"/api/v1/lessons/{lesson.Id}/stats")).ReadAsync<LessonStatsView>();
        Assert.Equal((4, 2), (stats.Started, stats.Completed));
        var q = Assert.Single(stats.Questions);
        Assert.Equal((2, 3, 2, 66.7), (q.Position, q.Answers, q.Correct, q.Accuracy));
        Assert.Equal([2, 0, 1], q.OptionCounts);
    }
}
