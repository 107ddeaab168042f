using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Changes;
using Relation = Rounds.Web.Features.Posts.PostViews.Relation;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// Home and hashtag pages from memory (decision 0002, "Warm timeline pages"): the newest ids of each timeline read recently, each post's
/// card already serialized, and per viewer what the audience check and the card's marks need (blocks, mutes, follows, groups, likes,
/// bookmarks, reposts). A page is the ids' slice, <see cref="Audiences.Allows"/> for each post, and the cards written one after another
/// with the viewer's marks spliced in — byte for byte what <see cref="Timeline.ReadAsync"/> answers.
/// <para>
/// Coherent through the <see cref="ChangeLog"/>: every write to a table a page depends on logs the keys it changed, in its own transaction,
/// and the log is read before a page is served whenever this node wrote (other nodes' writes within the poll interval). Entries read from
/// the database while a change was being applied are not kept. Pages this cannot serve exactly — ascending pages (<c>min_id</c> alone),
/// pages past the ids kept, posts with quotes, polls or event messages — return null and take the database path.
/// </para>
/// </summary>
public sealed class WarmTimelines : IDisposable
{
    private readonly TimelineOptions _options;
    private readonly ChangeLog _changes;
    private readonly JsonSerializerOptions _json;
    private readonly MemoryCache _windows, _viewers;
    // Cards are looked up twenty-odd times a page: a plain dictionary, bounded by dropping a slice of it when full (see Keep).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Card> _cards = new();
    private int _cardCount;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _memberVersions = new();
    private long _stamps;

    public WarmTimelines(TimelineOptions options, ChangeLog changes, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        _options = options;
        _changes = changes;
        _json = json.Value.SerializerOptions;
        _windows = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.WarmTimelines) });
        _viewers = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.WarmTimelines) });
        changes.Changed += Apply;
    }

    private bool Enabled => _options.WarmTimelines > 0 && _options.WarmCards > 0;

    private long _served, _passed;

    /// <summary>Pages answered from memory, and pages handed to the database path, since the node started.</summary>
    public (long Served, long Passed) Counts => (Interlocked.Read(ref _served), Interlocked.Read(ref _passed));

    /// <summary>A timeline's newest ids (descending); <c>Complete</c> when they are all of it.</summary>
    private sealed record Window(long[] Ids, bool Complete);

    /// <summary>A post's card as anyone sees it, serialized, with what the audience check and the marks need.</summary>
    internal sealed class Card
    {
        public long Id, Stamp, OriginalId, OriginalStamp;
        /// <summary>The post whose marks the card shows: a repost shows its original's.</summary>
        public long MarkId => OriginalId != 0 ? OriginalId : Id;
        public bool Deleted, Unsupported;
        public AudienceTarget Target = null!;
        public long AuthorId;
        public int AuthorVersion;
        public DateTime ValidUntil;
        public byte[] Json = [];
        public int FlagsAt;
    }

    /// <summary>What one viewer relates to; marks only for posts with ids from <c>Floor</c> on.</summary>
    internal sealed class ViewerState
    {
        public readonly HashSet<long> Blocked = [], Muted = [], Follows = [], Groups = [], Liked = [], Bookmarked = [], Reposted = [];
        public long Floor;
    }

    internal static readonly byte[] NoMarks = "\"liked\":false,\"bookmarked\":false,\"reposted\":false"u8.ToArray();

    private void Apply(ChangeSet? set)
    {
        if (set is null)
        {
            _windows.Clear();
            _cards.Clear();
            Volatile.Write(ref _cardCount, 0);
            _viewers.Clear();
            return;
        }
        foreach (var id in set.Posts) if (_cards.TryRemove(id, out _)) Interlocked.Decrement(ref _cardCount);
        foreach (var id in set.Members) _memberVersions.AddOrUpdate(id, 1, (_, v) => v + 1);
        foreach (var id in set.Viewers) _viewers.Remove(id);
        foreach (var id in set.Homes) _windows.Remove(id);
        foreach (var tag in set.Tags) _windows.Remove(tag);
    }

    private int VersionOf(long member) => _memberVersions.GetValueOrDefault(member);

    /// <summary>Keeps an entry read from the database, unless a change was applied while it was read.</summary>
    private void Keep(MemoryCache cache, object key, object value, long epoch)
    {
        cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1 });
        if (_changes.Epoch != epoch) cache.Remove(key);
    }

    private void KeepCard(Card card, long epoch)
    {
        if (_cards.TryAdd(card.Id, card)) Interlocked.Increment(ref _cardCount);
        else _cards[card.Id] = card;
        if (_changes.Epoch != epoch && _cards.TryRemove(card.Id, out _)) Interlocked.Decrement(ref _cardCount);
        if (Volatile.Read(ref _cardCount) > Math.Max(1, _options.WarmCards))
        {
            // Full: drop about a tenth, oldest ids first (ids grow with time, and timelines show the newest posts).
            var drop = _cards.Keys.Order().Take(Math.Max(1, _options.WarmCards / 10)).ToList();
            foreach (var id in drop) if (_cards.TryRemove(id, out _)) Interlocked.Decrement(ref _cardCount);
        }
    }

    public Task<WarmPage?> HomeAsync(RoundsDb db, Audiences audiences, Viewer viewer, PageRequest page, DateTime now, CancellationToken ct) =>
        viewer.Id is { } me ? PageAsync(db, audiences, viewer, me, page, now, ct) : Task.FromResult<WarmPage?>(null);

    public Task<WarmPage?> TagAsync(RoundsDb db, Audiences audiences, Viewer viewer, string tag, PageRequest page, DateTime now, CancellationToken ct) =>
        PageAsync(db, audiences, viewer, PostText.NormalizeTag(tag), page, now, ct);

    private static readonly Func<RoundsDb, long, int, IAsyncEnumerable<long>> HomeIds = EF.CompileAsyncQuery((RoundsDb db, long me, int n) =>
        db.FeedEntries.Where(f => f.MemberId == me && db.Posts.Any(p => p.Id == f.PostId)).OrderByDescending(f => f.PostId).Select(f => f.PostId).Take(n));

    private static readonly Func<RoundsDb, string, int, IAsyncEnumerable<long>> TagIds = EF.CompileAsyncQuery((RoundsDb db, string tag, int n) =>
        db.PostTags.Where(x => x.Tag == tag).OrderByDescending(x => x.PostId).Select(x => x.PostId).Take(n));

    private async Task<Window> WindowAsync(RoundsDb db, object key, long epoch, CancellationToken ct)
    {
        if (_windows.TryGetValue(key, out Window? w)) return w!;
        var n = Math.Max(_options.WarmWindow, 1);
        var ids = new List<long>(n + 1);
        await foreach (var id in (key is long me ? HomeIds(db, me, n + 1) : TagIds(db, (string)key, n + 1)).WithCancellation(ct)) ids.Add(id);
        w = new Window([.. ids.Take(n)], ids.Count <= n);
        Keep(_windows, key, w, epoch);
        return w;
    }

    private async Task<WarmPage?> PageAsync(RoundsDb db, Audiences audiences, Viewer viewer, object key, PageRequest page, DateTime now, CancellationToken ct)
    {
        var warm = await ReadAsync(db, audiences, viewer, key, page, now, ct);
        Interlocked.Increment(ref warm is null ? ref _passed : ref _served);
        return warm;
    }

    private async Task<WarmPage?> ReadAsync(RoundsDb db, Audiences audiences, Viewer viewer, object key, PageRequest page, DateTime now, CancellationToken ct)
    {
        if (!Enabled || (page.MinId is not null && page.MaxId is null)) return null; // ascending pages take the database path
        if (!await _changes.CatchUpAsync(db, ct)) return null;
        // A post removed since its timeline's ids were read (a withdrawn repost, an erased author: home rows stay until trimmed, and
        // removing a post logs the post, not the timelines holding it) has the ids read again, once, without it.
        for (var attempt = 0; ; attempt++)
        {
            var (warm, gone) = await ReadWindowAsync(db, audiences, viewer, key, page, now, ct);
            if (!gone || attempt > 0) return warm;
            _windows.Remove(key);
        }
    }

    private static readonly List<(Card, Card?)> Gone = [];

    private async Task<(WarmPage? Page, bool Gone)> ReadWindowAsync(RoundsDb db, Audiences audiences, Viewer viewer, object key, PageRequest page,
        DateTime now, CancellationToken ct)
    {
        var epoch = _changes.Epoch;
        var window = await WindowAsync(db, key, epoch, ct);
        var ids = window.Ids;
        long below = page.MaxId ?? long.MaxValue, above = page.MinId ?? page.SinceId ?? 0;
        var state = viewer.Id is { } me ? await ViewerAsync(db, me, ids.Length > 0 ? ids[^1] : long.MaxValue, epoch, ct) : null;

        // The same reading as Timeline.ReadAsync: slices of the ids, as many rounds, the same cursors.
        var take = page.Take;
        var items = new List<Card>(take);
        var i = FirstBelow(ids, below);
        var exhausted = false;
        long? scannedTo = null;
        for (var round = 0; round < 4 && items.Count < take; round++)
        {
            var slice = round == 0 ? take + Math.Max(take / 4, 4) : Math.Min(take * 2, 80);
            var end = i;
            while (end < ids.Length && end - i < slice && ids[end] > above) end++;
            if (end - i < slice)
            {
                if (end == ids.Length && !window.Complete) return (null, false); // past the ids kept
                exhausted = true;
            }
            if (end == i) break;
            var cards = await CardsAsync(db, audiences, ids.AsMemory(i, end - i), now, epoch, ct);
            if (cards is null || cards == Gone) return (null, cards == Gone);
            var room = take - items.Count;
            var added = 0;
            foreach (var (card, original) in cards)
            {
                if (!Visible(viewer, state, card, original)) continue;
                if (added == room) { exhausted = false; break; }
                items.Add(card);
                added++;
            }
            scannedTo = ids[end - 1];
            i = end;
            if (exhausted) break;
        }
        long? next = items.Count == take || !exhausted ? (items.Count > 0 ? items.Min(x => x.Id) : scannedTo) : null;
        long? prev = items.Count > 0 ? items.Max(x => x.Id) : page.SinceId ?? page.MinId;

        if (state is not null && items.Count > 0 && items.Min(x => x.MarkId) < state.Floor)
            state = await LoadViewerAsync(db, viewer.Id!.Value, items.Min(x => x.MarkId), epoch, ct);
        return (new WarmPage(items, state, next, prev), false);
    }

    /// <summary>Index of the first id below the bound (ids descending).</summary>
    private static int FirstBelow(long[] ids, long below)
    {
        int lo = 0, hi = ids.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ids[mid] >= below) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static bool Visible(Viewer viewer, ViewerState? state, Card card, Card? original)
    {
        if (card.Deleted || original?.Deleted == true) return false;
        if (state is not null && (state.Muted.Contains(card.AuthorId) || (original is not null && state.Muted.Contains(original.AuthorId)))) return false;
        IReadOnlySet<long> none = EmptySet;
        if (!Audiences.Allows(viewer, card.Target, state?.Blocked ?? none, state?.Groups ?? none, state?.Follows ?? none)) return false;
        return original is null || Audiences.Allows(viewer, original.Target, state?.Blocked ?? none, state?.Groups ?? none, state?.Follows ?? none);
    }

    private static readonly HashSet<long> EmptySet = [];

    /// <summary>
    /// The cards of the ids in order, each with its original when it is a repost; null when one cannot be shown from memory,
    /// <see cref="Gone"/> when a post no longer exists.
    /// </summary>
    private async Task<List<(Card Card, Card? Original)>?> CardsAsync(RoundsDb db, Audiences audiences, ReadOnlyMemory<long> ids, DateTime now, long epoch,
        CancellationToken ct)
    {
        var result = new List<(Card, Card?)>(ids.Length);
        List<long>? missing = null;
        foreach (var id in ids.Span)
        {
            var (card, original) = Cached(id, now);
            if (card is null) (missing ??= []).Add(id);
            result.Add((card!, original));
        }
        if (missing is not null)
        {
            var loaded = await LoadCardsAsync(db, audiences, missing, now, epoch, ct);
            for (var k = 0; k < result.Count; k++)
                if (result[k].Item1 is null)
                {
                    if (!loaded.TryGetValue(ids.Span[k], out var card)) return Gone; // removed since the ids were read
                    result[k] = (card, card.OriginalId != 0 ? loaded.GetValueOrDefault(card.OriginalId) : null);
                }
        }
        foreach (var (card, original) in result)
            if (card.Unsupported || (card.OriginalId != 0 && original is null)) return null;
        return result;
    }

    /// <summary>A cached card still valid (its author unchanged, not past a verification's end; for a repost, with its original).</summary>
    private (Card? Card, Card? Original) Cached(long id, DateTime now)
    {
        if (!_cards.TryGetValue(id, out var card) || !Valid(card, now)) return (null, null);
        if (card.OriginalId == 0) return (card, null);
        if (!_cards.TryGetValue(card.OriginalId, out var original) || original.Stamp != card.OriginalStamp || !Valid(original, now)) return (null, null);
        return (card, original);
    }

    private bool Valid(Card card, DateTime now) => card.Deleted || card.Unsupported ||
        (now < card.ValidUntil && VersionOf(card.AuthorId) == card.AuthorVersion);

    private async Task<Dictionary<long, Card>> LoadCardsAsync(RoundsDb db, Audiences audiences, List<long> ids, DateTime now, long epoch, CancellationToken ct)
    {
        var arr = ids.ToArray();
        var posts = await PostViews.LoadCardsAsync(db, db.Posts.Where(p => EF.Parameter(arr).Contains(p.Id)), ct);
        var views = await PostViews.WarmViewsAsync(db, audiences, posts, now, ct);
        var cards = new Dictionary<long, Card>(views.Count);
        // Originals first: a repost's card records the stamp of its original's.
        foreach (var (post, view) in views.Values.OrderBy(v => v.Post.RepostOfId is null ? 0 : 1))
        {
            var card = new Card
            {
                Id = post.Id, Stamp = Interlocked.Increment(ref _stamps), Deleted = post.IsDeleted, AuthorId = post.AuthorId,
                AuthorVersion = VersionOf(post.AuthorId), OriginalId = post.RepostOfId ?? 0,
                ValidUntil = DateTime.MaxValue,
            };
            // A repost of a deleted post is not shown, like a deleted post.
            Card? oc = null;
            if (post.RepostOf is { } original && cards.TryGetValue(original.Id, out oc))
            {
                card.OriginalStamp = oc.Stamp;
                if (oc.Deleted) card.Deleted = true;
            }
            if (!card.Deleted)
            {
                card.Target = post.Target;
                if (view is null || (card.OriginalId != 0 && (oc is null || oc.Unsupported))) card.Unsupported = true;
                else
                {
                    card.Json = JsonSerializer.SerializeToUtf8Bytes(view, _json);
                    card.FlagsAt = card.Json.AsSpan().IndexOf(NoMarks);
                    if (card.FlagsAt < 0) card.Unsupported = true;
                    // The author's "verified" badge ends with their verification.
                    foreach (var a in new[] { post.Author, post.RepostOf?.Author })
                        if (a is not null && a.IsVerified(now) && a.VerifiedUntil is { } until && until < card.ValidUntil) card.ValidUntil = until;
                }
            }
            cards[post.Id] = card;
            KeepCard(card, epoch);
        }
        return cards;
    }

    /// <summary>Everything a viewer relates to (all follows and groups, not only a page's), marks from the floor on; one statement.</summary>
    private static readonly Func<RoundsDb, long, long, IAsyncEnumerable<Relation>> RelationsOf = EF.CompileAsyncQuery((RoundsDb db, long me, long floor) =>
        db.Blocks.Where(b => b.BlockerId == me || b.BlockedId == me).Select(b => new Relation { Id = b.BlockerId == me ? b.BlockedId : b.BlockerId, Kind = Relation.Blocked })
            .Concat(db.Mutes.Where(m => m.MuterId == me).Select(m => new Relation { Id = m.MutedId, Kind = Relation.Muted }))
            .Concat(db.Likes.Where(l => l.MemberId == me && l.PostId >= floor).Select(l => new Relation { Id = l.PostId, Kind = Relation.Liked }))
            .Concat(db.Bookmarks.Where(b => b.MemberId == me && b.PostId >= floor).Select(b => new Relation { Id = b.PostId, Kind = Relation.Bookmarked }))
            .Concat(db.Posts.Where(p => p.AuthorId == me && p.RepostOfId != null && p.RepostOfId >= floor)
                .Select(p => new Relation { Id = p.RepostOfId!.Value, Kind = Relation.Reposted }))
            .Concat(db.Follows.Where(f => f.FollowerId == me).Select(f => new Relation { Id = f.FolloweeId, Kind = Relation.Follows }))
            .Concat(db.GroupMemberships.Where(m => m.MemberId == me).Select(m => new Relation { Id = m.GroupId, Kind = Relation.InGroup })));

    private async Task<ViewerState> ViewerAsync(RoundsDb db, long me, long floor, long epoch, CancellationToken ct) =>
        _viewers.TryGetValue(me, out ViewerState? s) && s!.Floor <= floor ? s : await LoadViewerAsync(db, me, floor, epoch, ct);

    private async Task<ViewerState> LoadViewerAsync(RoundsDb db, long me, long floor, long epoch, CancellationToken ct)
    {
        var s = new ViewerState { Floor = floor };
        await foreach (var r in RelationsOf(db, me, floor).WithCancellation(ct))
            (r.Kind switch
            {
                Relation.Blocked => s.Blocked, Relation.Muted => s.Muted, Relation.Liked => s.Liked, Relation.Bookmarked => s.Bookmarked,
                Relation.Reposted => s.Reposted, Relation.Follows => s.Follows, _ => s.Groups,
            }).Add(r.Id);
        Keep(_viewers, me, s, epoch);
        return s;
    }

    public void Dispose()
    {
        _changes.Changed -= Apply;
        _windows.Dispose();
        _viewers.Dispose();
    }
}

/// <summary>
/// A timeline page from memory (<see cref="WarmTimelines"/>), written straight to the response: the cards' bytes with the viewer's marks
/// spliced in — the same JSON <see cref="TimelinePage"/> would give.
/// </summary>
public sealed class WarmPage : IResult
{
    private readonly List<WarmTimelines.Card> _items;
    private readonly WarmTimelines.ViewerState? _state;
    private readonly byte[] _tail;

    internal WarmPage(List<WarmTimelines.Card> items, WarmTimelines.ViewerState? state, long? next, long? prev)
    {
        _items = items;
        _state = state;
        _tail = Encoding.UTF8.GetBytes($"],\"nextMaxId\":{(next is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")},\"prevMinId\":{(prev is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}}}");
    }

    private static ReadOnlySpan<byte> Open => "{\"items\":["u8;

    private bool Has(HashSet<long>? marks, long id) => marks?.Contains(id) == true;

    public async Task ExecuteAsync(HttpContext http)
    {
        var length = (long)Open.Length + _tail.Length + Math.Max(0, _items.Count - 1);
        foreach (var card in _items)
            length += card.Json.Length - WarmTimelines.NoMarks.Length + Marks(card.MarkId).Length;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = length;
        var writer = http.Response.BodyWriter;
        writer.Write(Open);
        for (var k = 0; k < _items.Count; k++)
        {
            if (k > 0) writer.Write(","u8);
            var card = _items[k];
            var json = card.Json.AsSpan();
            writer.Write(json[..card.FlagsAt]);
            writer.Write(Marks(card.MarkId)); // a repost's marks are its original's
            writer.Write(json[(card.FlagsAt + WarmTimelines.NoMarks.Length)..]);
        }
        writer.Write(_tail);
        await writer.FlushAsync(http.RequestAborted);
    }

    /// <summary>The viewer's three marks on a post, as the card's JSON spells them.</summary>
    private ReadOnlySpan<byte> Marks(long id) =>
        MarkTexts[(Has(_state?.Liked, id) ? 4 : 0) + (Has(_state?.Bookmarked, id) ? 2 : 0) + (Has(_state?.Reposted, id) ? 1 : 0)];

    private static readonly byte[][] MarkTexts = [.. Enumerable.Range(0, 8).Select(i => Encoding.UTF8.GetBytes(
        $"\"liked\":{((i & 4) != 0 ? "true" : "false")},\"bookmarked\":{((i & 2) != 0 ? "true" : "false")},\"reposted\":{((i & 1) != 0 ? "true" : "false")}"))];
}
