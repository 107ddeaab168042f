using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Notifications;

/// <summary>A notification as its member sees it; the post and its excerpt are given only while the member may still see the post.</summary>
public sealed record NotificationView(long Id, string Kind, MemberSummary? Actor, long? PostId, string? Excerpt, string? Text, string? Link,
    DateTime CreatedAt, bool Read);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, long? NextMaxId);

public sealed record UnreadCount(int Count);

public static class ListNotifications
{
    public const int DefaultLimit = 20, MaxLimit = 40;

    /// <summary>A member's notifications that count: none from an account they muted or that is blocked either way.</summary>
    public static IQueryable<Notification> Shown(RoundsDb db, long me) =>
        db.Notifications.Where(n => n.MemberId == me && (n.ActorId == null
            || (!db.Mutes.Any(x => x.MuterId == me && x.MutedId == n.ActorId)
                && !db.Blocks.Any(b => (b.BlockerId == me && b.BlockedId == n.ActorId) || (b.BlockedId == me && b.BlockerId == n.ActorId)))));

    public static Task<int> UnreadCountAsync(RoundsDb db, long me, CancellationToken ct) => Shown(db, me).CountAsync(n => n.ReadAt == null, ct);

    /// <summary>Newest first, paged back with <paramref name="maxId"/> (older than that id).</summary>
    public static async Task<NotificationPage> RunAsync(Viewer viewer, long? maxId, int? limit, bool unreadOnly, RoundsDb db, Audiences audiences,
        DateTime now, CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only a signed-in member has notifications.");
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var q = Shown(db, me);
        if (maxId is { } below) q = q.Where(n => n.Id < below);
        if (unreadOnly) q = q.Where(n => n.ReadAt == null);
        var rows = await q.OrderByDescending(n => n.Id).Take(take + 1).Include(n => n.Actor).AsNoTracking().ToListAsync(ct);
        var more = rows.Count > take;
        if (more) rows.RemoveAt(rows.Count - 1);

        var postIds = rows.Where(n => n.PostId is not null).Select(n => n.PostId!.Value).Distinct().ToList();
        var posts = postIds.Count == 0 ? [] : await db.Posts.Where(p => postIds.Contains(p.Id) && p.DeletedAt == null)
            .Include(p => p.Mentions).AsNoTracking().ToListAsync(ct);
        var visible = (await audiences.FilterAsync(viewer, posts, p => p.Target, ct)).ToDictionary(p => p.Id);

        var items = rows.Select(n =>
        {
            var post = n.PostId is { } id && visible.TryGetValue(id, out var p) ? p : null;
            return new NotificationView(n.Id, n.Kind.ToString().ToLowerInvariant(), n.Actor is null ? null : MemberSummary.From(n.Actor, now),
                post?.Id, post is null ? null : Excerpt.Of(post.Text), n.Text, n.Link, n.CreatedAt, n.ReadAt is not null);
        }).ToList();
        return new NotificationPage(items, more ? items[^1].Id : null);
    }

    public static async Task<Ok<NotificationPage>> HandleAsync([FromQuery(Name = "max_id")] long? maxId, [FromQuery] int? limit, [FromQuery] bool? unread,
        CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await RunAsync(await me.ViewerAsync(ct), maxId, limit, unread == true, db, audiences, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Ok<UnreadCount>> UnreadHandleAsync(CurrentUser me, RoundsDb db, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCount(await UnreadCountAsync(db, me.Id!.Value, ct)));
}

/// <summary>Marks notifications read (all, or up to an id so ones that arrived after the page was shown stay unread) and pushes the new count live.</summary>
public static class MarkNotificationsRead
{
    public sealed record Request(long? UpToId);

    public static async Task<UnreadCount> RunAsync(long me, long? upToId, RoundsDb db, LivePublisher live, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.MemberId == me && n.ReadAt == null && (upToId == null || n.Id <= upToId))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        var unread = await ListNotifications.UnreadCountAsync(db, me, ct);
        await live.NotificationAsync(me, unread, ct);
        return new UnreadCount(unread);
    }

    public static async Task<Ok<UnreadCount>> HandleAsync(Request? request, CurrentUser me, RoundsDb db, LivePublisher live, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await RunAsync(me.Id!.Value, request?.UpToId, db, live, clock, ct));
}

/// <summary>Turns the daily email digest of unread notifications on or off.</summary>
public static class SetEmailDigest
{
    public sealed record Request(bool? Enabled);
    public sealed record Response(bool Enabled);

    public static async Task<Outcome<Response>> RunAsync(long me, Request r, RoundsDb db, CancellationToken ct)
    {
        if (r.Enabled is not { } enabled) return Outcome.Invalid("enabled", "Say whether the digest is on (true) or off (false).");
        await db.Users.Where(m => m.Id == me).ExecuteUpdateAsync(s => s.SetProperty(m => m.EmailDigest, enabled), ct);
        return new Response(enabled);
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, request, db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
