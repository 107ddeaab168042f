using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Features.Learning;

/// <summary>
/// The one call every learning format makes when a member has learned something (quiz item answered, case answered,
/// lesson completed, journal club attended, session summarised). It adds the entry to the caller's unit of work
/// without saving, so the activity and its entry are written together or not at all.
/// </summary>
public static class LearningRecord
{
    public sealed record Activity(LearningActivity Type, string SourceKind, long SourceId, string Title, string? SpecialtyCode = null, string? Url = null,
        int? Minutes = null, string? Reflection = null);

    /// <summary>The entry for the activity, or null when the member already has one for the same source (hooks may replay).</summary>
    public static async Task<LearningEntry?> RecordAsync(RoundsDb db, long memberId, Activity a, DateTime at, CancellationToken ct)
    {
        if (a.SourceId != 0 && await db.LearningEntries.AnyAsync(e => e.MemberId == memberId && e.Activity == a.Type && e.SourceKind == a.SourceKind
                && e.SourceId == a.SourceId, ct))
            return null;
        if (db.LearningEntries.Local.Any(e => e.MemberId == memberId && e.Activity == a.Type && e.SourceKind == a.SourceKind && e.SourceId == a.SourceId
                && a.SourceId != 0))
            return null;
        var rule = await RuleInForceAsync(db, a.Type, at, ct);
        var entry = new LearningEntry
        {
            MemberId = memberId, Activity = a.Type, SourceKind = a.SourceKind, SourceId = a.SourceId, OccurredAt = at,
            Title = a.Title.Length > LearningEntry.MaxTitle ? a.Title[..LearningEntry.MaxTitle] : a.Title,
            SpecialtyCode = a.SpecialtyCode, Url = a.Url, Reflection = string.IsNullOrWhiteSpace(a.Reflection) ? null : a.Reflection.Trim(),
        };
        if (entry.Reflection is not null) entry.ReflectedAt = at;
        Apply(entry, rule, a.Minutes);
        db.LearningEntries.Add(entry);
        return entry;
    }

    /// <summary>The newest version of the activity's rule that was in force at <paramref name="at"/>.</summary>
    public static Task<CreditRule?> RuleInForceAsync(RoundsDb db, LearningActivity activity, DateTime at, CancellationToken ct) =>
        db.CreditRules.Where(r => r.Activity == activity && r.EffectiveFrom <= at).OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>Credit and minutes by the rule; a rule wanting a reflection holds the credit back until one is written.</summary>
    public static void Apply(LearningEntry entry, CreditRule? rule, int? minutes = null)
    {
        entry.CreditRuleId = rule?.Id;
        entry.RuleName = rule?.Name;
        entry.Minutes = minutes ?? rule?.Minutes ?? 0;
        entry.AwaitingReflection = rule is { RequiresReflection: true } && entry.Reflection is null;
        entry.Credit = rule is null || entry.AwaitingReflection ? 0m : rule.CreditPerActivity;
    }
}
