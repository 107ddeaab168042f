using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>
/// An image quiz series ("Rheumatology Image of the Week"): owned by an educator, authored and reviewed by its editors,
/// released on a weekly slot in the series' own time zone, followed by members, seen by its audience.
/// </summary>
public sealed class QuizSeries
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 2000;

    public long Id { get; set; }
    public long OwnerId { get; set; }
    public Member Owner { get; set; } = null!;
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string SpecialtyCode { get; set; } = "";
    /// <summary>Lower case, without the '#'.</summary>
    public string? Hashtag { get; set; }
    public Audience Audience { get; set; }
    public long? GroupId { get; set; }
    public DayOfWeek ReleaseDay { get; set; }
    /// <summary>Local time of day of the release, in minutes after midnight in <see cref="TimeZone"/>.</summary>
    public int ReleaseMinute { get; set; }
    /// <summary>An IANA time zone ("Europe/London"): 9:00 stays 9:00 local across daylight saving changes.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>How long an item stays open for answers after its release.</summary>
    public int OpenDays { get; set; } = 7;
    public DateTime CreatedAt { get; set; }

    public AudienceTarget Target => new(Audience, OwnerId, GroupId);
}

/// <summary>An educator who authors and reviews items of the series (the owner is one too).</summary>
public sealed class QuizEditor
{
    public long SeriesId { get; set; }
    public long MemberId { get; set; }
    public DateTime AddedAt { get; set; }
}

public sealed class QuizFollow
{
    public long SeriesId { get; set; }
    public long MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum QuizItemStatus { Draft, Submitted, Approved }

/// <summary>
/// One question: image(s), a stem, 2–6 options, the correct one, an explanation and references. It goes live only after an
/// editor other than its author approved it; it is released once <see cref="ReleaseAt"/> has passed and closes at
/// <see cref="ClosesAt"/>. Both instants are fixed at approval, so what a viewer sees depends only on the clock.
/// </summary>
public sealed class QuizItem
{
    public const int MaxImages = 4;
    public const int MinOptions = 2;
    public const int MaxOptions = 6;
    public const int MaxStem = 2000;
    public const int MaxOption = 200;
    public const int MaxExplanation = 4000;
    public const int MaxReferences = 10;

    public long Id { get; set; }
    public long SeriesId { get; set; }
    public QuizSeries Series { get; set; } = null!;
    public long AuthorId { get; set; }
    public long? ReviewerId { get; set; }
    public string Stem { get; set; } = "";
    /// <summary>Zero-based position of the correct option.</summary>
    public int CorrectOption { get; set; }
    public string Explanation { get; set; } = "";
    public QuizItemStatus Status { get; set; }
    /// <summary>The release the author asked for; otherwise the next free schedule slot after approval.</summary>
    public DateTime? RequestedReleaseAt { get; set; }
    public DateTime? ReleaseAt { get; set; }
    public DateTime? ClosesAt { get; set; }
    /// <summary>Set by the release job once the post and notifications went out.</summary>
    public DateTime? AnnouncedAt { get; set; }
    public long? PostId { get; set; }
    public bool ConsentAttested { get; set; }
    public string? ConsentStatement { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public List<QuizOption> Options { get; set; } = [];
    public List<QuizReference> References { get; set; } = [];

    public bool IsReleased(DateTime now) => Status == QuizItemStatus.Approved && ReleaseAt <= now;
    public bool IsClosed(DateTime now) => IsReleased(now) && ClosesAt <= now;
}

public sealed class QuizOption
{
    public long ItemId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>A reference for the explanation: "doi", "pmid" or "url" with its value, validated when the item is written.</summary>
public sealed class QuizReference
{
    public long ItemId { get; set; }
    public int Position { get; set; }
    public string Kind { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>A learner's one committed answer to an item (unique per learner and item); reviews never change it.</summary>
public sealed class QuizAnswer
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public long SeriesId { get; set; }
    public long MemberId { get; set; }
    public int Option { get; set; }
    public bool Correct { get; set; }
    public DateTime AnsweredAt { get; set; }
}

/// <summary>
/// A missed item on the learner's Leitner schedule: box 1 is due a day after the miss, then 3, 7, 14 and 30 days. A correct
/// review moves it up a box, a wrong one back to box 1; past the last box it leaves review (<see cref="DoneAt"/>).
/// </summary>
public sealed class QuizReview
{
    public static readonly int[] BoxDays = [1, 3, 7, 14, 30];

    public long MemberId { get; set; }
    public long ItemId { get; set; }
    public int Box { get; set; } = 1;
    public DateTime DueAt { get; set; }
    public DateTime? LastReviewedAt { get; set; }
    public bool? LastCorrect { get; set; }
    public int Reviews { get; set; }
    public DateTime? DoneAt { get; set; }
}

/// <summary>The first time a member opened a released item: "learners reached" in the analytics.</summary>
public sealed class QuizItemView
{
    public long ItemId { get; set; }
    public long MemberId { get; set; }
    public long SeriesId { get; set; }
    public DateTime FirstViewedAt { get; set; }
}

public sealed class QuizSeriesConfiguration : IEntityTypeConfiguration<QuizSeries>
{
    public void Configure(EntityTypeBuilder<QuizSeries> b)
    {
        b.ToTable("QuizSeries");
        b.Property(s => s.Title).HasMaxLength(QuizSeries.MaxTitle);
        b.Property(s => s.Description).HasMaxLength(QuizSeries.MaxDescription);
        b.Property(s => s.SpecialtyCode).HasMaxLength(80);
        b.Property(s => s.Hashtag).HasMaxLength(100);
        b.Property(s => s.TimeZone).HasMaxLength(100);
        b.Property(s => s.Audience).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.ReleaseDay).HasConversion<string>().HasMaxLength(20);
        b.HasOne(s => s.Owner).WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.OwnerId);
    }
}

public sealed class QuizEditorConfiguration : IEntityTypeConfiguration<QuizEditor>
{
    public void Configure(EntityTypeBuilder<QuizEditor> b)
    {
        b.HasKey(e => new { e.SeriesId, e.MemberId });
        b.HasIndex(e => e.MemberId);
        b.HasOne<QuizSeries>().WithMany().HasForeignKey(e => e.SeriesId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class QuizFollowConfiguration : IEntityTypeConfiguration<QuizFollow>
{
    public void Configure(EntityTypeBuilder<QuizFollow> b)
    {
        b.HasKey(f => new { f.SeriesId, f.MemberId });
        b.HasIndex(f => f.MemberId);
        b.HasOne<QuizSeries>().WithMany().HasForeignKey(f => f.SeriesId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class QuizItemConfiguration : IEntityTypeConfiguration<QuizItem>
{
    public void Configure(EntityTypeBuilder<QuizItem> b)
    {
        b.Property(i => i.Stem).HasMaxLength(QuizItem.MaxStem);
        b.Property(i => i.Explanation).HasMaxLength(QuizItem.MaxExplanation);
        b.Property(i => i.ConsentStatement).HasMaxLength(500);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne(i => i.Series).WithMany().HasForeignKey(i => i.SeriesId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(i => i.AuthorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(i => i.ReviewerId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(i => i.Options).WithOne().HasForeignKey(o => o.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.References).WithOne().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.SeriesId, i.ReleaseAt });
        b.HasIndex(i => new { i.Status, i.AnnouncedAt, i.ReleaseAt });
    }
}

public sealed class QuizOptionConfiguration : IEntityTypeConfiguration<QuizOption>
{
    public void Configure(EntityTypeBuilder<QuizOption> b)
    {
        b.HasKey(o => new { o.ItemId, o.Position });
        b.Property(o => o.Text).HasMaxLength(QuizItem.MaxOption);
    }
}

public sealed class QuizReferenceConfiguration : IEntityTypeConfiguration<QuizReference>
{
    public void Configure(EntityTypeBuilder<QuizReference> b)
    {
        b.HasKey(r => new { r.ItemId, r.Position });
        b.Property(r => r.Kind).HasMaxLength(10);
        b.Property(r => r.Value).HasMaxLength(500);
    }
}

public sealed class QuizAnswerConfiguration : IEntityTypeConfiguration<QuizAnswer>
{
    public void Configure(EntityTypeBuilder<QuizAnswer> b)
    {
        b.HasIndex(a => new { a.ItemId, a.MemberId }).IsUnique();
        b.HasIndex(a => new { a.MemberId, a.AnsweredAt });
        b.HasIndex(a => a.SeriesId);
        b.HasOne<QuizItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class QuizReviewConfiguration : IEntityTypeConfiguration<QuizReview>
{
    public void Configure(EntityTypeBuilder<QuizReview> b)
    {
        b.HasKey(r => new { r.MemberId, r.ItemId });
        b.HasIndex(r => new { r.MemberId, r.DoneAt, r.DueAt });
        b.HasOne<QuizItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class QuizItemViewConfiguration : IEntityTypeConfiguration<QuizItemView>
{
    public void Configure(EntityTypeBuilder<QuizItemView> b)
    {
        b.HasKey(v => new { v.ItemId, v.MemberId });
        b.HasIndex(v => v.SeriesId);
        b.HasOne<QuizItem>().WithMany().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
