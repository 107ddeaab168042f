using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Notifications;

namespace Rounds.Tests.Features.Learning;

/// <summary>Goals: progress between start and deadline, status by the clock, and partners who see only the goal shared with them.</summary>
public class GoalTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private string Day(int offset) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(offset).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Progress_counts_matching_credit_between_start_and_deadline_and_the_status_follows_the_clock()
    {
        var learner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, specialty: "rheumatology", at: now.AddDays(-30)); // before the start
        var goal = await app.Given.Goal(learner, target: 0.5m, deadline: Day(15), activity: "CaseAnswered", specialty: "rheumatology", startsOn: Day(-5));
        Assert.Equal((0m, 0, "behind"), (goal.EarnedCredits, goal.Entries, goal.Status));
        Assert.Equal((Day(-5), Day(15)), (goal.StartsOn, goal.Deadline));

        await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, specialty: "rheumatology");
        await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, specialty: "nephrology"); // another specialty
        await app.Given.LearningEntry(learner, LearningActivity.JournalClubAttended, specialty: "rheumatology"); // another activity
        var view = await app.As(learner).GetFromJsonAsync<GoalView>($"/api/v1/learning/goals/{goal.Id}");
        Assert.Equal((0.25m, 1, "on-track", 0.5), (view!.EarnedCredits, view.Entries, view.Status, view.Progress));

        app.Clock.Advance(TimeSpan.FromDays(17)); // past the deadline, half done
        view = await app.As(learner).GetFromJsonAsync<GoalView>($"/api/v1/learning/goals/{goal.Id}");
        Assert.Equal("missed", view!.Status);
        await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, specialty: "rheumatology"); // after the deadline: does not count
        view = await app.As(learner).GetFromJsonAsync<GoalView>($"/api/v1/learning/goals/{goal.Id}");
        Assert.Equal((0.25m, "missed"), (view!.EarnedCredits, view.Status));

        var second = await app.Given.Goal(learner, target: 0.25m, deadline: Day(5), activity: "CaseAnswered", startsOn: Day(0));
        Assert.Equal(("achieved", 1.0), (second.Status, second.Progress));
        var mine = await app.As(learner).GetFromJsonAsync<List<GoalView>>("/api/v1/learning/goals");
        Assert.Equal([goal.Id, second.Id], mine!.Select(g => g.Id));
    }

    [Fact]
    public async Task Bad_goals_are_refused_and_nothing_is_written()
    {
        var learner = await app.Given.VerifiedClinician();
        var client = app.As(learner);
        async Task Refused(object body, string field) => await (await client.PostAsJsonAsync("/api/v1/learning/goals", body)).AssertInvalidAsync(field);

        await Refused(new { title = "Goal", targetCredits = 5, deadline = Day(-1) }, "deadline");
        await Refused(new { title = "Goal", targetCredits = 5, deadline = "next week" }, "deadline");
        await Refused(new { title = "Goal", targetCredits = 5 }, "deadline");
        await Refused(new { title = "Goal", targetCredits = 0, deadline = Day(5) }, "targetCredits");
        await Refused(new { title = "Goal", targetCredits = -3, deadline = Day(5) }, "targetCredits");
        await Refused(new { title = "Goal", targetCredits = 1000000, deadline = Day(5) }, "targetCredits");
        await Refused(new { title = "", targetCredits = 5, deadline = Day(5) }, "title");
        await Refused(new { title = new string('g', 201), targetCredits = 5, deadline = Day(5) }, "title");
        await Refused(new { title = "Goal", targetCredits = 5, deadline = Day(5), activity = "Napping" }, "activity");
        await Refused(new { title = "Goal", targetCredits = 5, deadline = Day(5), specialtyCode = "astrology" }, "specialtyCode");
        await Refused(new { title = "Goal", targetCredits = 5, deadline = Day(5), startsOn = Day(6) }, "startsOn");
        Assert.Equal(0, await app.WithDbAsync(db => db.LearningGoals.CountAsync(g => g.MemberId == learner.Id)));

        var goal = await app.Given.Goal(learner);
        await (await client.PutAsJsonAsync($"/api/v1/learning/goals/{goal.Id}", new { title = "Goal", targetCredits = 5, deadline = Day(-2) })).AssertInvalidAsync("deadline");
        var updated = await (await client.PutAsJsonAsync($"/api/v1/learning/goals/{goal.Id}", new { title = "Bigger goal", targetCredits = 5, deadline = Day(40) }))
            .ReadAsync<GoalView>();
        Assert.Equal(("Bigger goal", 5m, Day(40)), (updated.Title, updated.TargetCredits, updated.Deadline));
    }

    [Fact]
    public async Task A_partner_is_told_and_sees_the_goals_progress_and_a_stranger_gets_404()
    {
        var owner = await app.Given.VerifiedClinician();
        var partner = await app.Given.Patient();
        var stranger = await app.Given.Moderator();
        var other = await app.Given.Goal(owner, title: "A goal kept private");
        var goal = await app.Given.Goal(owner, target: 1m, activity: "CaseAnswered", title: "Four cases a month", partners: partner);
        Assert.Equal([partner.Handle], goal.Partners.Select(p => p.Handle));
        var entry = await app.Given.LearningEntry(owner, LearningActivity.CaseAnswered);
        await app.SettleAsync();

        var notifications = await app.As(partner).GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=20");
        Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => string.Equals(n.GetProperty("kind").GetString(), nameof(NotificationKind.GoalShared), StringComparison.OrdinalIgnoreCase)
            && n.GetProperty("link").GetString() == $"/learning#goal-{goal.Id}");

        var seen = await app.As(partner).GetFromJsonAsync<GoalView>($"/api/v1/learning/goals/{goal.Id}");
        Assert.Equal((0.25m, "Four cases a month", false, owner.Handle), (seen!.EarnedCredits, seen.Title, seen.IsMine, seen.Owner.Handle));
        var shared = await app.As(partner).GetFromJsonAsync<List<GoalView>>("/api/v1/learning/goals/shared");
        Assert.Equal([goal.Id], shared!.Select(g => g.Id)); // that goal only, not the owner's other one
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(partner).GetAsync($"/api/v1/learning/goals/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(partner).GetAsync($"/api/v1/learning/entries/{entry.Id}")).StatusCode);
        using (var page = await app.SignedInBrowserAsync(partner))
        {
            var html = await page.GetPageAsync("/learning");
            Assert.Contains("Four cases a month", html);
            Assert.DoesNotContain("A goal kept private", html);
        }

        // A partner may look, not change; everyone else does not find it.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(partner).PutAsJsonAsync($"/api/v1/learning/goals/{goal.Id}",
            new { title = "Changed", targetCredits = 9, deadline = Day(9) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(partner).DeleteAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(stranger).GetAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(stranger).DeleteAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
        Assert.Empty((await app.As(stranger).GetFromJsonAsync<List<GoalView>>("/api/v1/learning/goals/shared"))!);

        // Sharing again, with oneself, with nobody, or with someone blocked (either way) is refused.
        var client = app.As(owner);
        await (await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = partner.Handle })).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = owner.Handle })).AssertInvalidAsync("handle");
        await (await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = "nobody_here_at_all" })).AssertInvalidAsync("handle");
        await (await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = "" })).AssertInvalidAsync("handle");
        var blocker = await app.Given.Member();
        await app.Given.Block(blocker, owner);
        await (await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = blocker.Handle })).AssertInvalidAsync("handle");
        Assert.Equal(1, await app.WithDbAsync(db => db.LearningGoalPartners.CountAsync(p => p.GoalId == goal.Id)));
        await (await app.As(stranger).PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = stranger.Handle }))
            .AssertStatusAsync(HttpStatusCode.NotFound);

        // A block after sharing hides the goal from the partner; removing a partner does too.
        var second = await app.Given.VerifiedClinician();
        await (await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = second.Handle })).AssertStatusAsync(HttpStatusCode.OK);
        await app.Given.Block(owner, partner);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(partner).GetAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
        Assert.Empty((await app.As(partner).GetFromJsonAsync<List<GoalView>>("/api/v1/learning/goals/shared"))!);
        Assert.Equal(HttpStatusCode.OK, (await app.As(second).GetAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
        await (await client.DeleteAsync($"/api/v1/learning/goals/{goal.Id}/partners/{second.Handle}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(second).GetAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);

        await (await client.DeleteAsync($"/api/v1/learning/goals/{goal.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/learning/goals/{goal.Id}")).StatusCode);
    }

    [Fact]
    public async Task Goals_are_set_and_shared_from_the_learning_page()
    {
        var owner = await app.Given.VerifiedClinician();
        var partner = await app.Given.VerifiedClinician();
        using var browser = await app.SignedInBrowserAsync(owner);
        var past = await browser.SubmitAsync("/learning", "goal", new Dictionary<string, string>
        {
            ["title"] = "Ten credits", ["targetCredits"] = "10", ["deadline"] = Day(-3),
        });
        Assert.Contains("The deadline has already passed.", await past.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.LearningGoals.CountAsync(g => g.MemberId == owner.Id)));

        var set = await browser.SubmitAsync("/learning", "goal", new Dictionary<string, string>
        {
            ["title"] = "Ten credits", ["targetCredits"] = "10", ["deadline"] = Day(60), ["activity"] = "", ["specialtyCode"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var id = await app.WithDbAsync(db => db.LearningGoals.Where(g => g.MemberId == owner.Id).Select(g => g.Id).SingleAsync());
        var shared = await browser.SubmitAsync("/learning", $"partner-{id}", new Dictionary<string, string> { ["handle"] = "@" + partner.Handle });
        Assert.Equal(HttpStatusCode.Redirect, shared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(partner).GetAsync($"/api/v1/learning/goals/{id}")).StatusCode);

        var stopped = await browser.SubmitAsync("/learning", $"unshare-{id}-{partner.Id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(partner).GetAsync($"/api/v1/learning/goals/{id}")).StatusCode);
    }
}
