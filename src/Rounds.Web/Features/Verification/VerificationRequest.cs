using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Verification;

public enum VerificationStatus { Pending, Approved, Rejected }

/// <summary>A member's request to be verified, decided by a moderator.</summary>
public sealed class VerificationRequest
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public Member Member { get; set; } = null!;
    public string? Npi { get; set; }
    public string? LicenseNumber { get; set; }
    public string? LicenseRegion { get; set; }
    /// <summary>Key in the private file store; never served publicly.</summary>
    public string? DocumentKey { get; set; }
    public string? DocumentContentType { get; set; }
    public string? DocumentName { get; set; }
    public VerificationStatus Status { get; set; }
    public string? DecisionReason { get; set; }
    public long? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A verified member vouching for a colleague; two vouches verify.</summary>
public sealed class Vouch
{
    public long VoucherId { get; set; }
    public long MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An institution email domain whose confirmed addresses verify clinicians automatically.</summary>
public sealed class InstitutionDomain
{
    public long Id { get; set; }
    public string Domain { get; set; } = "";
    public string? Institution { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class VerificationRequestConfiguration : IEntityTypeConfiguration<VerificationRequest>
{
    public void Configure(EntityTypeBuilder<VerificationRequest> b)
    {
        b.Property(r => r.Npi).HasMaxLength(10);
        b.Property(r => r.LicenseNumber).HasMaxLength(40);
        b.Property(r => r.LicenseRegion).HasMaxLength(60);
        b.Property(r => r.DocumentKey).HasMaxLength(200);
        b.Property(r => r.DocumentContentType).HasMaxLength(60);
        b.Property(r => r.DocumentName).HasMaxLength(200);
        b.Property(r => r.DecisionReason).HasMaxLength(1000);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => r.MemberId);
        b.HasOne(r => r.Member).WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class VouchConfiguration : IEntityTypeConfiguration<Vouch>
{
    public void Configure(EntityTypeBuilder<Vouch> b)
    {
        // The key turns a replayed vouch into a conflict.
        b.HasKey(v => new { v.VoucherId, v.MemberId });
        b.HasIndex(v => v.MemberId);
        b.HasOne<Member>().WithMany().HasForeignKey(v => v.VoucherId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InstitutionDomainConfiguration : IEntityTypeConfiguration<InstitutionDomain>
{
    public void Configure(EntityTypeBuilder<InstitutionDomain> b)
    {
        b.Property(d => d.Domain).HasMaxLength(200);
        b.Property(d => d.Institution).HasMaxLength(160);
        b.HasIndex(d => d.Domain).IsUnique();
    }
}
