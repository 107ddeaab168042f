using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Learning;

/// <summary>Edges of the learning record: addresses that grow when escaped, xAPI ids of reflected entries, a goal's kept start.</summary>
public class LearningEdgeTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task An_article_address_longer_than_500_characters_once_escaped_is_refused_and_nothing_is_written()
    {
        var learner = await app.Given.VerifiedClinician();
        // 200 characters as typed, over 1,000 once each letter is percent-escaped.
        var url = "https://journal.example.org/articles/" + new string('ü', 163);
        Assert.True(url.Length <= 200);
        Assert.True(new Uri(url).AbsoluteUri.Length > 500);

        var response = await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", new
        {
            url, title = "A review with a long address", reflection = "Useful summary of the evidence for early treatment.",
        });
        await response.AssertInvalidAsync("url");
        Assert.Contains("500", (await response.JsonAsync()).GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.False(await app.WithDbAsync(db => db.LearningEntries.AnyAsync(e => e.MemberId == learner.Id)));
        Assert.False(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.MemberId == learner.Id)));

        // An address that stays within 500 characters once escaped is accepted.
        var shorter = "https://journal.example.org/articles/" + new string('ü', 40);
        await (await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", new
        {
            url = shorter, title = "A review with a shorter address", reflection = "Useful summary of the evidence for early treatment.",
        })).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(new Uri(shorter).AbsoluteUri, await app.WithDbAsync(db => db.LearningEntries.Where(e => e.MemberId == learner.Id).Select(e => e.Url).SingleAsync()));
    }

    private async Task<string> StatementIdAsync(TestMember learner, string title)
    {
        using var doc = JsonDocument.Parse(await app.As(learner).GetStringAsync("/api/v1/learning/transcript.xapi.json"));
        return doc.RootElement.EnumerateArray()
            .Single(s => s.GetProperty("object").GetProperty("definition").GetProperty("name").GetProperty("en-US").GetString() == title)
            .GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task An_entrys_xapi_statement_id_is_stable_and_changes_once_when_its_reflection_is_written()
    {
        var learner = await app.Given.VerifiedClinician();
        var entry = await app.Given.LearningEntry(learner, LearningActivity.ArticleReflection, "A guideline read on the ward", "rheumatology");
        var other = await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, "Fever and a new murmur", "cardiology");

        var before = await StatementIdAsync(learner, "A guideline read on the ward");
        Assert.Equal(before, await StatementIdAsync(learner, "A guideline read on the ward"));
        var otherBefore = await StatementIdAsync(learner, "Fever and a new murmur");

        await (await app.As(learner).PutAsJsonAsync($"/api/v1/learning/entries/{entry.Id}/reflection",
            new { reflection = "Start treatment early and review at three months." })).AssertStatusAsync(HttpStatusCode.OK);

        var after = await StatementIdAsync(learner, "A guideline read on the ward");
        Assert.NotEqual(before, after);
        Assert.True(Guid.TryParse(after, out _));
        Assert.Equal(after, await StatementIdAsync(learner, "A guideline read on the ward")); // stable once reflected
        Assert.Equal(otherBefore, await StatementIdAsync(learner, "Fever and a new murmur")); // the untouched entry keeps its id
    }

    [Fact]
    public async Task Moving_a_goals_deadline_before_its_kept_start_is_refused_and_the_goal_is_unchanged()
    {
        var owner = await app.Given.VerifiedClinician();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var goal = await app.Given.Goal(owner, target: 5m, deadline: today.AddDays(60).ToString("yyyy-MM-dd"), startsOn: today.AddDays(20).ToString("yyyy-MM-dd"));
        Assert.Equal(today.AddDays(20).ToString("yyyy-MM-dd"), goal.StartsOn);

        var response = await app.As(owner).PutAsJsonAsync($"/api/v1/learning/goals/{goal.Id}", new
        {
            title = goal.Title, targetCredits = 5m, deadline = today.AddDays(10).ToString("yyyy-MM-dd"),
        });
        await response.AssertInvalidAsync("deadline");
        Assert.Contains("starts after its deadline", (await response.JsonAsync()).GetProperty("errors").GetProperty("deadline")[0].GetString());
        var stored = await app.WithDbAsync(db => db.LearningGoals.AsNoTracking().SingleAsync(g => g.Id == goal.Id));
        Assert.Equal(today.AddDays(61).ToDateTime(TimeOnly.MinValue), stored.EndsAt);
        Assert.Equal(today.AddDays(20).ToDateTime(TimeOnly.MinValue), stored.StartsAt);

        // A deadline on or after the kept start is fine.
        var moved = await (await app.As(owner).PutAsJsonAsync($"/api/v1/learning/goals/{goal.Id}", new
        {
            title = goal.Title, targetCredits = 5m, deadline = today.AddDays(20).ToString("yyyy-MM-dd"),
        })).ReadAsync<GoalView>();
        Assert.Equal(today.AddDays(20).ToString("yyyy-MM-dd"), moved.Deadline);
        Assert.Equal(today.AddDays(20).ToString("yyyy-MM-dd"), moved.StartsOn);
    }
}
