using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
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

/// <summary>
/// Turns posts into views for one viewer through the one audience check. A page costs a fixed number of round trips: the posts with their
/// authors (narrow columns), then one for the viewer's blocks, mutes, likes, bookmarks and reposts together; text-derived parts and mentions
/// come from <see cref="PostCards"/>; media, polls, quotes, reposted originals and event messages add a query only when the page has them.
/// </summary>
public static class PostViews
{
    /// <summary>What every card shows, narrowly: the post's columns and its author's public ones (not the whole account row).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Post, Post>> Card = p => new Post
    {
        Id = p.Id, AuthorId = p.AuthorId, Text = p.Text, ContentWarning = p.ContentWarning, Audience = p.Audience, GroupId = p.GroupId,
        ReplyToId = p.ReplyToId, ReplyToAuthorId = p.ReplyToAuthorId, ThreadRootId = p.ThreadRootId, RepostOfId = p.RepostOfId, QuoteOfId = p.QuoteOfId,
        ContextKind = p.ContextKind, ContextId = p.ContextId, CreatedAt = p.CreatedAt, EditedAt = p.EditedAt, DeletedAt = p.DeletedAt,
        ReplyCount = p.ReplyCount, RepostCount = p.RepostCount, QuoteCount = p.QuoteCount, LikeCount = p.LikeCount, MediaCount = p.MediaCount,
        Author = new Member
        {
            Id = p.Author.Id, UserName = p.Author.UserName, DisplayName = p.Author.DisplayName, Profession = p.Author.Profession,
            VerifiedAt = p.Author.VerifiedAt, VerifiedUntil = p.Author.VerifiedUntil, AvatarKey = p.Author.AvatarKey,
        },
    };

    /// <summary>The posts of a query as cards (see <see cref="Card"/>), each repost with its original; not tracked.</summary>
    public static async Task<List<Post>> LoadCardsAsync(RoundsDb db, IQueryable<Post> posts, CancellationToken ct) =>
        await WithOriginalsAsync(db, await posts.AsNoTracking().Select(Card).ToListAsync(ct), ct);

    /// <summary>Cards as loaded by a compiled query (see <see cref="Card"/>), each repost with its original.</summary>
    public static async Task<List<Post>> LoadCardsAsync(RoundsDb db, IAsyncEnumerable<Post> posts, CancellationToken ct)
    {
        var list = new List<Post>();
        await foreach (var p in posts.WithCancellation(ct)) list.Add(p);
        return await WithOriginalsAsync(db, list, ct);
    }

    private static async Task<List<Post>> WithOriginalsAsync(RoundsDb db, List<Post> list, CancellationToken ct)
    {
        var originalIds = list.Where(p => p.RepostOfId is not null).Select(p => p.RepostOfId!.Value).Distinct().ToArray();
        if (originalIds.Length > 0)
        {
            var originals = (await db.Posts.AsNoTracking().Where(p => EF.Parameter(originalIds).Contains(p.Id)).Select(Card).ToListAsync(ct)).ToDictionary(p => p.Id);
            foreach (var p in list) p.RepostOf = p.RepostOfId is { } o ? originals.GetValueOrDefault(o) : null;
        }
        return list;
    }

    /// <summary>One post as a card, or null.</summary>
    public static async Task<Post?> LoadCardAsync(RoundsDb db, long id, CancellationToken ct) =>
        (await LoadCardsAsync(db, db.Posts.Where(p => p.Id == id), ct)).SingleOrDefault();

    /// <summary>What the viewer did to the posts of a page, read with their blocks and mutes.</summary>
    private sealed class Marks
    {
        public readonly HashSet<long> Liked = [], Bookmarked = [], Reposted = [];

        public void Add(IEnumerable<Relation> relations)
        {
            foreach (var r in relations)
                (r.Kind switch { Relation.Liked => Liked, Relation.Bookmarked => Bookmarked, Relation.Reposted => Reposted, _ => null })?.Add(r.Id);
        }
    }

    /// <summary>
    /// The posts this viewer may see, as views, in the given order. A repost is visible only when its original is;
    /// posts of muted accounts are dropped; deleted posts are dropped, or kept as tombstones for threads.
    /// </summary>
    public static async Task<List<PostView>> VisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, IReadOnlyCollection<Post> posts,
        DateTime now, CancellationToken ct, bool tombstones = false, bool hideMuted = true)
    {
        var candidates = posts.Where(p => tombstones || (!p.IsDeleted && p.RepostOf?.IsDeleted != true)).ToList();
        var withOriginals = candidates.SelectMany(p => p.RepostOf is null ? [p] : new[] { p, p.RepostOf }).ToList();
        var live = withOriginals.Where(p => !p.IsDeleted).ToList();
        var cards = await audiences.Cards.ForAsync(db, live, ct);
        foreach (var p in live) p.Mentions = [.. cards[p.Id].Mentions]; // the audience of a direct post is its mentions
        var marks = new Marks();
        if (viewer.Id is { } me && candidates.Count > 0)
        {
            // Blocks (both ways), mutes and the viewer's marks on the shown posts in one round trip; the audience check reuses the blocks.
            var ids = candidates.Select(p => (p.RepostOf ?? p).Id).Distinct().ToArray();
            // The relations the audience check will ask about come in the same statement: follows of the authors of followers-only
            // posts and memberships of the groups posted to.
            var targets = withOriginals.Where(p => p.AuthorId != me).ToList();
            var owners = targets.Where(p => p.Audience == Audience.Followers).Select(p => p.AuthorId).Distinct().ToArray();
            var groups = targets.Where(p => p.Audience == Audience.Group && p.GroupId is not null).Select(p => p.GroupId!.Value).Distinct().ToArray();
            var relations = await RelationsAsync(db, me, ids, owners, groups, ct);
            audiences.Remember(me, relations.Where(r => r.Kind == Relation.Blocked).Select(r => r.Id));
            audiences.RememberFollows(me, owners, relations.Where(r => r.Kind == Relation.Follows).Select(r => r.Id));
            audiences.RememberGroups(me, groups, relations.Where(r => r.Kind == Relation.InGroup).Select(r => r.Id));
            marks.Add(relations);
            var muted = relations.Where(r => r.Kind == Relation.Muted).Select(r => r.Id).ToHashSet();
            if (hideMuted && muted.Count > 0)
                candidates = candidates.Where(p => !muted.Contains(p.AuthorId) && (p.RepostOf is null || !muted.Contains(p.RepostOf.AuthorId))).ToList();
        }
        var visible = await audiences.FilterAsync(viewer, candidates, p => p.Target, ct);
        var originals = visible.Where(p => p.RepostOf is not null).Select(p => p.RepostOf!).ToList();
        var visibleOriginals = (await audiences.FilterAsync(viewer, originals, p => p.Target, ct)).Select(p => p.Id).ToHashSet();
        visible = visible.Where(p => p.RepostOf is null || visibleOriginals.Contains(p.RepostOf.Id)).ToList();
        var outOfEvent = await HiddenEventPostsAsync(db, audiences, viewer, visible.Select(p => p.RepostOf ?? p), ct);
        if (outOfEvent.Count > 0) visible = visible.Where(p => !outOfEvent.Contains((p.RepostOf ?? p).Id)).ToList();
        return await BuildAsync(db, audiences, viewer, visible, cards, marks, now, ct);
    }

    /// <summary>
    /// The viewer's relations to a page (see <see cref="Relation"/>'s kinds). One statement whatever the page (the ids are one array parameter),
    /// compiled once: a page does not build and translate this query again.
    /// </summary>
    private static readonly Func<RoundsDb, long, long[], long[], long[], IAsyncEnumerable<Relation>> RelationsOf = EF.CompileAsyncQuery(
        (RoundsDb db, long me, long[] ids, long[] owners, long[] groups) =>
        db.Blocks.Where(b => b.BlockerId == me || b.BlockedId == me).Select(b => new Relation { Id = b.BlockerId == me ? b.BlockedId : b.BlockerId, Kind = Relation.Blocked })
            .Concat(db.Mutes.Where(m => m.MuterId == me).Select(m => new Relation { Id = m.MutedId, Kind = Relation.Muted }))
            .Concat(db.Likes.Where(l => l.MemberId == me && ids.Contains(l.PostId)).Select(l => new Relation { Id = l.PostId, Kind = Relation.Liked }))
            .Concat(db.Bookmarks.Where(b => b.MemberId == me && ids.Contains(b.PostId)).Select(b => new Relation { Id = b.PostId, Kind = Relation.Bookmarked }))
            .Concat(db.Posts.Where(p => p.AuthorId == me && p.RepostOfId != null && ids.Contains(p.RepostOfId.Value))
                .Select(p => new Relation { Id = p.RepostOfId!.Value, Kind = Relation.Reposted }))
            .Concat(db.Follows.Where(f => f.FollowerId == me && owners.Contains(f.FolloweeId)).Select(f => new Relation { Id = f.FolloweeId, Kind = Relation.Follows }))
            .Concat(db.GroupMemberships.Where(m => m.MemberId == me && groups.Contains(m.GroupId)).Select(m => new Relation { Id = m.GroupId, Kind = Relation.InGroup })));

    private static async Task<List<Relation>> RelationsAsync(RoundsDb db, long me, long[] ids, long[] owners, long[] groups, CancellationToken ct)
    {
        var list = new List<Relation>();
        await foreach (var r in RelationsOf(db, me, ids, owners, groups).WithCancellation(ct)) list.Add(r);
        return list;
    }

    /// <summary>One relation of a viewer, as the relation queries here and in the warm timeline pages read them.</summary>
    internal sealed class Relation
    {
        /// <summary>Blocked either way, muted, liked/bookmarked/reposted by the viewer, an author the viewer follows, a group they are in.</summary>
        public const int Blocked = 0, Muted = 1, Liked = 2, Bookmarked = 3, Reposted = 4, Follows = 5, InGroup = 6;

        public long Id { get; init; }
        public int Kind { get; init; }
    }

    /// <summary>
    /// Views of posts as anyone would see them before the audience check — no marks — for the warm timeline pages, which apply the check
    /// and splice in the viewer's marks themselves. Keyed by post id, originals of reposts included; null for a post such a page cannot
    /// show from memory (a quote, a poll or an event message: their views depend on the viewer) and for deleted posts.
    /// </summary>
    public static async Task<Dictionary<long, (Post Post, PostView? View)>> WarmViewsAsync(RoundsDb db, Audiences audiences, IReadOnlyCollection<Post> posts,
        DateTime now, CancellationToken ct)
    {
        var all = posts.Concat(posts.Where(p => p.RepostOf is not null).Select(p => p.RepostOf!)).DistinctBy(p => p.Id).ToList();
        var live = all.Where(p => !p.IsDeleted).ToList();
        var cards = await audiences.Cards.ForAsync(db, live, ct);
        foreach (var p in live) p.Mentions = [.. cards[p.Id].Mentions];
        bool Plain(Post p) => !p.IsDeleted && p.QuoteOfId is null && p.RepostOfId is null && !cards[p.Id].HasPoll && p.ContextKind != "event";
        var shown = all.Where(p => p.RepostOf is { } o ? !p.IsDeleted && Plain(o) : Plain(p)).ToList();
        var views = await BuildAsync(db, audiences, Viewer.Anonymous, shown, cards, new Marks(), now, ct);
        var byId = shown.Zip(views).ToDictionary(x => x.First.Id, x => x.Second);
        return all.ToDictionary(p => p.Id, p => (p, byId.GetValueOrDefault(p.Id)));
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

    private static async Task<List<PostView>> BuildAsync(RoundsDb db, Audiences audiences, Viewer viewer, List<Post> posts, Dictionary<long, CardContent> cards,
        Marks marks, DateTime now, CancellationToken ct)
    {
        if (posts.Count == 0) return [];
        var shown = posts.Select(p => p.RepostOf ?? p).ToList();

        // Quoted posts: loaded (with the viewer's marks on them) only when the page has quotes, and shown only when the viewer may see them.
        var quoteIds = shown.Where(p => p.QuoteOfId is not null && !p.IsDeleted).Select(p => p.QuoteOfId!.Value).Distinct().ToArray();
        var quotes = new Dictionary<long, Post>();
        if (quoteIds.Length > 0)
        {
            var loaded = (await LoadCardsAsync(db, db.Posts.Where(p => EF.Parameter(quoteIds).Contains(p.Id) && p.DeletedAt == null), ct)).Where(p => p.RepostOfId is null).ToList();
            foreach (var (id, card) in await audiences.Cards.ForAsync(db, loaded, ct)) cards[id] = card;
            foreach (var q in loaded) q.Mentions = [.. cards[q.Id].Mentions];
            var hiddenQuotes = await HiddenEventPostsAsync(db, audiences, viewer, loaded, ct);
            foreach (var q in await audiences.FilterAsync(viewer, loaded, p => p.Target, ct)) if (!hiddenQuotes.Contains(q.Id)) quotes[q.Id] = q;
            shown.AddRange(quotes.Values);
            if (viewer.Id is { } me && quotes.Count > 0)
                marks.Add(await RelationsAsync(db, me, [.. quotes.Keys], [], [], ct));
        }

        var withMedia = shown.Where(p => p.MediaCount > 0 && !p.IsDeleted).Select(p => p.Id).Distinct().ToArray();
        var media = withMedia.Length == 0 ? Array.Empty<PostMedia>().ToLookup(m => 0L) : (await db.PostMedia.AsNoTracking()
            .Where(m => m.PostId != null && EF.Parameter(withMedia).Contains(m.PostId.Value)).OrderBy(m => m.Position).ToListAsync(ct)).ToLookup(m => m.PostId!.Value);

        var withPolls = shown.Where(p => !p.IsDeleted && cards[p.Id].HasPoll).Select(p => p.Id).Distinct().ToList();
        var polls = withPolls.Count == 0 ? [] : await Polls.PollViews.ForPostsAsync(db, viewer, withPolls, now, ct);

        PostView View(Post p, PostView? repost)
        {
            if (p.IsDeleted) return ViewOf(p, null!, null, [], null, false, false, false, null, now);
            var quote = p.QuoteOfId is { } qid && quotes.TryGetValue(qid, out var q) ? View(q, null) : null;
            return ViewOf(p, cards[p.Id], repost, media[p.Id], quote, marks.Liked.Contains(p.Id), marks.Bookmarked.Contains(p.Id), marks.Reposted.Contains(p.Id),
                polls.GetValueOrDefault(p.Id), now);
        }

        return posts.Select(p => p.RepostOf is { } original
            ? new PostView(p.Id, MemberSummary.From(p.Author, now), "", "", null, p.Audience.ToString().ToLowerInvariant(), p.GroupId, null, null,
                View(original, null), null, null, [], [], [], [], p.CreatedAt, null, false, 0, 0, 0, 0, false, false, false, $"/posts/{original.Id}")
            : View(p, null)).ToList();
    }

    /// <summary>One post's view from what was loaded for it; a deleted post is a tombstone (no author, no text).</summary>
    private static PostView ViewOf(Post p, CardContent card, PostView? repost, IEnumerable<PostMedia> images, PostView? quote, bool liked, bool bookmarked,
        bool reposted, Polls.PollView? poll, DateTime now) =>
        p.IsDeleted
            ? new PostView(p.Id, null, "", "", null, p.Audience.ToString().ToLowerInvariant(), p.GroupId, p.ReplyToId, p.ThreadRootId, null, null, null,
                [], [], [], [], p.CreatedAt, p.EditedAt, true, p.ReplyCount, 0, 0, 0, false, false, false, $"/posts/{p.Id}")
            : new PostView(p.Id, MemberSummary.From(p.Author, now), p.Text, card.Html, p.ContentWarning,
                p.Audience.ToString().ToLowerInvariant(), p.GroupId, p.ReplyToId, p.ThreadRootId, repost, quote, p.QuoteOfId,
                images.Select(m => ToView(m)).ToList(), card.Hashtags, card.Handles, card.Papers,
                p.CreatedAt, p.EditedAt, false, p.ReplyCount, p.RepostCount, p.QuoteCount, p.LikeCount, liked, bookmarked, reposted, $"/posts/{p.Id}",
                p.ContextKind switch { "case" => $"/cases/{p.ContextId}", "quiz" => $"/quizzes/items/{p.ContextId}", "event" => $"/events/{p.ContextId}/room", _ => null }, poll);

    /// <summary>
    /// The view of a post its author has just written, from the entity in memory (its author, mentions, tags and images are all there):
    /// the author may always see it, nobody has liked or shared it yet, and no database round trip is needed to answer.
    /// Null when the post quotes another (that view goes through the audience check of the quoted post).
    /// </summary>
    public static PostView? OfNewPost(Post post, Member author, DateTime now)
    {
        if (post.QuoteOfId is not null || post.RepostOfId is not null) return null;
        post.Author = author;
        var handles = post.Mentions.Select(m => m.Handle).ToHashSet();
        var card = new CardContent(post.Mentions, PostText.ToHtml(post.Text, handles), PostText.Hashtags(post.Text), handles.Order().ToList(),
            PostText.Papers(post.Text), HasPoll: false);
        return ViewOf(post, card, null, post.Media.OrderBy(m => m.Position), null, false, false, false, null, now);
    }

    public static MediaView ToView(PostMedia m) =>
        new(m.Id, $"/media/posts/{m.Id}", $"/media/posts/{m.Id}/preview", m.AltText, m.Width, m.Height,
            m.FaceCount switch { null => "unchecked", 0 => "none", _ => "faces" }, FaceBoxes.Parse(m.FaceBoxes), m.MaskedAt is not null);
}
