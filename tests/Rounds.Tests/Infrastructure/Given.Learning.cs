using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    private static long _source = 1_000;

    /// <summary>A learning entry made through the same hook the formats call, at the app's clock (or <paramref name="at"/>).</summary>
    public async Task<LearningEntry> LearningEntry(TestMember member, LearningActivity activity = LearningActivity.CaseAnswered, string title = "Fever and a new murmur",
        string? specialty = null, DateTime? at = null, string? sourceKind = null, long? sourceId = null)
    {
        LearningEntry? entry = null;
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<RoundsDb>();
            var kind = sourceKind ?? activity switch
            {
                LearningActivity.CaseAnswered => "case",
                LearningActivity.QuizAnswered => "quiz-item",
                LearningActivity.LessonCompleted => "lesson",
                LearningActivity.ArticleReflection => "article",
                LearningActivity.JournalClubAttended => "journal-club",
                _ => "session",
            };
            entry = await LearningRecord.RecordAsync(db, member.Id, new(activity, kind, sourceId ?? Interlocked.Increment(ref _source), title, specialty),
                at ?? app.Clock.GetUtcNow().UtcDateTime, default);
            await db.SaveChangesAsync();
        });
        return entry!;
    }

    /// <summary>A goal set through the API (a deadline a month away unless given).</summary>
    public async Task<GoalView> Goal(TestMember owner, decimal target = 1m, string? deadline = null, string? activity = null, string? specialty = null,
        string? startsOn = null, string title = "Monthly credit target", params TestMember[] partners)
    {
        using var client = app.As(owner);
        var response = await client.PostAsJsonAsync("/api/v1/learning/goals", new
        {
            title, targetCredits = target, deadline = deadline ?? DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd"),
            startsOn, activity, specialtyCode = specialty,
        });
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"Setting the goal failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var goal = (await response.Content.ReadFromJsonAsync<GoalView>())!;
        foreach (var p in partners)
        {
            var shared = await client.PostAsJsonAsync($"/api/v1/learning/goals/{goal.Id}/partners", new { handle = p.Handle });
            if (!shared.IsSuccessStatusCode)
                throw new InvalidOperationException($"Sharing the goal failed with {(int)shared.StatusCode}: {await shared.Content.ReadAsStringAsync()}");
            goal = (await shared.Content.ReadFromJsonAsync<GoalView>())!;
        }
        return goal;
    }
}
