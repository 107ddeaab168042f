using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Infrastructure.Audiences;

/// <summary>
/// The one place that decides who may see what. Every read path (pages, API, media, exports, feeds,
/// live rooms) asks here; the matrix test enumerates every viewer kind against every audience.
/// </summary>
public sealed class Audiences(RoundsDb db, Features.Posts.PostCards cards)
{
    /// <summary>The node's post cards; every card is read through this check, so the cache travels with it.</summary>
    public Features.Posts.PostCards Cards => cards;

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

    /// <summary>
    /// The same rule as <see cref="CanSeeAsync"/> for many items at once (timelines, threads): at most three
    /// queries whatever the number of items, and the viewer's blocks are read once per request.
    /// </summary>
    public async Task<List<T>> FilterAsync<T>(Viewer viewer, IReadOnlyCollection<T> items, Func<T, AudienceTarget> target, CancellationToken ct = default)
    {
        if (items.Count == 0) return [];
        var targets = items.Select(i => (Item: i, Target: target(i))).ToList();
        if (viewer.Id is not { } me) return targets.Where(t => KindAllows(viewer.Kind, t.Target.Audience)).Select(t => t.Item).ToList();

        var blocked = await BlockedAsync(me, ct);
        var groups = targets.Where(t => t.Target.Audience == Audience.Group && t.Target.GroupId is not null && t.Target.OwnerId != me)
            .Select(t => t.Target.GroupId!.Value).Distinct().ToList();
        var myGroups = groups.Count == 0 ? [] : _groups.TryGetValue(me, out var g0) && groups.All(g0.Asked.Contains) ? g0.Yes
            : (await db.GroupMemberships.Where(m => m.MemberId == me && groups.Contains(m.GroupId)).Select(m => m.GroupId).ToListAsync(ct)).ToHashSet();
        var owners = targets.Where(t => t.Target.Audience == Audience.Followers && t.Target.OwnerId != me).Select(t => t.Target.OwnerId).Distinct().ToList();
        var followed = owners.Count == 0 ? [] : _follows.TryGetValue(me, out var f0) && owners.All(f0.Asked.Contains) ? f0.Yes
            : (await db.Follows.Where(f => f.FollowerId == me && owners.Contains(f.FolloweeId)).Select(f => f.FolloweeId).ToListAsync(ct)).ToHashSet();

        return targets.Where(t => Allows(viewer, t.Target, blocked, myGroups, followed)).Select(t => t.Item).ToList();
    }

    /// <summary>
    /// The rule itself, given what the viewer relates to: everyone they blocked or were blocked by, the groups they are in and the accounts
    /// they follow (each need hold only the owners and groups of the targets asked about). <see cref="FilterAsync"/> reads those from the
    /// database; the warm timeline pages keep them in memory.
    /// </summary>
    public static bool Allows(Viewer viewer, AudienceTarget target, IReadOnlySet<long> blocked, IReadOnlySet<long> myGroups, IReadOnlySet<long> followed)
    {
        if (viewer.Id is not { } me) return KindAllows(viewer.Kind, target.Audience);
        return target.OwnerId == me || (!blocked.Contains(target.OwnerId) && target.Audience switch
        {
            Audience.Group => target.GroupId is { } g && myGroups.Contains(g),
            Audience.Followers => followed.Contains(target.OwnerId),
            Audience.Direct => target.Recipients?.Contains(me) == true,
            _ => KindAllows(viewer.Kind, target.Audience),
        });
    }

    private readonly Dictionary<long, HashSet<long>> _blocked = [];

    /// <summary>Everyone the member blocked or was blocked by (read once per request).</summary>
    public async Task<HashSet<long>> BlockedAsync(long member, CancellationToken ct = default)
    {
        if (_blocked.TryGetValue(member, out var known)) return known;
        var list = await db.Blocks.Where(b => b.BlockerId == member || b.BlockedId == member)
            .Select(b => b.BlockerId == member ? b.BlockedId : b.BlockerId).ToListAsync(ct);
        return _blocked[member] = list.ToHashSet();
    }

    /// <summary>Blocks of a member read elsewhere in this request (with its mutes, in one query).</summary>
    public void Remember(long member, IEnumerable<long> blocked) => _blocked[member] = blocked.ToHashSet();

    private readonly Dictionary<long, (HashSet<long> Asked, HashSet<long> Yes)> _follows = [], _groups = [];

    /// <summary>Which of the asked accounts the member follows, read elsewhere in this request (with the page's other relations).</summary>
    public void RememberFollows(long member, IEnumerable<long> asked, IEnumerable<long> followed) => _follows[member] = ([.. asked], [.. followed]);

    /// <summary>Which of the asked groups the member is in, read elsewhere in this request.</summary>
    public void RememberGroups(long member, IEnumerable<long> asked, IEnumerable<long> mine) => _groups[member] = ([.. asked], [.. mine]);

    /// <summary>Forget what was read about relations (after this request blocks, unblocks, follows or joins).</summary>
    public void Forget()
    {
        _blocked.Clear();
        _follows.Clear();
        _groups.Clear();
    }

    /// <summary>The viewer a member would be (for deciding whom a notification or a live event may reach).</summary>
    public async Task<Viewer> ViewerOfAsync(long memberId, DateTime now, CancellationToken ct = default)
    {
        var member = await db.Users.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return Viewer.Anonymous;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == memberId select r.Name).ToListAsync(ct);
        return Viewer.For(member, roles.Contains(Features.Accounts.Roles.Admin), roles.Contains(Features.Accounts.Roles.Moderator), now);
    }

    /// <summary>True when either member blocked the other.</summary>
    public Task<bool> IsBlockedAsync(long a, long b, CancellationToken ct = default) =>
        db.Blocks.AnyAsync(x => (x.BlockerId == a && x.BlockedId == b) || (x.BlockerId == b && x.BlockedId == a), ct);
}
