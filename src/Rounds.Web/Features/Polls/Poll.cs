using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

/// <summary>
/// A question members vote on. A case's differential is a poll in the case's context (<see cref="ContextKind"/> "case");
/// a standalone poll is introduced by a post (<see cref="PostId"/>), which carries it into timelines. Its audience is copied
/// from what it belongs to, so the one audience check applies.
/// </summary>
public sealed class Poll
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxOptionLength = 200;
    public const int MaxQuestionLength = 300;
    /// <summary>Breakdown cells of groups with fewer voters than this are suppressed (k-anonymity).</summary>
    public const int MinGroupSize = 5;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public long Id { get; set; }
    public long AuthorId { get; set; }
    public string Question { get; set; } = "";
    public bool AllowsMultiple { get; set; }
    public DateTime? ClosesAt { get; set; }
    public Audience Audience { get; set; }
    public long? GroupId { get; set; }
    public string? ContextKind { get; set; }
    public long? ContextId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>For multiple choice: at most this many options per vote (null: any number).</summary>
    public int? MaxChoices { get; set; }
    /// <summary>Results stay hidden from everybody, the author included, until the poll closes.</summary>
    public bool ResultsAfterClose { get; set; }
    /// <summary>The post that introduces a standalone poll in timelines.</summary>
    public long? PostId { get; set; }
    /// <summary>When its author and voters were told it closed (standalone polls).</summary>
    public DateTime? ClosedNotifiedAt { get; set; }
    public List<PollOption> Options { get; set; } = [];

    public AudienceTarget Target => new(Audience, AuthorId, GroupId);
    public bool IsClosed(DateTime now) => ClosesAt is { } c && c <= now;
    public int ChoiceLimit => AllowsMultiple ? MaxChoices ?? Options.Count : 1;

    /// <summary>
    /// Whether a viewer sees the counts: once the poll closed or what it belongs to revealed them (a resolved case); before that, once
    /// they voted, and its author and moderators (<paramref name="manages"/>) at any time — unless results come only after the close,
    /// when everybody, the author included, waits.
    /// </summary>
    public bool ResultsVisible(bool voted, bool manages, DateTime now, bool revealed = false) =>
        IsClosed(now) || revealed || (!ResultsAfterClose && (voted || manages));
}

public sealed class PollOption
{
    public long Id { get; set; }
    public long PollId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
}

public sealed class PollVote
{
    public long PollId { get; set; }
    public long OptionId { get; set; }
    public long MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class PollConfiguration : IEntityTypeConfiguration<Poll>
{
    public void Configure(EntityTypeBuilder<Poll> b)
    {
        b.Property(p => p.Question).HasMaxLength(500);
        b.Property(p => p.Audience).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.ContextKind).HasMaxLength(20);
        b.HasIndex(p => new { p.ContextKind, p.ContextId });
        // No foreign key to the post: posts are only ever soft-deleted, and on SQLite adding one would rebuild the table outside a transaction.
        b.HasIndex(p => p.PostId);
        b.HasIndex(p => new { p.ClosesAt, p.Id });
        b.HasMany(p => p.Options).WithOne().HasForeignKey(o => o.PollId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PollOptionConfiguration : IEntityTypeConfiguration<PollOption>
{
    public void Configure(EntityTypeBuilder<PollOption> b) => b.Property(o => o.Text).HasMaxLength(Poll.MaxOptionLength);
}

public sealed class PollVoteConfiguration : IEntityTypeConfiguration<PollVote>
{
    public void Configure(EntityTypeBuilder<PollVote> b)
    {
        b.HasKey(v => new { v.PollId, v.MemberId, v.OptionId });
        b.HasIndex(v => new { v.MemberId, v.PollId });
        b.HasOne<Poll>().WithMany().HasForeignKey(v => v.PollId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PollOption>().WithMany().HasForeignKey(v => v.OptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The first time a member opened a poll or its post: who the poll reached, for its analytics.</summary>
public sealed class PollReach
{
    public long PollId { get; set; }
    public long MemberId { get; set; }
    public DateTime FirstSeenAt { get; set; }
}

public sealed class PollReachConfiguration : IEntityTypeConfiguration<PollReach>
{
    public void Configure(EntityTypeBuilder<PollReach> b)
    {
        b.HasKey(r => new { r.PollId, r.MemberId });
        b.HasOne<Poll>().WithMany().HasForeignKey(r => r.PollId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
