using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Posts;

/// <summary>A post in its conversation: the chain of posts it answers, and the replies under it in reading order.</summary>
public sealed record ThreadView(IReadOnlyList<PostView> Ancestors, PostView Post, IReadOnlyList<PostView> Descendants);

/// <summary>
/// Reads a whole thread (one query by its root), then checks every post against the viewer. Hidden posts are left
/// out; deleted ones stay as tombstones while a visible reply hangs below them, so the conversation still reads.
/// </summary>
public static class GetThread
{
    /// <summary>Posts read per thread; a conversation longer than this shows its oldest part.</summary>
    public const int MaxPosts = 2000;

    public static async Task<Outcome<ThreadView>> RunAsync(Viewer viewer, long id, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var focus = await db.Posts.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Id, p.RepostOfId, p.ThreadRootId }).SingleOrDefaultAsync(ct);
        if (focus is null) return Outcome.NotFound();
        if (focus.RepostOfId is { } original) // a repost's thread is its original's
        {
            focus = await db.Posts.AsNoTracking().Where(p => p.Id == original).Select(p => new { p.Id, p.RepostOfId, p.ThreadRootId }).SingleOrDefaultAsync(ct);
            if (focus is null) return Outcome.NotFound();
        }
        var root = focus.ThreadRootId ?? focus.Id;
        var posts = await PostViews.LoadCardsAsync(db, db.Posts.Where(p => p.Id == root || p.ThreadRootId == root).OrderBy(p => p.Id).Take(MaxPosts), ct);
        if (posts.All(p => p.Id != focus.Id)) posts.Add((await PostViews.LoadCardAsync(db, focus.Id, ct))!);
        var byId = posts.ToDictionary(p => p.Id);

        var now = clock.GetUtcNow().UtcDateTime;
        var views = (await PostViews.VisibleAsync(db, audiences, viewer, posts, now, ct, tombstones: true)).ToDictionary(v => v.Id);
        // The post asked for is shown even from a muted account; muting thins out the conversation around it.
        if (!views.ContainsKey(focus.Id) && (await PostViews.VisibleAsync(db, audiences, viewer, [byId[focus.Id]], now, ct, tombstones: true, hideMuted: false))
                .SingleOrDefault() is { } shown)
            views[focus.Id] = shown;

        var children = posts.Where(p => p.ReplyToId is not null).ToLookup(p => p.ReplyToId!.Value);
        var descendants = new List<PostView>();
        // Depth first, oldest reply first; a tombstone is kept only when something visible follows it.
        void Walk(long parent)
        {
            foreach (var child in children[parent].OrderBy(c => c.Id))
            {
                var at = descendants.Count;
                var view = views.GetValueOrDefault(child.Id);
                if (view is not null) descendants.Add(view);
                Walk(child.Id);
                if (view is { Deleted: true } && descendants.Count == at + 1) descendants.RemoveAt(at);
            }
        }
        Walk(focus.Id);

        if (!views.TryGetValue(focus.Id, out var post) || (post.Deleted && descendants.Count == 0)) return Outcome.NotFound();

        var ancestors = new List<PostView>();
        var seen = new HashSet<long> { focus.Id };
        for (var up = byId[focus.Id].ReplyToId; up is { } pid && byId.TryGetValue(pid, out var parent) && seen.Add(pid); up = parent.ReplyToId)
            if (views.TryGetValue(pid, out var v)) ancestors.Add(v);
        ancestors.Reverse();
        if (post.Poll is { } poll) await Polls.PollReachLog.RecordAsync(db, poll.Id, viewer, now, ct); // opening a poll's post counts as reaching it
        return new ThreadView(ancestors, post, descendants);
    }

    public static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
