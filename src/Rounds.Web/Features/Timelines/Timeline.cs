using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// Cursor paging as Mastodon clients know it: <c>max_id</c> pages back (older than), <c>since_id</c> gives the
/// newest posts newer than an id, <c>min_id</c> the posts immediately newer than an id.
/// </summary>
public sealed record PageRequest(
    [FromQuery(Name = "max_id")] long? MaxId = null,
    [FromQuery(Name = "since_id")] long? SinceId = null,
    [FromQuery(Name = "min_id")] long? MinId = null,
    [FromQuery(Name = "limit")] int? Limit = null)
{
    public const int DefaultLimit = 20, MaxLimit = 40;
    public int Take => Math.Clamp(Limit ?? DefaultLimit, 1, MaxLimit);
}

/// <summary>A page of a timeline with the cursors for the next (older) and previous (newer) pages.</summary>
public sealed record TimelinePage(IReadOnlyList<PostView> Items, long? NextMaxId, long? PrevMinId);

/// <summary>One timeline (a kind and its key, e.g. the home timeline of one member); <see cref="Timeline.ReadAsync"/> pages and filters it.</summary>
public abstract class TimelineSource
{
    /// <summary>The newest <paramref name="take"/> posts strictly between the bounds (the oldest when ascending) as cards, in no particular order.</summary>
    internal abstract IAsyncEnumerable<Post> Cards(RoundsDb db, long below, long above, int take, bool ascending);
}

/// <summary>
/// A kind of timeline: its post ids strictly between two bounds for a key, as an expression. The page query (the ids' index range scan as a
/// subquery of the posts' primary-key lookup, projected to cards) is built from it and compiled once per direction, so reading a page
/// neither walks nor hashes an expression tree.
/// </summary>
public sealed class TimelineKind<TKey>
{
    private readonly Func<RoundsDb, TKey, long, long, int, IAsyncEnumerable<Post>> _newestFirst, _oldestFirst;

    public TimelineKind(Expression<Func<RoundsDb, TKey, long, long, IQueryable<long>>> ids)
    {
        _newestFirst = EF.CompileAsyncQuery(PageQuery(ids, nameof(Queryable.OrderByDescending)));
        _oldestFirst = EF.CompileAsyncQuery(PageQuery(ids, nameof(Queryable.OrderBy)));
    }

    public TimelineSource For(TKey key) => new Source(this, key);

    /// <summary>(db, key, below, above, take) => db.Posts.Where(p => ids(db, key, below, above).Order(id => id).Take(take).Contains(p.Id)).Select(Card)</summary>
    private static Expression<Func<RoundsDb, TKey, long, long, int, IQueryable<Post>>> PageQuery(
        Expression<Func<RoundsDb, TKey, long, long, IQueryable<long>>> ids, string order)
    {
        var (db, key, below, above) = (Expression.Parameter(typeof(RoundsDb), "db"), Expression.Parameter(typeof(TKey), "key"),
            Expression.Parameter(typeof(long), "below"), Expression.Parameter(typeof(long), "above"));
        var take = Expression.Parameter(typeof(int), "take");
        var source = new Rebind(ids.Parameters.Zip<ParameterExpression, Expression>([db, key, below, above]).ToDictionary()).Visit(ids.Body);
        Expression<Func<long, long>> self = id => id;
        var slab = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(long)],
            Expression.Call(typeof(Queryable), order, [typeof(long), typeof(long)], source, Expression.Quote(self)), take);
        var p = Expression.Parameter(typeof(Post), "p");
        var onSlab = Expression.Lambda<Func<Post, bool>>(
            Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(long)], slab, Expression.Property(p, nameof(Post.Id))), p);
        var posts = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(Post)], Expression.Property(db, nameof(RoundsDb.Posts)), Expression.Quote(onSlab));
        var cards = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Post), typeof(Post)], posts, Expression.Quote(PostViews.Card));
        return Expression.Lambda<Func<RoundsDb, TKey, long, long, int, IQueryable<Post>>>(cards, db, key, below, above, take);
    }

    private sealed class Rebind(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node, node);
    }

    private sealed class Source(TimelineKind<TKey> kind, TKey key) : TimelineSource
    {
        internal override IAsyncEnumerable<Post> Cards(RoundsDb db, long below, long above, int take, bool ascending) =>
            (ascending ? kind._oldestFirst : kind._newestFirst)(db, key, below, above, take);
    }
}

public static class Timeline
{
    /// <summary>Audiences that belong to the community timelines (local, hashtag, paper); the check still runs per viewer.</summary>
    public static readonly Audience[] LocalAudiences = [Audience.Public, Audience.Members, Audience.Clinicians];

    /// <summary>
    /// Reads ids from the source in slices, loads the posts, applies the audience check, and stops when the page is
    /// full or the source is exhausted; the cursors come from the ids read, so hidden posts are never re-scanned.
    /// </summary>
    public static async Task<TimelinePage> ReadAsync(RoundsDb db, Audiences audiences, Viewer viewer, TimelineSource source, PageRequest page,
        DateTime now, CancellationToken ct)
    {
        var take = page.Take;
        var ascending = page.MinId is not null && page.MaxId is null;
        long? below = page.MaxId, above = page.MinId ?? page.SinceId;
        var items = new List<PostView>();
        long? scannedTo = null; // the last id read from the source, in reading order
        var exhausted = false;
        for (var round = 0; round < 4 && items.Count < take; round++)
        {
            // A few more than the page on the first read (most posts on a timeline are visible); twice the page when refilling.
            var slice = round == 0 ? take + Math.Max(take / 4, 4) : Math.Min(take * 2, 80);
            // Ids and cards in one statement: the source's range scan is a subquery of the posts' primary-key lookup.
            var posts = await PostViews.LoadCardsAsync(db, source.Cards(db, below ?? long.MaxValue, above ?? 0, slice, ascending), ct);
            if (posts.Count < slice) exhausted = true;
            if (posts.Count == 0) break;
            var ids = posts.Select(p => p.Id).ToList();
            var ordered = ascending ? posts.OrderBy(p => p.Id).ToList() : posts.OrderByDescending(p => p.Id).ToList();
            var views = await PostViews.VisibleAsync(db, audiences, viewer, ordered, now, ct);
            var room = take - items.Count;
            items.AddRange(views.Take(room));
            if (views.Count > room) { exhausted = false; break; }
            scannedTo = ascending ? ids.Max() : ids.Min();
            if (exhausted) break;
            if (ascending) above = scannedTo; else below = scannedTo;
        }
        if (ascending) items.Reverse();
        long? next = items.Count == take || !exhausted ? (items.Count > 0 ? items.Min(i => i.Id) : scannedTo) : null;
        long? prev = items.Count > 0 ? items.Max(i => i.Id) : page.SinceId ?? page.MinId;
        return new TimelinePage(items, next, prev);
    }
}
