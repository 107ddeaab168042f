using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Lessons;

public enum LessonStatus { Draft, Published }

public enum LessonStepKind { Slide, Question }

/// <summary>
/// A micro-lesson: a short ordered run of slides with questions between them, taken step by step. A draft is its
/// author's alone; once published its audience decides who sees it.
/// <para>
/// Publishing locks the structure: steps can no longer be added, removed or reordered, and a question keeps its number
/// of options and its correct option. Texts, images and explanations stay editable. So every learner's progress (a step
/// position) and every recorded answer (an option position) keep meaning the same thing after an edit.
/// </para>
/// </summary>
public sealed class Lesson
{
    public const int MaxTitle = 200;
    public const int MaxSummary = 1000;
    public const int MaxSteps = 30;
    public const int MaxMinutes = 240;

    public long Id { get; set; }
    public long AuthorId { get; set; }
    public Member Author { get; set; } = null!;
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string SpecialtyCode { get; set; } = "";
    public int EstimatedMinutes { get; set; }
    public Audience Audience { get; set; }
    public long? GroupId { get; set; }
    public LessonStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public List<LessonStep> Steps { get; set; } = [];

    public bool IsPublished => Status == LessonStatus.Published;
    public AudienceTarget Target => new(Audience, AuthorId, GroupId);
}

/// <summary>One step: a slide (Markdown text, an optional image) or a question (stem, 2–6 options, the correct one, why).</summary>
public sealed class LessonStep
{
    public const int MaxText = 8000;
    public const int MaxStem = 1000;
    public const int MinOptions = 2;
    public const int MaxOptions = 6;
    public const int MaxOption = 300;
    public const int MaxExplanation = 2000;

    public long Id { get; set; }
    public long LessonId { get; set; }
    /// <summary>1-based place in the lesson; the learner's URLs and progress use it.</summary>
    public int Position { get; set; }
    public LessonStepKind Kind { get; set; }
    /// <summary>A slide's Markdown, or a question's stem.</summary>
    public string Text { get; set; } = "";
    public long? ImageId { get; set; }
    public PostMedia? Image { get; set; }
    /// <summary>The author attests the person in a recognisable image consented.</summary>
    public bool ConsentAttested { get; set; }
    public List<LessonOption> Options { get; set; } = [];
    /// <summary>0-based position of the correct option (questions only).</summary>
    public int? CorrectOption { get; set; }
    public string? Explanation { get; set; }
}

public sealed class LessonOption
{
    public long Id { get; set; }
    public long StepId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>Where one learner is in one lesson: the step they are on, when they started and completed.</summary>
public sealed class LessonProgress
{
    public long LessonId { get; set; }
    public long MemberId { get; set; }
    public int CurrentPosition { get; set; } = 1;
    public DateTime StartedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

/// <summary>One learner's one answer to one question; the key makes a second answer impossible.</summary>
public sealed class LessonAnswer
{
    public long StepId { get; set; }
    public long MemberId { get; set; }
    public long LessonId { get; set; }
    public int Option { get; set; }
    public bool Correct { get; set; }
    public DateTime AnsweredAt { get; set; }
}

public sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> b)
    {
        b.Property(l => l.Title).HasMaxLength(Lesson.MaxTitle);
        b.Property(l => l.Summary).HasMaxLength(Lesson.MaxSummary);
        b.Property(l => l.SpecialtyCode).HasMaxLength(80);
        b.Property(l => l.Audience).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(l => new { l.Status, l.Id });
        b.HasIndex(l => l.AuthorId);
        b.HasOne(l => l.Author).WithMany().HasForeignKey(l => l.AuthorId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(l => l.Steps).WithOne().HasForeignKey(s => s.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LessonStepConfiguration : IEntityTypeConfiguration<LessonStep>
{
    public void Configure(EntityTypeBuilder<LessonStep> b)
    {
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Text).HasMaxLength(LessonStep.MaxText);
        b.Property(s => s.Explanation).HasMaxLength(LessonStep.MaxExplanation);
        b.HasIndex(s => new { s.LessonId, s.Position });
        b.HasOne(s => s.Image).WithMany().HasForeignKey(s => s.ImageId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(s => s.Options).WithOne().HasForeignKey(o => o.StepId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LessonOptionConfiguration : IEntityTypeConfiguration<LessonOption>
{
    public void Configure(EntityTypeBuilder<LessonOption> b) => b.Property(o => o.Text).HasMaxLength(LessonStep.MaxOption);
}

public sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> b)
    {
        b.HasKey(p => new { p.LessonId, p.MemberId });
        b.HasIndex(p => p.MemberId);
        b.HasOne<Lesson>().WithMany().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LessonAnswerConfiguration : IEntityTypeConfiguration<LessonAnswer>
{
    public void Configure(EntityTypeBuilder<LessonAnswer> b)
    {
        b.HasKey(a => new { a.StepId, a.MemberId });
        b.HasIndex(a => new { a.LessonId, a.MemberId });
        b.HasOne<LessonStep>().WithMany().HasForeignKey(a => a.StepId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
