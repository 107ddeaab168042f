using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Learning;

/// <summary>
/// A learner's target: so much credit (optionally of one activity type or specialty) between a start day and a deadline day.
/// Seen by its owner and by the accountability partners it is shared with, nobody else.
/// </summary>
public sealed class LearningGoal
{
    public const int MaxTitle = 200;
    public const int MaxPartners = 20;
    public const decimal MaxTarget = 1000m;

    public long Id { get; set; }
    public long MemberId { get; set; }
    public string Title { get; set; } = "";
    public decimal TargetCredits { get; set; }
    public string? SpecialtyCode { get; set; }
    public LearningActivity? Activity { get; set; }
    /// <summary>The first instant that counts (midnight UTC of the start day).</summary>
    public DateTime StartsAt { get; set; }
    /// <summary>The end of the deadline day (exclusive: midnight UTC after it).</summary>
    public DateTime EndsAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<LearningGoalPartner> Partners { get; set; } = [];
}

/// <summary>A member the goal's owner shared it with.</summary>
public sealed class LearningGoalPartner
{
    public long GoalId { get; set; }
    public long PartnerId { get; set; }
    public Member Partner { get; set; } = null!;
    public DateTime AddedAt { get; set; }
}

public sealed class LearningGoalConfiguration : IEntityTypeConfiguration<LearningGoal>
{
    public void Configure(EntityTypeBuilder<LearningGoal> b)
    {
        b.Property(g => g.Title).HasMaxLength(LearningGoal.MaxTitle);
        b.Property(g => g.TargetCredits).HasPrecision(9, 2);
        b.Property(g => g.SpecialtyCode).HasMaxLength(100);
        b.Property(g => g.Activity).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(g => new { g.MemberId, g.EndsAt });
        b.HasOne<Member>().WithMany().HasForeignKey(g => g.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.Partners).WithOne().HasForeignKey(p => p.GoalId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LearningGoalPartnerConfiguration : IEntityTypeConfiguration<LearningGoalPartner>
{
    public void Configure(EntityTypeBuilder<LearningGoalPartner> b)
    {
        b.HasKey(p => new { p.GoalId, p.PartnerId });
        b.HasIndex(p => p.PartnerId);
        b.HasOne(p => p.Partner).WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
