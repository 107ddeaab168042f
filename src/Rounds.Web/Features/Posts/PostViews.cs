using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure.Audiences;

using Rounds.Web.Infrastructure.Images;

namespace Rounds.Web.Features.Posts;

/// <summary>An image; <see cref="FaceCheck"/> is "none", "faces" (see <see cref="Faces"/>) or "unchecked" (the detector was unavailable).</summary>
public sealed record MediaView(long Id, string Url, string PreviewUrl, string? AltText, int Width, int Height, string FaceCheck, IReadOnlyList<Box> Faces,
    bool Masked);

/// <summary>A post as a viewer sees it. A deleted post in a thread is a tombstone: no author, no text.</summary>
public sealed record PostView(
    long Id, MemberSummary? Author, string Text, string Html, string? ContentWarning, string Audience, long? GroupId,
    long? InReplyToId, long? ThreadRootId, PostView? Repost, PostView? Quote, long? QuoteOfId,
    IReadOnlyList<MediaView> Media, IReadOnlyList<string> Hashtags, IReadOnlyList<string> Mentions, IReadOnlyList<string> Papers,
    DateTime CreatedAt, DateTime? EditedAt, bool Deleted, int Replies, int Reposts, int Quotes, int Likes,
    bool Liked, bool Bookmarked, bool Reposted, string Url, string? ContextUrl = null, Polls.PollView? Poll = null);

/// <summary>Turns posts into views for one viewer: loads what the cards need in a fixed number of queries and applies the audience check.</summary>
public static class PostViews
{
    /// <summary>Posts with what every card shows: the author, and for a repost the original with its author.</summary>
    public static IQueryable<Post> ForCards(this IQueryable<Post> posts) =>
        posts.Include(p => p.Author).Include(p => p.RepostOf).ThenInclude(r => r!.Author).AsNoTracking();

    /// <summary>Fills <see cref="Post.Mentions"/> (and those of reposted originals) in one query; the audience of direct posts depends on them.</summary>
    public static async Task LoadMentionsAsync(RoundsDb db, IEnumerable<Post> posts, CancellationToken ct)
    {
        var all = posts.SelectMany(p => p.RepostOf is null ? [p] : new[] { p, p.RepostOf }).Where(p => p.Audience == Audience.Direct || p.Text.Contains('@')).ToList();
        if (all.Count == 0) return;
        var ids = all.Select(p => p.Id).Distinct().ToList();
        var mentions = await db.PostMentions.AsNoTracking().Where(m => ids.Contains(m.PostId)).ToListAsync(ct);
        var byPost = mentions.ToLookup(m => m.PostId);
        foreach (var p in all) p.Mentions = byPost[p.Id].ToList();
    }

    /// <summary>
    /// The posts this viewer may see, as views, in the given order. A repost is visible only when its original is;
    /// posts of muted accounts are dropped; deleted posts are dropped, or kept as tombstones for threads.
    /// </summary>
    public static async Task<List<PostView>> VisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, IReadOnlyCollection<Post> posts,
        DateTime now, CancellationToken ct, bool tombstones = false, bool hideMuted = true)
    {
        await LoadMentionsAsync(db, posts, ct);
        var candidates = posts.Where(p => tombstones || (!p.IsDeleted && p.RepostOf?.IsDeleted != true)).ToList();
        if (viewer.Id is { } me && candidates.Count > 0)
        {
            // Blocks (both ways) and mutes in one round trip; the audience check reuses the blocks.
            var relations = await db.Blocks.Where(b => b.BlockerId == me || b.BlockedId == me).Select(b => new { Other = b.BlockerId == me ? b.BlockedId : b.BlockerId, Mute = 0 })
                .Concat(db.Mutes.Where(m => m.MuterId == me).Select(m => new { Other = m.MutedId, Mute = 1 })).ToListAsync(ct);
            audiences.Remember(me, relations.Where(r => r.Mute == 0).Select(r => r.Other));
            var muted = relations.Where(r => r.Mute == 1).Select(r => r.Other).ToHashSet();
            if (hideMuted && muted.Count > 0)
                candidates = candidates.Where(p => !muted.Contains(p.AuthorId) && (p.RepostOf is null || !muted.Contains(p.RepostOf.AuthorId))).ToList();
        }
        var visible = await audiences.FilterAsync(viewer, candidates, p => p.Target, ct);
        var originals = visible.Where(p => p.RepostOf is not null).Select(p => p.RepostOf!).ToList();
        var visibleOriginals = (await audiences.FilterAsync(viewer, originals, p => p.Target, ct)).Select(p => p.Id).ToHashSet();
        visible = visible.Where(p => p.RepostOf is null || visibleOriginals.Contains(p.RepostOf.Id)).ToList();
        var outOfEvent = await HiddenEventPostsAsync(db, audiences, viewer, visible.Select(p => p.RepostOf ?? p), ct);
        if (outOfEvent.Count > 0) visible = visible.Where(p => !outOfEvent.Contains((p.RepostOf ?? p).Id)).ToList();
        return await BuildAsync(db, audiences, viewer, visible, now, ct);
    }

    /// <summary>
    /// Event messages the viewer may not see outside the room either: those of an event hidden from them (a block with its organizer,
    /// a group they are not in) and those its moderators hid (the author and the site's moderators still see a hidden one).
    /// </summary>
    public static async Task<HashSet<long>> HiddenEventPostsAsync(RoundsDb db, Audiences audiences, Viewer viewer, IEnumerable<Post> posts, CancellationToken ct)
    {
        var eventPosts = posts.Where(p => p.ContextKind == "event" && p.ContextId is not null).DistinctBy(p => p.Id).ToList();
        if (eventPosts.Count == 0) return [];
        var eventIds = eventPosts.Select(p => p.ContextId!.Value).Distinct().ToList();
        var events = await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToListAsync(ct);
        var seen = (await audiences.FilterAsync(viewer, events, e => e.Target, ct)).Select(e => e.Id).ToHashSet();
        var excluded = eventPosts.Where(p => !seen.Contains(p.ContextId!.Value)).Select(p => p.Id).ToHashSet();
        var others = eventPosts.Where(p => p.AuthorId != viewer.Id && !excluded.Contains(p.Id)).Select(p => p.Id).ToList();
        if (others.Count > 0 && viewer.Kind is not (ViewerKind.Moderator or ViewerKind.Admin))
            excluded.UnionWith(await db.EventMessages.Where(m => others.Contains(m.PostId) && m.HiddenAt != null).Select(m => m.PostId).ToListAsync(ct));
        return excluded;
    }

    private static async Task<List<PostView>> BuildAsync(RoundsDb db, Audiences audiences, Viewer viewer, List<Post> posts, DateTime now, CancellationToken ct)
    {
        if (posts.Count == 0) return [];
        var shown = posts.Select(p => p.RepostOf ?? p).ToList();

        // Quoted posts: loaded in one query and shown only when the viewer may see them.
        var quoteIds = shown.Where(p => p.QuoteOfId is not null && !p.IsDeleted).Select(p => p.QuoteOfId!.Value).Distinct().ToList();
        var quotes = new Dictionary<long, Post>();
        if (quoteIds.Count > 0)
        {
            var loaded = await db.Posts.Where(p => quoteIds.Contains(p.Id) && p.DeletedAt == null).ForCards().ToListAsync(ct);
            await LoadMentionsAsync(db, loaded, ct);
            var hiddenQuotes = await HiddenEventPostsAsync(db, audiences, viewer, loaded, ct);
            foreach (var q in await audiences.FilterAsync(viewer, loaded, p => p.Target, ct)) if (!hiddenQuotes.Contains(q.Id)) quotes[q.Id] = q;
            shown.AddRange(quotes.Values);
        }

        var withMedia = shown.Where(p => p.MediaCount > 0 && !p.IsDeleted).Select(p => p.Id).Distinct().ToList();
        var media = withMedia.Count == 0 ? Array.Empty<PostMedia>().ToLookup(m => 0L) : (await db.PostMedia.AsNoTracking().Where(m => m.PostId != null && withMedia.Contains(m.PostId.Value))
            .OrderBy(m => m.Position).ToListAsync(ct)).ToLookup(m => m.PostId!.Value);

        var ids = shown.Select(p => p.Id).Distinct().ToList();
        var polls = await Polls.PollViews.ForPostsAsync(db, viewer, shown.Where(p => !p.IsDeleted).Select(p => p.Id).Distinct().ToList(), now, ct);
        HashSet<long> liked = [], bookmarked = [], reposted = [];
        if (viewer.Id is { } me)
        {
            // What the viewer did to these posts, in one round trip.
            var marks = await db.Likes.Where(l => l.MemberId == me && ids.Contains(l.PostId)).Select(l => new { l.PostId, Kind = 0 })
                .Concat(db.Bookmarks.Where(b => b.MemberId == me && ids.Contains(b.PostId)).Select(b => new { b.PostId, Kind = 1 }))
                .Concat(db.Posts.Where(p => p.AuthorId == me && p.RepostOfId != null && ids.Contains(p.RepostOfId.Value)).Select(p => new { PostId = p.RepostOfId!.Value, Kind = 2 }))
                .ToListAsync(ct);
            liked = marks.Where(m => m.Kind == 0).Select(m => m.PostId).ToHashSet();
            bookmarked = marks.Where(m => m.Kind == 1).Select(m => m.PostId).ToHashSet();
            reposted = marks.Where(m => m.Kind == 2).Select(m => m.PostId).ToHashSet();
        }

        PostView View(Post p, PostView? repost)
        {
            if (p.IsDeleted)
                return new PostView(p.Id, null, "", "", null, p.Audience.ToString().ToLowerInvariant(), p.GroupId, p.ReplyToId, p.ThreadRootId, null, null, null,
                    [], [], [], [], p.CreatedAt, p.EditedAt, true, p.ReplyCount, 0, 0, 0, false, false, false, $"/posts/{p.Id}");
            var handles = p.Mentions.Select(m => m.Handle).ToHashSet();
            var quote = p.QuoteOfId is { } qid && quotes.TryGetValue(qid, out var q) ? View(q, null) : null;
            return new PostView(p.Id, MemberSummary.From(p.Author, now), p.Text, PostText.ToHtml(p.Text, handles), p.ContentWarning,
                p.Audience.ToString().ToLowerInvariant(), p.GroupId, p.ReplyToId, p.ThreadRootId, repost, quote, p.QuoteOfId,
                media[p.Id].Select(m => ToView(m)).ToList(), PostText.Hashtags(p.Text), handles.Order().ToList(), PostText.Papers(p.Text),
                p.CreatedAt, p.EditedAt, false, p.ReplyCount, p.RepostCount, p.QuoteCount, p.LikeCount,
                liked.Contains(p.Id), bookmarked.Contains(p.Id), reposted.Contains(p.Id), $"/posts/{p.Id}",
                p.ContextKind switch { "case" => $"/cases/{p.ContextId}", "quiz" => $"/quizzes/items/{p.ContextId}", "event" => $"/events/{p.ContextId}/room", _ => null }, polls.GetValueOrDefault(p.Id));
        }

        return posts.Select(p => p.RepostOf is { } original
            ? new PostView(p.Id, MemberSummary.From(p.Author, now), "", "", null, p.Audience.ToString().ToLowerInvariant(), p.GroupId, null, null,
                View(original, null), null, null, [], [], [], [], p.CreatedAt, null, false, 0, 0, 0, 0, false, false, false, $"/posts/{original.Id}")
            : View(p, null)).ToList();
    }

    public static MediaView ToView(PostMedia m) =>
        new(m.Id, $"/media/posts/{m.Id}", $"/media/posts/{m.Id}/preview", m.AltText, m.Width, m.Height,
            m.FaceCount switch { null => "unchecked", 0 => "none", _ => "faces" }, FaceBoxes.Parse(m.FaceBoxes), m.MaskedAt is not null);
}
