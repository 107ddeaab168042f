using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Groups;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// A post: the unit every format writes into. A reply points at its parent and its thread's root; a repost
/// points at the original and has no text; a quote has text and points at the quoted post. Later formats
/// attach a post to their own object through <see cref="ContextKind"/>/<see cref="ContextId"/> (an event
/// session, a case thread) or a group.
/// </summary>
public sealed class Post
{
    public const int MaxLength = 500;
    public const int MaxImages = 4;

    public long Id { get; set; }
    public long AuthorId { get; set; }
    public Member Author { get; set; } = null!;
    public string Text { get; set; } = "";
    public string? ContentWarning { get; set; }
    public Audience Audience { get; set; }
    public long? GroupId { get; set; }
    public long? ReplyToId { get; set; }
    public long? ReplyToAuthorId { get; set; }
    public long? ThreadRootId { get; set; }
    public long? RepostOfId { get; set; }
    public Post? RepostOf { get; set; }
    public long? QuoteOfId { get; set; }
    public string? ContextKind { get; set; }
    public long? ContextId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public int ReplyCount { get; set; }
    public int RepostCount { get; set; }
    public int QuoteCount { get; set; }
    public int LikeCount { get; set; }
    public int MediaCount { get; set; }

    public List<PostMedia> Media { get; set; } = [];
    public List<PostTag> Tags { get; set; } = [];
    public List<PostMention> Mentions { get; set; } = [];
    public List<PostPaper> Papers { get; set; } = [];

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>What the audience check needs; direct posts go to the members they mention.</summary>
    public AudienceTarget Target => new(Audience, AuthorId, GroupId, Audience == Audience.Direct ? Mentions.Select(m => m.MemberId).ToList() : null);
}

/// <summary>An image attached to a post. Stored re-encoded, served only through the post's audience.</summary>
public sealed class PostMedia
{
    public long Id { get; set; }
    public long OwnerId { get; set; }
    public long? PostId { get; set; }
    public int Position { get; set; }
    public string Key { get; set; } = "";
    public string? ThumbnailKey { get; set; }
    public string ContentType { get; set; } = "image/jpeg";
    public int Width { get; set; }
    public int Height { get; set; }
    public string? AltText { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when the image belongs to a case instead of a post; served through the case's audience.</summary>
    public long? CaseId { get; set; }
    /// <summary>Set when the image is a lesson slide's; served through the lesson's audience (a draft's to its author only).</summary>
    public long? LessonId { get; set; }
    /// <summary>Set when the image belongs to a quiz item; served through its series' audience once the item is released.</summary>
    public long? QuizItemId { get; set; }
    /// <summary>Faces the detector found in the stored image; null when it could not check (treated as possibly a face).</summary>
    public int? FaceCount { get; set; }
    /// <summary>The boxes found, "x,y,w,h;…", so the author can see what to mask.</summary>
    public string? FaceBoxes { get; set; }
    public DateTime? MaskedAt { get; set; }

    /// <summary>Uploaded but not yet part of anything: the only images a new post, case, quiz item or lesson may take, and what the clean-up removes.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<PostMedia, bool>> Unattached =
        m => m.PostId == null && m.CaseId == null && m.LessonId == null && m.QuizItemId == null;
}

/// <summary>A hashtag in a post, normalized to lower case; the text keeps it as typed.</summary>
public sealed class PostTag
{
    public long PostId { get; set; }
    public string Tag { get; set; } = "";
}

public sealed class PostMention
{
    public long PostId { get; set; }
    public long MemberId { get; set; }
    /// <summary>The handle as resolved when posting, so cards link mentions without loading members.</summary>
    public string Handle { get; set; } = "";
}

/// <summary>A paper a post cites, as "doi:10.xxxx/…" (lower case) or "pmid:123…".</summary>
public sealed class PostPaper
{
    public long PostId { get; set; }
    public string PaperKey { get; set; } = "";
}

/// <summary>An earlier version of an edited post, kept so the history stays visible.</summary>
public sealed class PostEdit
{
    public long Id { get; set; }
    public long PostId { get; set; }
    public string Text { get; set; } = "";
    public string? ContentWarning { get; set; }
    /// <summary>When this version was first published (the post's creation or a previous edit).</summary>
    public DateTime PublishedAt { get; set; }
    public DateTime ReplacedAt { get; set; }
}

public sealed class Like
{
    public long PostId { get; set; }
    public long MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Bookmark
{
    public long MemberId { get; set; }
    public long PostId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(p => p.Text).HasMaxLength(Post.MaxLength * 2);
        b.Property(p => p.ContentWarning).HasMaxLength(200);
        b.Property(p => p.ContextKind).HasMaxLength(40);
        b.Property(p => p.Audience).HasConversion<string>().HasMaxLength(20);
        b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Group>().WithMany().HasForeignKey(p => p.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.RepostOf).WithMany().HasForeignKey(p => p.RepostOfId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.ReplyToId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.ThreadRootId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.QuoteOfId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.AuthorId, p.Id });
        b.HasIndex(p => new { p.ThreadRootId, p.Id });
        b.HasIndex(p => p.ReplyToId);
        b.HasIndex(p => new { p.GroupId, p.Id });
        b.HasIndex(p => new { p.ContextKind, p.ContextId, p.Id });
        // One repost per member per post: the index turns a replayed repost into a conflict.
        b.HasIndex(p => new { p.RepostOfId, p.AuthorId }).IsUnique();
        b.HasMany(p => p.Media).WithOne().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Tags).WithOne().HasForeignKey(t => t.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Mentions).WithOne().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Papers).WithOne().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PostMediaConfiguration : IEntityTypeConfiguration<PostMedia>
{
    public void Configure(EntityTypeBuilder<PostMedia> b)
    {
        b.Property(m => m.Key).HasMaxLength(200);
        b.Property(m => m.ThumbnailKey).HasMaxLength(200);
        b.Property(m => m.ContentType).HasMaxLength(40);
        b.Property(m => m.AltText).HasMaxLength(1500);
        b.Property(m => m.FaceBoxes).HasMaxLength(2000);
        b.HasIndex(m => new { m.OwnerId, m.PostId });
        b.HasIndex(m => m.CaseId);
        b.HasIndex(m => m.LessonId);
        b.HasIndex(m => m.QuizItemId);
        b.HasOne<Member>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PostTagConfiguration : IEntityTypeConfiguration<PostTag>
{
    public void Configure(EntityTypeBuilder<PostTag> b)
    {
        b.HasKey(t => new { t.Tag, t.PostId });
        b.Property(t => t.Tag).HasMaxLength(100);
        b.HasIndex(t => t.PostId);
    }
}

public sealed class PostMentionConfiguration : IEntityTypeConfiguration<PostMention>
{
    public void Configure(EntityTypeBuilder<PostMention> b)
    {
        b.HasKey(m => new { m.PostId, m.MemberId });
        b.Property(m => m.Handle).HasMaxLength(30);
        b.HasIndex(m => m.MemberId);
        b.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PostPaperConfiguration : IEntityTypeConfiguration<PostPaper>
{
    public void Configure(EntityTypeBuilder<PostPaper> b)
    {
        b.HasKey(p => new { p.PaperKey, p.PostId });
        b.Property(p => p.PaperKey).HasMaxLength(200);
        b.HasIndex(p => p.PostId);
    }
}

public sealed class PostEditConfiguration : IEntityTypeConfiguration<PostEdit>
{
    public void Configure(EntityTypeBuilder<PostEdit> b)
    {
        b.Property(e => e.Text).HasMaxLength(Post.MaxLength * 2);
        b.Property(e => e.ContentWarning).HasMaxLength(200);
        b.HasIndex(e => new { e.PostId, e.Id });
        b.HasOne<Post>().WithMany().HasForeignKey(e => e.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LikeConfiguration : IEntityTypeConfiguration<Like>
{
    public void Configure(EntityTypeBuilder<Like> b)
    {
        b.HasKey(l => new { l.PostId, l.MemberId });
        b.HasIndex(l => new { l.MemberId, l.PostId });
        b.HasOne<Post>().WithMany().HasForeignKey(l => l.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(l => l.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BookmarkConfiguration : IEntityTypeConfiguration<Bookmark>
{
    public void Configure(EntityTypeBuilder<Bookmark> b)
    {
        b.HasKey(x => new { x.MemberId, x.PostId });
        b.HasIndex(x => x.PostId);
        b.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
