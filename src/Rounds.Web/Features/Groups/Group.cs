using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Groups;

/// <summary>A community space; group-audience content is visible to its members only.</summary>
public sealed class Group
{
    public long Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<GroupMembership> Memberships { get; set; } = [];
}

public enum GroupRole { Member, Moderator, Owner }

public sealed class GroupMembership
{
    public long GroupId { get; set; }
    public long MemberId { get; set; }
    public GroupRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
}

public sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> b)
    {
        b.Property(g => g.Slug).HasMaxLength(60);
        b.Property(g => g.Name).HasMaxLength(120);
        b.Property(g => g.Description).HasMaxLength(2000);
        b.HasIndex(g => g.Slug).IsUnique();
    }
}

public sealed class GroupMembershipConfiguration : IEntityTypeConfiguration<GroupMembership>
{
    public void Configure(EntityTypeBuilder<GroupMembership> b)
    {
        b.HasKey(m => new { m.GroupId, m.MemberId });
        b.HasIndex(m => m.MemberId);
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Group>().WithMany(g => g.Memberships).HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
