using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Rounds.Web.Data;

namespace Rounds.Web.Features.Posts;

/// <summary>What a post's text makes of its card, the same for every viewer: its mentions (the recipients of a direct post), the HTML,
/// hashtags and papers, and whether a poll belongs to it.</summary>
public sealed record CardContent(IReadOnlyList<PostMention> Mentions, string Html, IReadOnlyList<string> Hashtags, IReadOnlyList<string> Handles,
    IReadOnlyList<string> Papers, bool HasPoll);

/// <summary>
/// Cards by post id, in memory, so a timeline page does not query mentions and polls and render HTML again for posts already shown.
/// An entry is valid only for the version it was made from (the post's <see cref="Post.EditedAt"/> and text, read with the post on every page),
/// so an edit on any node is seen at once without invalidation; a post's poll and its mentions change only with the post.
/// Counters, authors, media, blocks and the viewer's own marks are never cached here: they are read with every page.
/// </summary>
public sealed class PostCards(PostOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(options.CardCacheSize, 1) });
    private readonly bool _enabled = options.CardCacheSize > 0;

    private sealed record Entry(DateTime? EditedAt, string Text, CardContent Card);

    /// <summary>Cards of the given (not deleted) posts, building the missing ones with at most one query.</summary>
    public async Task<Dictionary<long, CardContent>> ForAsync(RoundsDb db, IReadOnlyCollection<Post> posts, CancellationToken ct)
    {
        var cards = new Dictionary<long, CardContent>(posts.Count);
        List<Post>? missing = null;
        foreach (var p in posts)
        {
            if (cards.ContainsKey(p.Id)) continue;
            if (_enabled && _cache.TryGetValue(p.Id, out Entry? e) && e!.EditedAt == p.EditedAt && e.Text == p.Text) cards[p.Id] = e.Card;
            else if (missing?.Any(m => m.Id == p.Id) != true) (missing ??= []).Add(p);
        }
        if (missing is null) return cards;

        // Mentions (only where the text can hold one, or a direct post's recipients) and polls, in one round trip.
        var mentionIds = missing.Where(p => p.Audience == Infrastructure.Audiences.Audience.Direct || p.Text.Contains('@')).Select(p => p.Id).ToArray();
        var ids = missing.Select(p => p.Id).ToArray();
        var rows = await db.PostMentions.Where(m => EF.Parameter(mentionIds).Contains(m.PostId)).Select(m => new { m.PostId, m.MemberId, m.Handle })
            .Concat(db.Polls.Where(x => x.PostId != null && EF.Parameter(ids).Contains(x.PostId.Value)).Select(x => new { PostId = x.PostId!.Value, MemberId = 0L, Handle = "" }))
            .ToListAsync(ct);
        var byPost = rows.ToLookup(r => r.PostId);
        foreach (var p in missing)
        {
            var mentions = byPost[p.Id].Where(r => r.MemberId != 0).Select(r => new PostMention { PostId = p.Id, MemberId = r.MemberId, Handle = r.Handle }).ToList();
            var handles = mentions.Select(m => m.Handle).ToHashSet();
            var card = new CardContent(mentions, PostText.ToHtml(p.Text, handles), PostText.Hashtags(p.Text), handles.Order().ToList(), PostText.Papers(p.Text),
                byPost[p.Id].Any(r => r.MemberId == 0));
            cards[p.Id] = card;
            if (_enabled) _cache.Set(p.Id, new Entry(p.EditedAt, p.Text, card), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        }
        return cards;
    }

    public void Dispose() => _cache.Dispose();
}
