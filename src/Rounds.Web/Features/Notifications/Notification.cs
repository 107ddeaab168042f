using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Posts;

namespace Rounds.Web.Features.Notifications;

public enum NotificationKind { Mention, Reply, Repost, Quote, Like, Follow, CaseAsk, CaseAnswer, CaseResolved, GoalShared, PollClosed, QuizReleased, EventReminder }

/// <summary>Something that happened to a member. Later formats add kinds and use <see cref="Text"/>/<see cref="Link"/>.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public NotificationKind Kind { get; set; }
    public long? ActorId { get; set; }
    public Member? Actor { get; set; }
    public long? PostId { get; set; }
    public string? Text { get; set; }
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(n => n.Text).HasMaxLength(500);
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasIndex(n => new { n.MemberId, n.Id });
        b.HasIndex(n => new { n.MemberId, n.ReadAt });
        b.HasOne<Member>().WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(n => n.Actor).WithMany().HasForeignKey(n => n.ActorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Post>().WithMany().HasForeignKey(n => n.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}
