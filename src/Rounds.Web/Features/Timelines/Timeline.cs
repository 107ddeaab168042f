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

/// <summary>Yields the post ids of a timeline strictly between two bounds, newest first when ordered; the engine pages and filters.</summary>
public delegate IQueryable<long> TimelineSource(long? below, long? above);

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
            var q = source(below, above);
            var slab = (ascending ? q.OrderBy(id => id) : q.OrderByDescending(id => id)).Take(slice);
            // Ids and cards in one statement: the source's range scan is a subquery of the posts' primary-key lookup.
            var posts = await PostViews.LoadCardsAsync(db, db.Posts.Where(p => slab.Contains(p.Id)), ct);
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
