using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Connections;

/// <summary>How the viewer stands towards another member; "blocked by" is deliberately not told.</summary>
public sealed record RelationshipView(string Handle, bool Following, bool FollowedBy, bool Blocking, bool Muting);

public static class Relationships
{
    public static async Task<RelationshipView> ViewAsync(RoundsDb db, long me, Member other, CancellationToken ct) => new(
        other.Handle,
        await db.Follows.AnyAsync(f => f.FollowerId == me && f.FolloweeId == other.Id, ct),
        await db.Follows.AnyAsync(f => f.FollowerId == other.Id && f.FolloweeId == me, ct),
        await db.Blocks.AnyAsync(b => b.BlockerId == me && b.BlockedId == other.Id, ct),
        await db.Mutes.AnyAsync(m => m.MuterId == me && m.MutedId == other.Id, ct));
}

/// <summary>Finds members by handle as people type them (with or without "@", any case).</summary>
public static class MemberHandles
{
    public static string Normalize(string handle) => handle.Trim().TrimStart('@').ToUpperInvariant();

    public static Task<Member?> FindAsync(RoundsDb db, string handle, CancellationToken ct)
    {
        var normalized = Normalize(handle);
        return db.Users.SingleOrDefaultAsync(m => m.NormalizedUserName == normalized, ct);
    }
}
