using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rounds.Web.Features.Privacy;

public enum GuardDecisionKind { Override, Dismissal }

/// <summary>
/// An author's decision against the guard: sent text with findings anyway (override) or called a finding not patient
/// information (dismissal). Moderators review these.
/// </summary>
public sealed class GuardDecision
{
    public const int MaxText = 200;

    public long Id { get; set; }
    public DateTime At { get; set; }
    public long MemberId { get; set; }
    public GuardDecisionKind Kind { get; set; }
    /// <summary>post, message, profile, list, case …</summary>
    public string ContentKind { get; set; } = "";
    public long? ContentId { get; set; }
    public string Field { get; set; } = "";
    public string Type { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class GuardDecisionConfiguration : IEntityTypeConfiguration<GuardDecision>
{
    public void Configure(EntityTypeBuilder<GuardDecision> b)
    {
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.ContentKind).HasMaxLength(20);
        b.Property(d => d.Field).HasMaxLength(60);
        b.Property(d => d.Type).HasMaxLength(40);
        b.Property(d => d.Text).HasMaxLength(GuardDecision.MaxText);
        b.HasIndex(d => new { d.ContentKind, d.ContentId });
        b.HasIndex(d => d.MemberId);
    }
}
