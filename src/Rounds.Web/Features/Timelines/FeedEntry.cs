using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// One row of a member's home timeline, written by fan-out on write (decision 0002). Bounded: the
/// maintenance job keeps the newest <see cref="TimelineOptions.HomeCapacity"/> rows per member.
/// <para>
/// No index on <c>PostId</c> and no foreign key to the post: trimming deletes the oldest rows of each timeline, whose post ids are spread
/// over the whole table, so every row trimmed cost a write to a random page of that index (on SQLite the log then outran its checkpoints
/// and members' posts waited), and each fan-out row paid an index entry and a key check. A row whose post was deleted or removed stays
/// until trimmed; timelines read only rows whose post exists, and a deleted post is not shown (decision 0002).
/// </para>
/// </summary>
public sealed class FeedEntry
{
    public long MemberId { get; set; }
    public long PostId { get; set; }
    public long AuthorId { get; set; }
}

public sealed class FeedEntryConfiguration : IEntityTypeConfiguration<FeedEntry>
{
    public void Configure(EntityTypeBuilder<FeedEntry> b)
    {
        b.HasKey(f => new { f.MemberId, f.PostId });
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TimelineOptions
{
    /// <summary>Newest entries kept per member's home timeline.</summary>
    public int HomeCapacity { get; set; } = 800;
    /// <summary>
    /// Home rows trimming deletes per transaction at most: on SQLite a post waits behind a trimming transaction for the write lock,
    /// so this bounds that wait (about 200 rows a few milliseconds on the benchmark's machine).
    /// </summary>
    public int TrimRowsPerTransaction { get; set; } = 200;
        /// <summary>Posts of a newly followed account (or hashtag) copied into the follower's home timeline.</summary>
    public int BackfillOnFollow { get; set; } = 40;
    /// <summary>Home and hashtag timelines kept warm in memory per node (and as many viewers' relations); 0 turns warm pages off.</summary>
    public int WarmTimelines { get; set; } = 20_000;
    /// <summary>Post cards kept serialized per node for warm pages.</summary>
    public int WarmCards { get; set; } = 50_000;
    /// <summary>Newest ids kept per warm timeline; pages further back read the database.</summary>
    public int WarmWindow { get; set; } = 200;
}
