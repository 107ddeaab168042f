using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Connections;

/// <summary>A member following another member; the audience check reads it for followers-only content.</summary>
public sealed class Follow
{
    public long FollowerId { get; set; }
    public long FolloweeId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A block hides both members from each other everywhere.</summary>
public sealed class Block
{
    public long BlockerId { get; set; }
    public long BlockedId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A member following a hashtag (stored normalized); its posts join the member's home timeline.</summary>
public sealed class HashtagFollow
{
    public long MemberId { get; set; }
    public string Tag { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A mute hides a member's posts and notifications from the muter only; the muted member notices nothing.</summary>
public sealed class Mute
{
    public long MuterId { get; set; }
    public long MutedId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A personal list of accounts, read as its own timeline.</summary>
public sealed class MemberList
{
    public long Id { get; set; }
    public long OwnerId { get; set; }
    public string Title { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<MemberListEntry> Entries { get; set; } = [];
}

public sealed class MemberListEntry
{
    public long ListId { get; set; }
    public long MemberId { get; set; }
}

public sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> b)
    {
        b.HasKey(f => new { f.FollowerId, f.FolloweeId });
        b.HasIndex(f => f.FolloweeId);
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> b)
    {
        b.HasKey(x => new { x.BlockerId, x.BlockedId });
        b.HasIndex(x => x.BlockedId);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.BlockerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class HashtagFollowConfiguration : IEntityTypeConfiguration<HashtagFollow>
{
    public void Configure(EntityTypeBuilder<HashtagFollow> b)
    {
        b.HasKey(x => new { x.MemberId, x.Tag });
        b.Property(x => x.Tag).HasMaxLength(100);
        b.HasIndex(x => x.Tag);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MuteConfiguration : IEntityTypeConfiguration<Mute>
{
    public void Configure(EntityTypeBuilder<Mute> b)
    {
        b.HasKey(x => new { x.MuterId, x.MutedId });
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.MuterId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.MutedId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MemberListConfiguration : IEntityTypeConfiguration<MemberList>
{
    public void Configure(EntityTypeBuilder<MemberList> b)
    {
        b.Property(x => x.Title).HasMaxLength(100);
        b.HasIndex(x => x.OwnerId);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Entries).WithOne().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MemberListEntryConfiguration : IEntityTypeConfiguration<MemberListEntry>
{
    public void Configure(EntityTypeBuilder<MemberListEntry> b)
    {
        b.HasKey(x => new { x.ListId, x.MemberId });
        b.HasIndex(x => x.MemberId);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
