using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Cases;

public enum CaseStatus { Open, Resolved }

/// <summary>
/// A clinical case shared to learn from: structured, never with an exact age, only for clinicians or a group. Published
/// only when the privacy guard has nothing open and every image with a face is masked or covered by attested consent.
/// Answers and discussion are posts in its context (<c>ContextKind = "case"</c>); its differential is a poll.
/// </summary>
public sealed class Case
{
    public const int MaxImages = 5;
    public const int MaxTitle = 200;
    public const int MaxSection = 4000;
    public const int MaxQuestion = 1000;

    public long Id { get; set; }
    public long AuthorId { get; set; }
    public Member Author { get; set; } = null!;
    public string Title { get; set; } = "";
    public string SpecialtyCode { get; set; } = "";
    public string AgeBand { get; set; } = "";
    public string Sex { get; set; } = "";
    public string Presentation { get; set; } = "";
    public string? History { get; set; }
    public string? Findings { get; set; }
    public string Question { get; set; } = "";
    public Audience Audience { get; set; }
    public long? GroupId { get; set; }
    /// <summary>Shown instead of the author's name; stable for the author within the space (community or group).</summary>
    public string? Pseudonym { get; set; }
    public bool ConsentAttested { get; set; }
    public string? ConsentStatement { get; set; }
    public string? AskedSpecialtyCode { get; set; }
    public long? DifferentialPollId { get; set; }
    public CaseStatus Status { get; set; }
    public string? FinalDiagnosis { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public int AnswerCount { get; set; }

    public AudienceTarget Target => new(Audience, AuthorId, GroupId);
}

/// <summary>A member's pseudonym in one space ("community" or "group:{id}"): the same everywhere in that space, unique in it.</summary>
public sealed class Pseudonym
{
    public long MemberId { get; set; }
    public string Space { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>Age bands instead of ages: an exact age is an identifier (and over 89 a Safe Harbor one).</summary>
public static class CaseVocabulary
{
    public static readonly (string Code, string Label)[] AgeBands =
    [
        ("newborn", "Newborn (under 1 month)"), ("infant", "Infant (1–11 months)"), ("1-4", "1–4 years"), ("5-12", "5–12 years"),
        ("13-17", "13–17 years"), ("18-29", "18–29 years"), ("30-39", "30–39 years"), ("40-49", "40–49 years"), ("50-59", "50–59 years"),
        ("60-69", "60–69 years"), ("70-79", "70–79 years"), ("80-89", "80–89 years"), ("90+", "90 years or older"),
    ];

    public static readonly (string Code, string Label)[] Sexes =
        [("female", "Female"), ("male", "Male"), ("intersex", "Intersex"), ("unspecified", "Not stated")];

    public static string AgeBandLabel(string code) => AgeBands.FirstOrDefault(a => a.Code == code).Label ?? code;
    public static string SexLabel(string code) => Sexes.FirstOrDefault(s => s.Code == code).Label ?? code;
}

public sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.Property(c => c.Title).HasMaxLength(Case.MaxTitle);
        b.Property(c => c.SpecialtyCode).HasMaxLength(80);
        b.Property(c => c.AskedSpecialtyCode).HasMaxLength(80);
        b.Property(c => c.AgeBand).HasMaxLength(20);
        b.Property(c => c.Sex).HasMaxLength(20);
        b.Property(c => c.Presentation).HasMaxLength(Case.MaxSection);
        b.Property(c => c.History).HasMaxLength(Case.MaxSection);
        b.Property(c => c.Findings).HasMaxLength(Case.MaxSection);
        b.Property(c => c.Question).HasMaxLength(Case.MaxQuestion);
        b.Property(c => c.FinalDiagnosis).HasMaxLength(Case.MaxQuestion);
        b.Property(c => c.Pseudonym).HasMaxLength(80);
        b.Property(c => c.ConsentStatement).HasMaxLength(500);
        b.Property(c => c.Audience).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(c => new { c.Status, c.Id });
        b.HasIndex(c => new { c.SpecialtyCode, c.Id });
        b.HasIndex(c => c.AuthorId);
        b.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PseudonymConfiguration : IEntityTypeConfiguration<Pseudonym>
{
    public void Configure(EntityTypeBuilder<Pseudonym> b)
    {
        b.HasKey(p => new { p.MemberId, p.Space });
        b.Property(p => p.Space).HasMaxLength(40);
        b.Property(p => p.Name).HasMaxLength(80);
        b.HasIndex(p => new { p.Space, p.Name }).IsUnique();
    }
}
