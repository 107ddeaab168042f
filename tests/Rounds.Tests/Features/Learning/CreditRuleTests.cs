using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Learning;

/// <summary>Rules are versions set by admins: a change never rewrites an entry already made. (Each test changes a different activity's rule.)</summary>
public class CreditRuleTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static object Rule(string activity, string name, decimal credit, int minutes, bool requiresReflection = false) =>
        new { activity, name, creditPerActivity = credit, minutes, requiresReflection };

    [Fact]
    public async Task Changing_a_rule_keeps_old_entries_and_their_rule_name_and_credits_new_ones_by_the_new_version()
    {
        var admin = await app.Given.Admin();
        var learner = await app.Given.VerifiedClinician();
        var before = await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered);
        Assert.Equal((0.25m, 10, "Case reviewed with the question answered"), (before.Credit, before.Minutes, before.RuleName));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var changed = await (await app.As(admin).PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("CaseAnswered", "Case discussed in depth", 0.5m, 20)))
            .ReadAsync<CreditRuleView>();
        Assert.Equal("Case discussed in depth", changed.Name);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered);

        var page = await app.As(learner).GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries?activity=CaseAnswered");
        var old = Assert.Single(page!.Items, e => e.Id == before.Id);
        Assert.Equal((0.25m, 10, "Case reviewed with the question answered"), (old.Credit, old.Minutes, old.RuleName));
        var fresh = Assert.Single(page.Items, e => e.Id == after.Id);
        Assert.Equal((0.5m, 20, "Case discussed in depth", changed.Id), (fresh.Credit, fresh.Minutes, fresh.RuleName, fresh.CreditRuleId));
        Assert.Equal(0.75m, page.Totals.Credit);

        var rules = await app.As(admin).GetFromJsonAsync<CreditRulesView>("/api/v1/admin/credit-rules");
        Assert.Equal(changed.Id, rules!.InForce.Single(r => r.Activity == "CaseAnswered").Id);
        Assert.Contains(rules.History, r => r.Activity == "CaseAnswered" && r.Name == "Case reviewed with the question answered");
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.CreditRuleChanged && a.ActorId == admin.Id
            && a.Details!.Contains("Case discussed in depth"))));
    }

    [Fact]
    public async Task A_rule_that_wants_a_reflection_holds_the_credit_until_it_is_written_and_then_gives_that_versions_credit()
    {
        var admin = await app.Given.Admin();
        var learner = await app.Given.VerifiedClinician();
        await (await app.As(admin).PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("SessionSummarised", "Session summarised with reflection", 0.3m, 15, true)))
            .AssertStatusAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var entry = await app.Given.LearningEntry(learner, LearningActivity.SessionSummarised, "Imaging in early arthritis");
        Assert.True(entry.AwaitingReflection);
        Assert.Equal(0m, entry.Credit);
        var totals = (await app.As(learner).GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries"))!.Totals;
        Assert.Equal((1, 0m, 1), (totals.Entries, totals.Credit, totals.AwaitingReflection));

        // The rule changes before the reflection is written: the entry still earns what its own version gives.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await app.As(admin).PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("SessionSummarised", "Session summarised", 2m, 45)))
            .AssertStatusAsync(HttpStatusCode.OK);

        var url = $"/api/v1/learning/entries/{entry.Id}/reflection";
        await (await app.As(learner).PutAsJsonAsync(url, new { reflection = "   " })).AssertInvalidAsync("reflection");
        var stranger = await app.Given.VerifiedClinician();
        await (await app.As(stranger).PutAsJsonAsync(url, new { reflection = "Ultrasound first for suspected synovitis." })).AssertStatusAsync(HttpStatusCode.NotFound);
        var admins = await app.As(admin).PutAsJsonAsync(url, new { reflection = "Ultrasound first for suspected synovitis." });
        await admins.AssertStatusAsync(HttpStatusCode.NotFound);

        var reflected = await (await app.As(learner).PutAsJsonAsync(url, new { reflection = "Ultrasound first when synovitis is doubtful on examination." }))
            .ReadAsync<LearningEntryView>();
        Assert.False(reflected.AwaitingReflection);
        Assert.Equal((0.3m, 15, "Session summarised with reflection"), (reflected.Credit, reflected.Minutes, reflected.RuleName));
        totals = (await app.As(learner).GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries"))!.Totals;
        Assert.Equal((1, 0.3m, 0), (totals.Entries, totals.Credit, totals.AwaitingReflection));
    }

    [Fact]
    public async Task Only_admins_set_rules_and_bad_values_are_refused_with_nothing_written()
    {
        var admin = await app.Given.Admin();
        var moderator = await app.Given.Moderator();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(moderator).GetAsync("/api/v1/admin/credit-rules")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(moderator).PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "Lesson", 1m, 10))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/admin/credit-rules")).StatusCode);

        var versions = await app.WithDbAsync(db => db.CreditRules.CountAsync());
        var client = app.As(admin);
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "Lesson", -0.5m, 10))).AssertInvalidAsync("creditPerActivity");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "Lesson", 100000m, 10))).AssertInvalidAsync("creditPerActivity");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "Lesson", 0.123m, 10))).AssertInvalidAsync("creditPerActivity");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "Lesson", 1m, 100000))).AssertInvalidAsync("minutes");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "Lesson", 1m, -1))).AssertInvalidAsync("minutes");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("PodcastListened", "Podcast", 1m, 10))).AssertInvalidAsync("activity");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("7", "Lesson", 1m, 10))).AssertInvalidAsync("activity");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", "", 1m, 10))).AssertInvalidAsync("name");
        await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", new string('x', 121), 1m, 10))).AssertInvalidAsync("name");
        var overflow = await client.PutAsync("/api/v1/admin/credit-rules",
            new StringContent("""{"activity":"LessonCompleted","name":"Lesson","creditPerActivity":1e400,"minutes":10}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, overflow.StatusCode);
        Assert.Equal(versions, await app.WithDbAsync(db => db.CreditRules.CountAsync()));

        // Saving the rule in force unchanged adds no version.
        var current = (await client.GetFromJsonAsync<CreditRulesView>("/api/v1/admin/credit-rules"))!.InForce.Single(r => r.Activity == "LessonCompleted");
        var same = await (await client.PutAsJsonAsync("/api/v1/admin/credit-rules", Rule("LessonCompleted", current.Name, current.CreditPerActivity, current.Minutes)))
            .ReadAsync<CreditRuleView>();
        Assert.Equal(current.Id, same.Id);
        Assert.Equal(versions, await app.WithDbAsync(db => db.CreditRules.CountAsync()));
    }

    [Fact]
    public async Task The_admin_page_lists_the_rules_and_saves_a_new_version()
    {
        var admin = await app.Given.Admin();
        using var browser = await app.SignedInBrowserAsync(admin);
        var page = await browser.GetPageAsync("/admin/credit-rules");
        Assert.Contains("Journal club attended", page);
        Assert.Contains("1.00", page);

        var saved = await browser.SubmitAsync("/admin/credit-rules", "rule-JournalClubAttended",
            new Dictionary<string, string> { ["name"] = "Journal club attended live", ["creditPerActivity"] = "1.5", ["minutes"] = "75" });
        var html = await saved.Content.ReadAsStringAsync();
        Assert.Contains("is in force", html);
        var rule = await app.WithDbAsync(db => LearningRecord.RuleInForceAsync(db, LearningActivity.JournalClubAttended, DateTime.UtcNow.AddYears(1), default));
        Assert.Equal((1.5m, 75, admin.Id), (rule!.CreditPerActivity, rule.Minutes, rule.SetById));

        var bad = await browser.SubmitAsync("/admin/credit-rules", "rule-JournalClubAttended",
            new Dictionary<string, string> { ["name"] = "Journal club", ["creditPerActivity"] = "-2", ["minutes"] = "75" });
        Assert.Contains("Credit cannot be negative.", await bad.Content.ReadAsStringAsync());

        var member = await app.Given.Member();
        using var other = await app.SignedInBrowserAsync(member);
        var denied = await other.GetAsync("/admin/credit-rules");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
