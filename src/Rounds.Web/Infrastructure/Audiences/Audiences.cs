using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Infrastructure.Audiences;

/// <summary>
/// The one place that decides who may see what. Every read path (pages, API, media, exports, feeds,
/// live rooms) asks here; the matrix test enumerates every viewer kind against every audience.
/// </summary>
public sealed class Audiences(RoundsDb db)
{
    /// <summary>The rule for audiences that depend only on the kind of viewer.</summary>
    public static bool KindAllows(ViewerKind kind, Audience audience) => audience switch
    {
        Audience.Public => true,
        Audience.Members => kind != ViewerKind.Anonymous,
        Audience.Clinicians => kind is ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin,
        _ => false, // group, followers and direct depend on a relation, never on the kind alone
    };

    public async Task<bool> CanSeeAsync(Viewer viewer, AudienceTarget target, CancellationToken ct = default)
    {
        if (viewer.Id == target.OwnerId) return true;
        if (viewer.Id is { } id && await IsBlockedAsync(id, target.OwnerId, ct)) return false;
        return target.Audience switch
        {
            Audience.Group => viewer.Id is { } member && target.GroupId is { } group
                && await db.GroupMemberships.AnyAsync(m => m.GroupId == group && m.MemberId == member, ct),
            Audience.Followers => viewer.Id is { } follower
                && await db.Follows.AnyAsync(f => f.FollowerId == follower && f.FolloweeId == target.OwnerId, ct),
            Audience.Direct => viewer.Id is { } recipient && target.Recipients?.Contains(recipient) == true,
            _ => KindAllows(viewer.Kind, target.Audience),
        };
    }

    /// <summary>True when either member blocked the other.</summary>
    public Task<bool> IsBlockedAsync(long a, long b, CancellationToken ct = default) =>
        db.Blocks.AnyAsync(x => (x.BlockerId == a && x.BlockedId == b) || (x.BlockerId == b && x.BlockedId == a), ct);
}
