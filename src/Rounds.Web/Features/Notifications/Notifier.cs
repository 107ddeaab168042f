using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Notifications;

/// <summary>
/// The one way any feature tells a member something happened. Nothing is sent to oneself, across a block,
/// or from an account the member muted; a repeat of the same event is recorded once (jobs may run twice).
/// </summary>
public sealed class Notifier(RoundsDb db, LivePublisher live, TimeProvider clock)
{
    public async Task<bool> NotifyAsync(long memberId, NotificationKind kind, long? actorId, long? postId = null,
        string? text = null, string? link = null, CancellationToken ct = default)
    {
        if (actorId == memberId) return false;
        if (actorId is { } actor)
        {
            if (await db.Blocks.AnyAsync(b => (b.BlockerId == memberId && b.BlockedId == actor) || (b.BlockerId == actor && b.BlockedId == memberId), ct)) return false;
            if (await db.Mutes.AnyAsync(m => m.MuterId == memberId && m.MutedId == actor, ct)) return false;
        }
        if (await db.Notifications.AnyAsync(n => n.MemberId == memberId && n.Kind == kind && n.ActorId == actorId && n.PostId == postId && n.Link == link && n.ReadAt == null, ct))
            return false;
        db.Notifications.Add(new Notification
        {
            MemberId = memberId, Kind = kind, ActorId = actorId, PostId = postId, Text = text, Link = link,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        var unread = await ListNotifications.UnreadCountAsync(db, memberId, ct); // the same count the badge and the API show
        await live.NotificationAsync(memberId, unread, ct);
        return true;
    }
}
