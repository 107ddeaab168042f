using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Accounts;

/// <summary>A person or organization with an account. The Identity user name is the handle.</summary>
public sealed class Member : IdentityUser<long>
{
    public string Handle { get => UserName!; set => UserName = value; }
    public string DisplayName { get; set; } = "";
    public Profession Profession { get; set; }
    public string? SpecialtyCode { get; set; }
    public string? Institution { get; set; }
    public string? InstitutionKey { get; private set; }
    public string? TrainingProgram { get; set; }
    public string? TrainingProgramKey { get; private set; }
    public int? TrainingStartYear { get; set; }
    public int? TrainingEndYear { get; set; }
    public string? Bio { get; set; }
    public List<string> Links { get; set; } = [];
    public string? ConflictOfInterest { get; set; }
    public bool ShowsDisclaimer { get; set; }
    public string? AvatarKey { get; set; }
    /// <summary>Who may see the profile page; public, members or clinicians.</summary>
    public Audience ProfileAudience { get; set; } = Audience.Public;
    public DateTime CreatedAt { get; set; }
    public DateTime GuidelinesAcceptedAt { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public DateTime? VerifiedUntil { get; set; }
    public string? VerificationMethod { get; set; }
    /// <summary>Wants a daily email of unread notifications.</summary>
    public bool EmailDigest { get; set; }
    public DateTime? DigestSentAt { get; set; }

    public bool IsClinician => Profession.IsClinician();

    public bool IsVerified(DateTime now) => IsVerifiedClinician(Profession, VerifiedAt, VerifiedUntil, now);

    public static bool IsVerifiedClinician(Profession profession, DateTime? verifiedAt, DateTime? verifiedUntil, DateTime now) =>
        profession.IsClinician() && verifiedAt is not null && (verifiedUntil is null || verifiedUntil > now);

    /// <summary>Keys used to find classmates: case- and space-insensitive.</summary>
    public void NormalizeKeys()
    {
        InstitutionKey = Key(Institution);
        TrainingProgramKey = Key(TrainingProgram);
    }

    internal static string? Key(string? s) =>
        string.IsNullOrWhiteSpace(s) ? null : string.Join(' ', s.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.Ignore(m => m.Handle);
        b.Property(m => m.DisplayName).HasMaxLength(80);
        b.Property(m => m.SpecialtyCode).HasMaxLength(80);
        b.Property(m => m.Institution).HasMaxLength(160);
        b.Property(m => m.InstitutionKey).HasMaxLength(160);
        b.Property(m => m.TrainingProgram).HasMaxLength(160);
        b.Property(m => m.TrainingProgramKey).HasMaxLength(160);
        b.Property(m => m.Bio).HasMaxLength(2000);
        b.Property(m => m.ConflictOfInterest).HasMaxLength(2000);
        b.Property(m => m.VerificationMethod).HasMaxLength(40);
        b.Property(m => m.Profession).HasConversion<string>().HasMaxLength(40);
        b.Property(m => m.ProfileAudience).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => m.InstitutionKey);
        b.HasIndex(m => m.TrainingProgramKey);
    }
}
