using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

/// <summary>
/// A question members vote on. A case's differential is a poll in the case's context (<see cref="ContextKind"/> "case");
/// standalone polls reuse the same model. Its audience is copied from what it belongs to, so the one audience check applies.
/// </summary>
public sealed class Poll
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxOptionLength = 200;

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
    public List<PollOption> Options { get; set; } = [];

    public AudienceTarget Target => new(Audience, AuthorId, GroupId);
    public bool IsClosed(DateTime now) => ClosesAt is { } c && c <= now;
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
        b.HasOne<Poll>().WithMany().HasForeignKey(v => v.PollId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PollOption>().WithMany().HasForeignKey(v => v.OptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
