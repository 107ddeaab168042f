using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Learning;

/// <summary>The kinds of learning the record knows. Later formats call <see cref="LearningRecord.RecordAsync"/> with theirs.</summary>
public enum LearningActivity { QuizAnswered, CaseAnswered, LessonCompleted, ArticleReflection, JournalClubAttended, SessionSummarised, EventAttended }

/// <summary>
/// One documented learning activity. Credit and minutes are computed when the entry is made (or when its reflection
/// arrives) by the rule in force then; the rule's name and version stay on the entry, so changing a rule never
/// rewrites history.
/// </summary>
public sealed class LearningEntry
{
    public const int MaxTitle = 300;
    public const int MaxReflection = 4000;

    public long Id { get; set; }
    public long MemberId { get; set; }
    public LearningActivity Activity { get; set; }
    /// <summary>What the activity was about: "quiz-item", "case", "lesson", "article", "event" … with its id (0 for an article).</summary>
    public string SourceKind { get; set; } = "";
    public long SourceId { get; set; }
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    /// <summary>A code of the specialty taxonomy (Profiles/specialties.json), so goals can count credit per specialty.</summary>
    public string? SpecialtyCode { get; set; }
    public DateTime OccurredAt { get; set; }
    public int Minutes { get; set; }
    public decimal Credit { get; set; }
    /// <summary>The rule that computed <see cref="Credit"/> (null when no rule applied: no credit).</summary>
    public long? CreditRuleId { get; set; }
    public string? RuleName { get; set; }
    /// <summary>True while the rule wants a reflection the learner has not written: the entry counts no credit yet.</summary>
    public bool AwaitingReflection { get; set; }
    public string? Reflection { get; set; }
    public DateTime? ReflectedAt { get; set; }
}

/// <summary>
/// How an activity type earns credit, set by an admin. Rules are versions: a change adds a new row and the newest row
/// of an activity is in force; entries point at the version that computed them.
/// </summary>
public sealed class CreditRule
{
    public long Id { get; set; }
    public LearningActivity Activity { get; set; }
    public string Name { get; set; } = "";
    public decimal CreditPerActivity { get; set; }
    public int Minutes { get; set; }
    public bool RequiresReflection { get; set; }
    public DateTime EffectiveFrom { get; set; }
    public long? SetById { get; set; }
}

public sealed class LearningEntryConfiguration : IEntityTypeConfiguration<LearningEntry>
{
    public void Configure(EntityTypeBuilder<LearningEntry> b)
    {
        b.Property(e => e.Activity).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.SourceKind).HasMaxLength(20);
        b.Property(e => e.Title).HasMaxLength(LearningEntry.MaxTitle);
        b.Property(e => e.Url).HasMaxLength(500);
        b.Property(e => e.SpecialtyCode).HasMaxLength(100);
        b.Property(e => e.RuleName).HasMaxLength(120);
        b.Property(e => e.Reflection).HasMaxLength(LearningEntry.MaxReflection);
        b.Property(e => e.Credit).HasPrecision(9, 2);
        // One entry per activity and source: a replayed hook never counts twice (articles carry SourceId 0 and are keyed by URL instead).
        b.HasIndex(e => new { e.MemberId, e.Activity, e.SourceKind, e.SourceId }).IsUnique().HasFilter("\"SourceId\" <> 0");
        b.HasIndex(e => new { e.MemberId, e.Url }).IsUnique().HasFilter("\"Activity\" = 'ArticleReflection'").HasDatabaseName("IX_LearningEntries_MemberId_Article");
        b.HasIndex(e => new { e.MemberId, e.OccurredAt });
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CreditRule>().WithMany().HasForeignKey(e => e.CreditRuleId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CreditRuleConfiguration : IEntityTypeConfiguration<CreditRule>
{
    public void Configure(EntityTypeBuilder<CreditRule> b)
    {
        b.Property(r => r.Activity).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Name).HasMaxLength(120);
        b.Property(r => r.CreditPerActivity).HasPrecision(9, 2);
        b.HasIndex(r => new { r.Activity, r.EffectiveFrom });
    }
}
