using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Admin;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Learning;

public sealed record CreditRuleView(long Id, string Activity, string Name, decimal CreditPerActivity, int Minutes, bool RequiresReflection,
    DateTime EffectiveFrom, long? SetById)
{
    public static CreditRuleView From(CreditRule r) =>
        new(r.Id, r.Activity.ToString(), r.Name, r.CreditPerActivity, r.Minutes, r.RequiresReflection, r.EffectiveFrom, r.SetById);
}

/// <summary>The rules in force (one per activity type) and every earlier version, newest first.</summary>
public sealed record CreditRulesView(IReadOnlyList<CreditRuleView> InForce, IReadOnlyList<CreditRuleView> History);

public static class CreditRules
{
    /// <summary>The rules a fresh install starts with; the first version of each is in force from long before any activity.</summary>
    public static readonly IReadOnlyList<CreditRule> Defaults =
    [
        new() { Activity = LearningActivity.CaseAnswered, Name = "Case reviewed with the question answered", CreditPerActivity = 0.25m, Minutes = 10 },
        new() { Activity = LearningActivity.QuizAnswered, Name = "Image quiz item answered", CreditPerActivity = 0.05m, Minutes = 2 },
        new() { Activity = LearningActivity.LessonCompleted, Name = "Micro-lesson completed", CreditPerActivity = 0.5m, Minutes = 15 },
        new() { Activity = LearningActivity.ArticleReflection, Name = "Article read with a written reflection", CreditPerActivity = 0.5m, Minutes = 30, RequiresReflection = true },
        new() { Activity = LearningActivity.JournalClubAttended, Name = "Journal club attended", CreditPerActivity = 1.0m, Minutes = 60 },
        new() { Activity = LearningActivity.SessionSummarised, Name = "Conference session summarised", CreditPerActivity = 0.25m, Minutes = 15 },
        new() { Activity = LearningActivity.EventAttended, Name = "Live chat, conference or expert forum attended", CreditPerActivity = 0.25m, Minutes = 30 },
    ];

    public static readonly DateTime DefaultsEffectiveFrom = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Label(LearningActivity a) => a switch
    {
        LearningActivity.QuizAnswered => "Quiz item answered",
        LearningActivity.CaseAnswered => "Case answered",
        LearningActivity.LessonCompleted => "Lesson completed",
        LearningActivity.ArticleReflection => "Article read, with reflection",
        LearningActivity.JournalClubAttended => "Journal club attended",
        LearningActivity.SessionSummarised => "Session summarised",
        LearningActivity.EventAttended => "Event attended",
        _ => a.ToString(),
    };

    /// <summary>Adds the default rule of every activity type that has none yet (a fresh install, or a type added later).</summary>
    public static async Task<int> EnsureDefaultsAsync(RoundsDb db, CancellationToken ct)
    {
        var present = await db.CreditRules.Select(r => r.Activity).Distinct().ToListAsync(ct);
        var missing = Defaults.Where(d => !present.Contains(d.Activity)).ToList();
        foreach (var d in missing)
            db.CreditRules.Add(new CreditRule
            {
                Activity = d.Activity, Name = d.Name, CreditPerActivity = d.CreditPerActivity, Minutes = d.Minutes, RequiresReflection = d.RequiresReflection,
                EffectiveFrom = DefaultsEffectiveFrom,
            });
        if (missing.Count > 0) await db.SaveChangesAsync(ct);
        return missing.Count;
    }

    public static async Task<CreditRulesView> ViewAsync(RoundsDb db, CancellationToken ct)
    {
        var all = await db.CreditRules.AsNoTracking().ToListAsync(ct);
        var ordered = all.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).ToList();
        var inForce = Enum.GetValues<LearningActivity>().Select(a => ordered.FirstOrDefault(r => r.Activity == a)).OfType<CreditRule>().ToList();
        return new(inForce.Select(CreditRuleView.From).ToList(), ordered.Where(r => !inForce.Contains(r)).Select(CreditRuleView.From).ToList());
    }

    public static async Task<Ok<CreditRulesView>> ListHandleAsync(RoundsDb db, CancellationToken ct) => TypedResults.Ok(await ViewAsync(db, ct));
}

/// <summary>
/// An admin changes how an activity type earns credit. The change is a new version in force from now: entries already made
/// keep the credit and the rule name they were given. Every change is in the audit log.
/// </summary>
public static class SetCreditRule
{
    public const decimal MaxCredit = 100m;
    public const int MaxMinutes = 1440;

    public sealed record Request(string? Activity, string? Name, decimal? CreditPerActivity, int? Minutes, bool RequiresReflection = false);

    public static async Task<Outcome<CreditRule>> RunAsync(long adminId, Request r, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        LearningActivity activity = default;
        if (string.IsNullOrWhiteSpace(r.Activity) || !Enum.TryParse(r.Activity.Trim(), ignoreCase: true, out activity) || !Enum.IsDefined(activity)
            || int.TryParse(r.Activity.Trim(), out _))
            errors.Add("activity", $"Choose an activity type: {string.Join(", ", Enum.GetNames<LearningActivity>())}.");
        var name = r.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add("name", "Name the rule (it is printed on transcripts and certificates).");
        else if (name.Length > 120) errors.Add("name", "At most 120 characters.");
        if (r.CreditPerActivity is not { } credit) errors.Add("creditPerActivity", "Give the credit per activity (0 for none).");
        else if (credit < 0) errors.Add("creditPerActivity", "Credit cannot be negative.");
        else if (credit > MaxCredit) errors.Add("creditPerActivity", $"At most {MaxCredit} credits per activity.");
        else if (decimal.Round(credit, 2) != credit) errors.Add("creditPerActivity", "Use at most two decimals (e.g. 0.25).");
        if (r.Minutes is not { } minutes) errors.Add("minutes", "Give the minutes an activity counts for.");
        else if (minutes is < 0 or > MaxMinutes) errors.Add("minutes", $"Between 0 and {MaxMinutes} minutes.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var current = await LearningRecord.RuleInForceAsync(db, activity, now, ct);
        if (current is not null && current.Name == name && current.CreditPerActivity == r.CreditPerActivity && current.Minutes == r.Minutes
            && current.RequiresReflection == r.RequiresReflection)
            return current; // nothing changed: no new version
        var rule = new CreditRule
        {
            Activity = activity, Name = name, CreditPerActivity = r.CreditPerActivity!.Value, Minutes = r.Minutes!.Value,
            RequiresReflection = r.RequiresReflection, EffectiveFrom = now, SetById = adminId,
        };
        db.CreditRules.Add(rule);
        AuditLog.Record(db, now, AuditActions.CreditRuleChanged, adminId, null,
            $"{activity}: {Describe(current)} → {Describe(rule)}");
        await db.SaveChangesAsync(ct);
        return rule;
    }

    private static string Describe(CreditRule? r) => r is null ? "no rule"
        : $"“{r.Name}” {r.CreditPerActivity.ToString("0.##", CultureInfo.InvariantCulture)} credit, {r.Minutes} min{(r.RequiresReflection ? ", reflection required" : "")}";

    public static async Task<Results<Ok<CreditRuleView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, TimeProvider clock,
        CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, request, db, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(CreditRuleView.From(outcome.Value!)) : outcome.Problem();
    }
}

/// <summary>Adds the default credit rules at start-up when an activity type has none (a fresh install).</summary>
public sealed class DefaultCreditRules(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        await CreditRules.EnsureDefaultsAsync(scope.ServiceProvider.GetRequiredService<RoundsDb>(), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
