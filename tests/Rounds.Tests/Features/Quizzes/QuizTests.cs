using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Quizzes;
using Rounds.Web.Features.Timelines;

namespace Rounds.Tests.Features.Quizzes;

public class QuizTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<(TestMember Owner, TestMember Editor, SeriesView Series)> SeriesWithTwoEditorsAsync(string audience = "members")
    {
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner, audience);
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        return (owner, editor, series);
    }

    [Fact]
    public async Task A_learner_commits_an_answer_before_anything_is_revealed_and_the_distribution_waits_for_an_answer_or_the_close()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var item = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var learner = await app.Given.Member();
        var other = await app.Given.Patient();

        var before = await app.As(learner).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{item.Id}");
        Assert.Equal("open", before!.State);
        Assert.True(before.CanAnswer);
        Assert.Null(before.CorrectOption);
        Assert.Null(before.Explanation);
        Assert.Null(before.References);
        Assert.Null(before.Distribution);
        // Nothing in the raw JSON either: the answer is not merely hidden by the page.
        var raw = await app.As(learner).GetStringAsync($"/api/v1/quizzes/items/{item.Id}");
        Assert.DoesNotContain("Pencil-in-cup", raw);

        var answered = await (await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 1 })).ReadAsync<ItemView>();
        Assert.True(answered.Correct);
        Assert.Equal(1, answered.CorrectOption);
        Assert.Contains("Pencil-in-cup", answered.Explanation);
        Assert.Equal(["doi", "pmid", "url"], answered.References!.Select(r => r.Kind));
        Assert.Equal("https://doi.org/10.1136/annrheumdis-2020-218456", answered.References![0].Url);
        Assert.Equal(1, answered.Distribution!.Answers);
        Assert.Equal([0, 1, 0], answered.Distribution.Counts);

        var otherView = await app.As(other).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{item.Id}");
        Assert.Null(otherView!.Distribution);
        Assert.Null(otherView.CorrectOption);

        // The learning record has the answer, written with it.
        var entry = await app.WithDbAsync(db => db.LearningEntries.SingleAsync(e => e.MemberId == learner.Id));
        Assert.Equal((LearningActivity.QuizAnswered, "quiz-item", item.Id, "rheumatology"), (entry.Activity, entry.SourceKind, entry.SourceId, entry.SpecialtyCode));

        // After the close everybody who can see the item sees it all, and nobody can answer any more.
        app.Clock.Advance(TimeSpan.FromDays(series.OpenDays));
        var closed = await app.As(other).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{item.Id}");
        Assert.Equal("closed", closed!.State);
        Assert.Equal([0, 1, 0], closed.Distribution!.Counts);
        Assert.Equal(1, closed.CorrectOption);
        var late = await app.As(other).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 0 });
        await late.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Contains("closed", (await late.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizAnswers.CountAsync(a => a.ItemId == item.Id)));
    }

    [Fact]
    public async Task One_answer_per_learner_a_replay_is_a_conflict_and_editors_cannot_answer()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var item = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var learner = await app.Given.VerifiedClinician();

        await (await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 0 })).AssertStatusAsync(HttpStatusCode.OK);
        var replay = await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 1 });
        await replay.AssertStatusAsync(HttpStatusCode.Conflict);
        var stored = await app.WithDbAsync(db => db.QuizAnswers.Where(a => a.ItemId == item.Id).ToListAsync());
        Assert.Equal(0, Assert.Single(stored).Option);
        Assert.Equal(1, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id)));

        await (await app.As(editor).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 1 })).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 9 })).AssertStatusAsync(HttpStatusCode.Conflict);
        var fresh = await app.Given.Member();
        await (await app.As(fresh).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 9 })).AssertInvalidAsync("option");
        await (await app.Anonymous().PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 1 })).AssertStatusAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizAnswers.CountAsync(a => a.ItemId == item.Id)));
    }

    [Fact]
    public async Task Answers_sent_at_the_same_moment_keep_one_and_the_rest_are_conflicts()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var item = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var learner = await app.Given.Member();
        await (await app.As(learner).GetAsync($"/api/v1/quizzes/items/{item.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = i % 3 })));
        var statuses = responses.Select(r => (int)r.StatusCode).Order().ToList();
        Assert.True(statuses.SequenceEqual([200, 409, 409, 409, 409]), $"Statuses: {string.Join(", ", statuses)}");
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizAnswers.CountAsync(a => a.ItemId == item.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id)));
    }

    [Fact]
    public async Task An_unreleased_item_and_its_image_exist_only_for_the_editors()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync("public");
        var draft = await app.Given.QuizItem(owner, series.Id);
        var scheduled = await app.Given.ApprovedQuizItem(owner, editor, series.Id);
        var learner = await app.Given.Member();
        foreach (var item in new[] { draft, scheduled })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/api/v1/quizzes/items/{item.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/quizzes/items/{item.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync(item.Images[0].Url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/quizzes/items/{item.Id}")).StatusCode);
            await (await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 1 })).AssertStatusAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await app.As(editor).GetAsync($"/api/v1/quizzes/items/{item.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.As(editor).GetAsync(item.Images[0].Url)).StatusCode);
        }
        var editorView = await app.As(editor).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{scheduled.Id}");
        Assert.Equal("scheduled", editorView!.State);
        Assert.Equal(1, editorView.CorrectOption);
        Assert.Equal(0, await app.WithDbAsync(db => db.QuizAnswers.CountAsync(a => a.ItemId == scheduled.Id)));
        var page = await app.As(learner).GetFromJsonAsync<SeriesView>($"/api/v1/quizzes/series/{series.Id}");
        Assert.Empty(page!.Workbench);
        Assert.DoesNotContain(page.Past, p => p.Id == scheduled.Id);
    }

    [Fact]
    public async Task Review_needs_another_editor_and_approval_fixes_the_next_free_schedule_slot()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var outsider = await app.Given.VerifiedClinician();
        var item = await app.Given.QuizItem(owner, series.Id);
        await (await app.As(editor).PostAsync($"/api/v1/quizzes/items/{item.Id}/approve", null)).AssertStatusAsync(HttpStatusCode.Conflict); // not submitted
        await (await app.As(editor).PostAsync($"/api/v1/quizzes/items/{item.Id}/submit", null)).AssertStatusAsync(HttpStatusCode.Forbidden); // not the author
        await (await app.As(owner).PostAsync($"/api/v1/quizzes/items/{item.Id}/submit", null)).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(owner).PostAsync($"/api/v1/quizzes/items/{item.Id}/submit", null)).AssertStatusAsync(HttpStatusCode.Conflict);

        var self = await app.As(owner).PostAsync($"/api/v1/quizzes/items/{item.Id}/approve", null);
        await self.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Contains("own item", (await self.JsonAsync()).GetProperty("detail").GetString());
        await (await app.As(outsider).PostAsync($"/api/v1/quizzes/items/{item.Id}/approve", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(QuizItemStatus.Submitted, await app.WithDbAsync(db => db.QuizItems.Where(i => i.Id == item.Id).Select(i => i.Status).SingleAsync()));

        var approved = await (await app.As(editor).PostAsync($"/api/v1/quizzes/items/{item.Id}/approve", null)).ReadAsync<ItemView>();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var slot = approved.ReleaseAt!.Value;
        Assert.Equal(DayOfWeek.Monday, slot.DayOfWeek);
        Assert.Equal(new TimeSpan(9, 0, 0), slot.TimeOfDay);
        Assert.InRange(slot - now, TimeSpan.Zero, TimeSpan.FromDays(7));
        Assert.Equal(slot.AddDays(7), approved.ClosesAt);
        Assert.Equal(editor.Handle, approved.Reviewer!.Handle);
        await (await app.As(editor).PostAsync($"/api/v1/quizzes/items/{item.Id}/approve", null)).AssertStatusAsync(HttpStatusCode.Conflict);

        // A second item takes the following week's slot, not the same one.
        var second = await app.Given.ApprovedQuizItem(editor, owner, series.Id);
        Assert.Equal(slot.AddDays(7), second.ReleaseAt);
    }

    [Fact]
    public async Task Release_at_the_slot_posts_into_followers_home_timelines_and_notifies_them()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync("clinicians");
        var follower = await app.Given.VerifiedClinician();
        var patient = await app.Given.Patient();
        await (await app.As(follower).PostAsync($"/api/v1/quizzes/series/{series.Id}/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
        // A patient cannot see a clinicians' series, so cannot follow it either.
        await (await app.As(patient).PostAsync($"/api/v1/quizzes/series/{series.Id}/follow", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        var item = await app.Given.ApprovedQuizItem(owner, editor, series.Id);
        var release = item.ReleaseAt!.Value;

        app.Clock.Advance(release - app.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1));
        await app.SettleAsync();
        await (await app.As(follower).GetAsync($"/api/v1/quizzes/items/{item.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Null(await app.WithDbAsync(db => db.QuizItems.Where(i => i.Id == item.Id).Select(i => i.AnnouncedAt).SingleAsync()));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SettleAsync();
        await app.SettleAsync();
        var view = await (await app.As(follower).GetAsync($"/api/v1/quizzes/items/{item.Id}")).ReadAsync<ItemView>();
        Assert.Equal("open", view.State);
        var home = await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home?limit=40");
        var post = Assert.Single(home!.Items, p => p.ContextUrl == $"/quizzes/items/{item.Id}");
        Assert.Equal("clinicians", post.Audience);
        var notifications = await app.WithDbAsync(db => db.Notifications.Where(n => n.MemberId == follower.Id && n.Kind == NotificationKind.QuizReleased).ToListAsync());
        Assert.Equal($"/quizzes/items/{item.Id}", Assert.Single(notifications).Link);
        // Running the job again announces nothing twice.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SettleAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.ContextKind == "quiz" && p.ContextId == item.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.MemberId == follower.Id && n.Kind == NotificationKind.QuizReleased)));

        await (await app.As(follower).DeleteAsync($"/api/v1/quizzes/series/{series.Id}/follow")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(await app.WithDbAsync(db => db.QuizFollows.AnyAsync(f => f.MemberId == follower.Id)));
    }

    [Fact]
    public async Task Missed_items_come_back_on_a_leitner_schedule_without_touching_the_answer_or_the_distribution()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var item = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var learner = await app.Given.Member();
        await (await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{item.Id}/answers", new { option = 0 })).AssertStatusAsync(HttpStatusCode.OK);
        var review = $"/api/v1/quizzes/review/{item.Id}";

        var queue = await app.As(learner).GetFromJsonAsync<ReviewQueue>("/api/v1/quizzes/review");
        Assert.Empty(queue!.Due);
        Assert.Equal(1, Assert.Single(queue.Upcoming).Box);
        await (await app.As(learner).PostAsJsonAsync(review, new { option = 1 })).AssertStatusAsync(HttpStatusCode.Conflict); // not due yet

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Single((await app.As(learner).GetFromJsonAsync<ReviewQueue>("/api/v1/quizzes/review"))!.Due);
        var up = await (await app.As(learner).PostAsJsonAsync(review, new { option = 1 })).ReadAsync<QuizReviews.Result>();
        Assert.True(up.Correct);
        Assert.Equal(2, up.Box);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddDays(3), up.DueAt);

        app.Clock.Advance(TimeSpan.FromDays(3));
        var down = await (await app.As(learner).PostAsJsonAsync(review, new { option = 2 })).ReadAsync<QuizReviews.Result>();
        Assert.False(down.Correct);
        Assert.Equal(1, down.Box);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddDays(1), down.DueAt);

        foreach (var days in new[] { 1, 3, 7, 14 })
        {
            app.Clock.Advance(TimeSpan.FromDays(days));
            var r = await (await app.As(learner).PostAsJsonAsync(review, new { option = 1 })).ReadAsync<QuizReviews.Result>();
            Assert.False(r.Done);
        }
        app.Clock.Advance(TimeSpan.FromDays(30));
        var done = await (await app.As(learner).PostAsJsonAsync(review, new { option = 1 })).ReadAsync<QuizReviews.Result>();
        Assert.True(done.Done);
        var empty = await app.As(learner).GetFromJsonAsync<ReviewQueue>("/api/v1/quizzes/review");
        Assert.Empty(empty!.Due);
        Assert.Empty(empty.Upcoming);
        await (await app.As(learner).PostAsJsonAsync(review, new { option = 1 })).AssertStatusAsync(HttpStatusCode.NotFound);

        var answer = await app.WithDbAsync(db => db.QuizAnswers.SingleAsync(a => a.ItemId == item.Id));
        Assert.Equal((0, false), (answer.Option, answer.Correct));
        var view = await app.As(learner).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{item.Id}");
        Assert.Equal([1, 0, 0], view!.Distribution!.Counts);
        var history = await app.As(learner).GetFromJsonAsync<List<HistoryEntry>>("/api/v1/quizzes/history");
        var entry = Assert.Single(history!);
        Assert.False(entry.Correct);
        Assert.True(entry.Reviewed);
    }

    [Fact]
    public async Task A_correct_answer_never_enters_review_and_history_lists_right_and_wrong()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var first = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var second = await app.Given.ReleasedQuizItem(editor, owner, series.Id);
        var learner = await app.Given.Member();
        await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{first.Id}/answers", new { option = 1 });
        await app.As(learner).PostAsJsonAsync($"/api/v1/quizzes/items/{second.Id}/answers", new { option = 2 });
        var history = await app.As(learner).GetFromJsonAsync<List<HistoryEntry>>("/api/v1/quizzes/history");
        Assert.Equal([(second.Id, false), (first.Id, true)], history!.Select(h => (h.ItemId, h.Correct)));
        Assert.Equal([second.Id], await app.WithDbAsync(db => db.QuizReviews.Where(r => r.MemberId == learner.Id).Select(r => r.ItemId).ToListAsync()));
        var page = await app.As(learner).GetStringAsync("/quizzes/history");
        Assert.Contains("data-testid=\"history\"", page);
    }

    [Fact]
    public async Task Analytics_show_reach_answer_rate_accuracy_and_the_share_of_the_most_active_tenth_to_educators_only()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var one = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var two = await app.Given.ReleasedQuizItem(editor, owner, series.Id);
        var learners = new List<TestMember>();
        for (var i = 0; i < 4; i++) learners.Add(await app.Given.Member());
        // Everyone opens item one; learner 0 answers both (right), learner 1 answers one (wrong), learner 2 only looks.
        foreach (var l in learners.Take(3)) await app.As(l).GetAsync($"/api/v1/quizzes/items/{one.Id}");
        await app.As(learners[0]).PostAsJsonAsync($"/api/v1/quizzes/items/{one.Id}/answers", new { option = 1 });
        await app.As(learners[0]).PostAsJsonAsync($"/api/v1/quizzes/items/{two.Id}/answers", new { option = 1 });
        await app.As(learners[1]).PostAsJsonAsync($"/api/v1/quizzes/items/{one.Id}/answers", new { option = 0 });
        await app.As(editor).GetAsync($"/api/v1/quizzes/items/{one.Id}"); // editors are not learners reached

        var figures = await (await app.As(owner).GetAsync($"/api/v1/quizzes/series/{series.Id}/analytics")).ReadAsync<SeriesFigures>();
        var first = figures.Items.Single(i => i.ItemId == one.Id);
        Assert.Equal((3, 2, 0.6667, 0.5), (first.Reached, first.Answers, first.AnswerRate, first.Accuracy));
        Assert.Equal([1, 1, 0], first.Distribution.Select(o => o.Answers));
        Assert.True(first.Distribution[1].Correct);
        var second = figures.Items.Single(i => i.ItemId == two.Id);
        Assert.Equal((1, 1, 1.0, 1.0), (second.Reached, second.Answers, second.AnswerRate, second.Accuracy));
        Assert.Equal((3, 2, 3), (figures.Reached, figures.Answerers, figures.Answers));
        Assert.Equal(1, figures.TopDecileLearners);
        Assert.Equal(0.6667, figures.TopDecileShare);

        var moderator = await app.Given.Moderator();
        await (await app.As(moderator).GetAsync($"/api/v1/quizzes/series/{series.Id}/analytics")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(learners[3]).GetAsync($"/api/v1/quizzes/series/{series.Id}/analytics")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync($"/api/v1/quizzes/series/{series.Id}/analytics")).AssertStatusAsync(HttpStatusCode.Unauthorized);
        var page = await app.As(owner).GetStringAsync($"/quizzes/{series.Id}/analytics");
        Assert.Contains("<svg", page);
        Assert.Contains("Accuracy", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(learners[3]).GetAsync($"/quizzes/{series.Id}/analytics")).StatusCode);
    }

    [Fact]
    public async Task Bad_series_are_refused_and_nothing_is_written()
    {
        var clinician = await app.Given.VerifiedClinician();
        var patient = await app.Given.Patient();
        var unverified = await app.Given.UnverifiedClinician();
        var before = await app.WithDbAsync(db => db.QuizSeries.CountAsync());
        object Series(string timeZone = "Europe/London", string releaseTime = "09:00", string releaseDay = "Monday", int openDays = 7, string audience = "members",
            string title = "Dermatology Image of the Week", string? hashtag = "DermIOW") => new
        {
            title, description = "Weekly images.", specialtyCode = "dermatology", hashtag, audience, releaseDay, releaseTime, timeZone, openDays,
        };

        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(timeZone: "Mars/Olympus_Mons"))).AssertInvalidAsync("timeZone");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(timeZone: ""))).AssertInvalidAsync("timeZone");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(releaseTime: "25:99"))).AssertInvalidAsync("releaseTime");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(releaseDay: "Someday"))).AssertInvalidAsync("releaseDay");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(openDays: 0))).AssertInvalidAsync("openDays");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(audience: "direct"))).AssertInvalidAsync("audience");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(audience: "group"))).AssertInvalidAsync("groupId");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(title: new string('x', 5000)))).AssertInvalidAsync("title");
        await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series(hashtag: "not a tag!"))).AssertInvalidAsync("hashtag");
        await (await app.As(patient).PostAsJsonAsync("/api/v1/quizzes/series", Series())).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(unverified).PostAsJsonAsync("/api/v1/quizzes/series", Series())).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().PostAsJsonAsync("/api/v1/quizzes/series", Series())).AssertStatusAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await app.WithDbAsync(db => db.QuizSeries.CountAsync()));

        var created = await (await app.As(clinician).PostAsJsonAsync("/api/v1/quizzes/series", Series())).ReadAsync<SeriesView>(HttpStatusCode.Created);
        Assert.Equal(("Europe/London", "09:00", "Monday", "dermiow"), (created.TimeZone, created.ReleaseTime, created.ReleaseDay, created.Hashtag));
        // Only the owner adds editors, and only educators.
        await (await app.As(patient).PostAsJsonAsync($"/api/v1/quizzes/series/{created.Id}/editors", new { handle = patient.Handle })).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(clinician).PostAsJsonAsync($"/api/v1/quizzes/series/{created.Id}/editors", new { handle = patient.Handle })).AssertInvalidAsync("handle");
        await (await app.As(clinician).PostAsJsonAsync($"/api/v1/quizzes/series/{created.Id}/editors", new { handle = "nobody_here" })).AssertInvalidAsync("handle");
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizEditors.CountAsync(e => e.SeriesId == created.Id)));
    }

    [Fact]
    public async Task Bad_items_are_refused_with_clear_errors_and_nothing_is_written()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var images = new List<long>();
        for (var i = 0; i < 5; i++) images.Add((await app.Given.Image(owner, "Synthetic radiograph")).Id);
        var noAlt = await app.Given.Image(owner, altText: null);
        var learner = await app.Given.VerifiedClinician();
        var url = $"/api/v1/quizzes/series/{series.Id}/items";
        async Task<int> Items() => await app.WithDbAsync(db => db.QuizItems.CountAsync(i => i.SeriesId == series.Id));
        var before = await Items();

        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]], options: ["Only one"], correctOption: 0))).AssertInvalidAsync("options");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]], options: ["A", "B", "C", "D", "E", "F", "G"]))).AssertInvalidAsync("options");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]], correctOption: null))).AssertInvalidAsync("correctOption");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]], correctOption: 3))).AssertInvalidAsync("correctOption");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]], correctOption: -1))).AssertInvalidAsync("correctOption");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([.. images]))).AssertInvalidAsync("images");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([]))).AssertInvalidAsync("images");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([noAlt.Id]))).AssertInvalidAsync("images[0].altText");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]], releaseAt: app.Clock.GetUtcNow().UtcDateTime.AddHours(-1)))).AssertInvalidAsync("releaseAt");
        var badRef = new Dictionary<string, object?>
        {
            ["stem"] = "Which finding is shown?", ["options"] = new[] { "A", "B" }, ["correctOption"] = 0, ["explanation"] = "Because.",
            ["references"] = new[] { "10.1000/ok", "see the textbook" }, ["images"] = new[] { new { id = images[0] } },
        };
        await (await app.As(owner).PostAsJsonAsync(url, badRef)).AssertInvalidAsync("references[1]");
        // Someone else's image, and a non-editor, are refused too.
        var learnersImage = await app.Given.Image(learner, "Synthetic radiograph");
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([learnersImage.Id]))).AssertInvalidAsync("images");
        await (await app.As(learner).PostAsJsonAsync(url, Given.QuizItemRequest([learnersImage.Id]))).AssertStatusAsync(HttpStatusCode.Forbidden);
        var patient = await app.Given.Patient();
        await (await app.As(patient).PostAsJsonAsync(url, Given.QuizItemRequest([images[0]]))).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(owner).PostAsJsonAsync("/api/v1/quizzes/series/999999/items", Given.QuizItemRequest([images[0]]))).AssertStatusAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await Items());
        Assert.Equal(0, await app.WithDbAsync(db => db.PostMedia.CountAsync(m => m.OwnerId == owner.Id && m.QuizItemId != null)));
        Assert.Equal(0, await app.WithDbAsync(db => db.PostMedia.CountAsync(m => m.Id == noAlt.Id && m.AltText != null)));
    }

    [Fact]
    public async Task The_privacy_guard_warns_on_the_stem_options_explanation_and_alt_text_and_an_override_is_recorded()
    {
        var (owner, _, series) = await SeriesWithTwoEditorsAsync();
        var image = await app.Given.Image(owner, "Synthetic radiograph");
        var request = new Dictionary<string, object?>
        {
            ["stem"] = "Mr. Alvarez presented with this rash. What is it?", ["options"] = new[] { "Psoriasis", "Eczema" }, ["correctOption"] = 0,
            ["explanation"] = "Silvery scale on extensor surfaces.", ["images"] = new[] { new { id = image.Id } },
        };
        var refused = await app.As(owner).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/items", request);
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains((await refused.JsonAsync()).GetProperty("findings").EnumerateArray(), f => f.GetProperty("field").GetString() == "stem");
        Assert.Equal(0, await app.WithDbAsync(db => db.QuizItems.CountAsync(i => i.SeriesId == series.Id)));

        request["overridePrivacy"] = true;
        var created = await (await app.As(owner).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/items", request)).ReadAsync<ItemView>(HttpStatusCode.Created);
        Assert.True(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.ContentKind == "quiz-item" && d.ContentId == created.Id)));
    }

    [Fact]
    public async Task A_face_in_an_item_image_needs_masking_or_attested_consent()
    {
        var (owner, _, series) = await SeriesWithTwoEditorsAsync();
        var bytes = File.ReadAllBytes(Path.Combine(TestFiles.SharedTestData, "images", "face.jpg"));
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "photo.jpg" }, { new StringContent("Malar rash"), "altText" } };
        var face = await (await app.As(owner).PostAsync("/api/v1/media", form)).ReadAsync<Rounds.Web.Features.Posts.MediaView>(HttpStatusCode.Created);
        var url = $"/api/v1/quizzes/series/{series.Id}/items";
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([face.Id]))).AssertInvalidAsync("images[0]");
        Assert.Equal(0, await app.WithDbAsync(db => db.QuizItems.CountAsync(i => i.SeriesId == series.Id)));
        await (await app.As(owner).PostAsJsonAsync($"/api/v1/media/{face.Id}/mask", new { detectedFaces = true })).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(owner).PostAsJsonAsync(url, Given.QuizItemRequest([face.Id]))).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Pages_show_the_series_the_answer_form_then_the_reveal()
    {
        var (owner, editor, series) = await SeriesWithTwoEditorsAsync();
        var item = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        var learner = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(learner);

        var list = await browser.GetPageAsync("/quizzes");
        Assert.Contains(series.Title, list);
        var seriesPage = await browser.GetPageAsync($"/quizzes/{series.Id}");
        Assert.Contains($"/quizzes/items/{item.Id}", seriesPage);
        var itemPage = await browser.GetPageAsync($"/quizzes/items/{item.Id}");
        Assert.Contains("data-testid=\"answer-form\"", itemPage);
        Assert.DoesNotContain("Pencil-in-cup", itemPage);
        Assert.DoesNotContain("data-testid=\"distribution\"", itemPage);

        var answered = await browser.SubmitAsync($"/quizzes/items/{item.Id}", "answer", new Dictionary<string, string> { ["option"] = "1" });
        var html = await answered.Content.ReadAsStringAsync();
        if (answered.StatusCode == HttpStatusCode.Redirect) html = await browser.GetPageAsync(answered.Headers.Location!.ToString());
        Assert.Contains("Pencil-in-cup", html);
        Assert.Contains("data-testid=\"distribution\"", html);
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizAnswers.CountAsync(a => a.ItemId == item.Id && a.MemberId == learner.Id)));

        foreach (var path in new[] { "/quizzes/review", "/quizzes/history" })
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Editors_create_a_series_and_items_through_the_pages()
    {
        var owner = await app.Given.VerifiedClinician();
        using var browser = await app.SignedInBrowserAsync(owner);
        var created = await browser.SubmitAsync("/quizzes/new", "new-series", new Dictionary<string, string>
        {
            ["title"] = "Nephrology Image of the Week", ["description"] = "Biopsies and imaging.", ["specialtyCode"] = "nephrology", ["hashtag"] = "NephIOW",
            ["audience"] = "members", ["releaseDay"] = "Friday", ["releaseTime"] = "08:30", ["timeZone"] = "America/New_York", ["openDays"] = "5",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var series = await app.WithDbAsync(db => db.QuizSeries.SingleAsync(s => s.OwnerId == owner.Id));
        Assert.Equal((DayOfWeek.Friday, 510, "America/New_York", 5), (series.ReleaseDay, series.ReleaseMinute, series.TimeZone, series.OpenDays));

        var bad = await browser.SubmitAsync("/quizzes/new", "new-series", new Dictionary<string, string>
        {
            ["title"] = "Another", ["description"] = "x", ["specialtyCode"] = "nephrology", ["audience"] = "members", ["releaseDay"] = "Friday",
            ["releaseTime"] = "08:30", ["timeZone"] = "Not/AZone", ["openDays"] = "5",
        });
        Assert.Contains("IANA time zone", await bad.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizSeries.CountAsync(s => s.OwnerId == owner.Id)));
    }
}

public class QuizAuthoringPageTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task An_editor_uploads_an_image_writes_an_item_submits_it_and_another_editor_approves_it_on_the_pages()
    {
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner);
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        using var browser = await app.SignedInBrowserAsync(owner);
        var path = $"/quizzes/{series.Id}/items/new";
        var jpeg = File.ReadAllBytes(Path.Combine(TestFiles.SharedTestData, "images", "no-face.jpg"));

        var uploaded = await browser.SubmitAsync(path, "new-item", new Dictionary<string, string> { ["action"] = "upload", ["fileAlt"] = "Synthetic hand radiograph" },
            file: ("file", "hand.jpg", jpeg));
        var html = await uploaded.Content.ReadAsStringAsync();
        var mediaId = await app.WithDbAsync(db => db.PostMedia.Where(m => m.OwnerId == owner.Id).Select(m => m.Id).SingleAsync());
        Assert.Contains($"name=\"imageId\" value=\"{mediaId}\"", html);

        var fields = new Dictionary<string, string>
        {
            ["action"] = "save", ["imageId"] = mediaId.ToString(), ["imageAlt"] = "Synthetic hand radiograph",
            ["stem"] = "Which diagnosis fits the erosions shown?", ["option0"] = "Gout", ["option1"] = "Psoriatic arthritis", ["option2"] = "",
            ["option3"] = "Rheumatoid arthritis", ["correctOption"] = "3", ["explanation"] = "Marginal erosions at the MCP joints.",
            ["references"] = "10.1136/annrheumdis-2020-218456\nnot a reference",
        };
        var refused = await browser.SubmitAsync(path, "new-item", fields);
        Assert.Contains("is not a DOI", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.QuizItems.CountAsync(i => i.SeriesId == series.Id)));

        fields["references"] = "10.1136/annrheumdis-2020-218456";
        var saved = await browser.SubmitAsync(path, "new-item", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await app.WithDbAsync(db => db.QuizItems.Include(i => i.Options).SingleAsync(i => i.SeriesId == series.Id));
        Assert.Equal((2, 3), (item.CorrectOption, item.Options.Count)); // the empty box is skipped; "Rheumatoid arthritis" is the third option
        Assert.Equal(item.Id, await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == mediaId).Select(m => m.QuizItemId).SingleAsync()));

        await browser.SubmitAsync($"/quizzes/items/{item.Id}", "submit", new Dictionary<string, string>());
        using var reviewer = await app.SignedInBrowserAsync(editor);
        var approved = await reviewer.SubmitAsync($"/quizzes/items/{item.Id}", "approve", new Dictionary<string, string>());
        Assert.Contains("Approved: it releases", await approved.Content.ReadAsStringAsync());
        Assert.Equal(QuizItemStatus.Approved, await app.WithDbAsync(db => db.QuizItems.Where(i => i.Id == item.Id).Select(i => i.Status).SingleAsync()));
    }
}
