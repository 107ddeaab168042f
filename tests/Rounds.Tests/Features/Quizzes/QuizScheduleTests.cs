using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Quizzes;

namespace Rounds.Tests.Features.Quizzes;

/// <summary>Weekly slots are local wall-clock times: 09:00 in London is 09:00 UTC in winter and 08:00 UTC in summer.</summary>
public class QuizScheduleTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    /// <summary>The last Sunday of March next year: the day the UK (and the EU) move to summer time.</summary>
    private DateTime SpringForward()
    {
        var year = app.Clock.GetUtcNow().Year + 1;
        var d = new DateTime(year, 3, 31, 0, 0, 0, DateTimeKind.Utc);
        while (d.DayOfWeek != DayOfWeek.Sunday) d = d.AddDays(-1);
        return d;
    }

    [Fact]
    public void Slots_follow_the_zones_rules_including_skipped_and_repeated_hours()
    {
        var sunday = SpringForward();
        var london = new QuizSeries { ReleaseDay = DayOfWeek.Monday, ReleaseMinute = 9 * 60, TimeZone = "Europe/London" };
        Assert.Equal(sunday.AddDays(-6).AddHours(9), QuizSchedule.NextSlot(london, sunday.AddDays(-10)));
        Assert.Equal(sunday.AddDays(1).AddHours(8), QuizSchedule.NextSlot(london, sunday.AddDays(-6).AddHours(9)));
        // 01:30 on the spring-forward Sunday does not exist in London: the slot moves past the gap (02:00 BST = 01:00 UTC).
        var night = new QuizSeries { ReleaseDay = DayOfWeek.Sunday, ReleaseMinute = 90, TimeZone = "Europe/London" };
        Assert.Equal(sunday.AddHours(1), QuizSchedule.NextSlot(night, sunday.AddDays(-1)));
        Assert.Null(QuizSchedule.FindZone("Mars/Olympus_Mons"));
        Assert.Null(QuizSchedule.FindZone(""));
        Assert.NotNull(QuizSchedule.FindZone("America/New_York"));
    }

    [Fact]
    public async Task Items_release_at_nine_local_on_both_sides_of_the_daylight_saving_change_and_close_after_the_open_period()
    {
        var sunday = SpringForward();
        app.Clock.Advance(sunday.AddDays(-10) - app.Clock.GetUtcNow().UtcDateTime);
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var learner = await app.Given.Member();
        var series = await app.Given.QuizSeries(owner, timeZone: "Europe/London", releaseDay: "Monday", releaseTime: "09:00", openDays: 7);
        await app.Given.AddQuizEditor(owner, series.Id, editor);

        var winter = await app.Given.ApprovedQuizItem(editor, owner, series.Id);
        var summer = await app.Given.ApprovedQuizItem(editor, owner, series.Id);
        Assert.Equal(sunday.AddDays(-6).AddHours(9), winter.ReleaseAt);   // 09:00 GMT
        Assert.Equal(sunday.AddDays(1).AddHours(8), summer.ReleaseAt);    // 09:00 BST
        // Open 7 days means until the next Monday 09:00 local: across the change that is 08:00 UTC, 167 hours later.
        Assert.Equal(summer.ReleaseAt, winter.ClosesAt);
        Assert.Equal(summer.ReleaseAt!.Value.AddDays(7), summer.ClosesAt);

        app.Clock.Advance(summer.ReleaseAt!.Value.AddMinutes(-1) - app.Clock.GetUtcNow().UtcDateTime);
        await app.SettleAsync();
        Assert.Equal("open", (await app.As(learner).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{winter.Id}"))!.State);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(learner).GetAsync($"/api/v1/quizzes/items/{summer.Id}")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SettleAsync();
        Assert.Equal("closed", (await app.As(learner).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{winter.Id}"))!.State);
        Assert.Equal("open", (await app.As(learner).GetFromJsonAsync<ItemView>($"/api/v1/quizzes/items/{summer.Id}"))!.State);
        var page = await app.As(learner).GetFromJsonAsync<SeriesView>($"/api/v1/quizzes/series/{series.Id}");
        Assert.Equal(summer.Id, page!.Current!.Id);
        Assert.Equal([winter.Id], page.Past.Select(p => p.Id));
    }
}
