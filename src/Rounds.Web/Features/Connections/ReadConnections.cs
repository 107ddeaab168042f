using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Connections;

/// <summary>Offset paging for the viewer's own connection lists (newest first); they are small and private.</summary>
public sealed record ConnectionsPage(
    [FromQuery(Name = "offset")] int? Offset = null,
    [FromQuery(Name = "limit")] int? Limit = null)
{
    public const int DefaultLimit = 40, MaxLimit = 200;
    public int Skip => Math.Max(0, Offset ?? 0);
    public int Take => Math.Clamp(Limit ?? DefaultLimit, 1, MaxLimit);
}

/// <summary>The viewer's own follows, followers, blocks, mutes and hashtags, and the relationship to one member.</summary>
public static class ReadConnections
{
    public static async Task<List<MemberSummary>> FollowingAsync(RoundsDb db, long me, ConnectionsPage page, DateTime now, CancellationToken ct) =>
        await SummariesAsync(db, await db.Follows.Where(f => f.FollowerId == me).OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.FolloweeId)
            .Skip(page.Skip).Take(page.Take).Select(f => f.FolloweeId).ToListAsync(ct), now, ct);

    public static async Task<List<MemberSummary>> FollowersAsync(RoundsDb db, long me, ConnectionsPage page, DateTime now, CancellationToken ct) =>
        await SummariesAsync(db, await db.Follows.Where(f => f.FolloweeId == me).OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.FollowerId)
            .Skip(page.Skip).Take(page.Take).Select(f => f.FollowerId).ToListAsync(ct), now, ct);

    public static async Task<List<MemberSummary>> BlocksAsync(RoundsDb db, long me, ConnectionsPage page, DateTime now, CancellationToken ct) =>
        await SummariesAsync(db, await db.Blocks.Where(b => b.BlockerId == me).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.BlockedId)
            .Skip(page.Skip).Take(page.Take).Select(b => b.BlockedId).ToListAsync(ct), now, ct);

    public static async Task<List<MemberSummary>> MutesAsync(RoundsDb db, long me, ConnectionsPage page, DateTime now, CancellationToken ct) =>
        await SummariesAsync(db, await db.Mutes.Where(m => m.MuterId == me).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.MutedId)
            .Skip(page.Skip).Take(page.Take).Select(m => m.MutedId).ToListAsync(ct), now, ct);

    public static Task<List<string>> TagsAsync(RoundsDb db, long me, CancellationToken ct) =>
        db.HashtagFollows.Where(h => h.MemberId == me).OrderBy(h => h.Tag).Select(h => h.Tag).ToListAsync(ct);

    /// <summary>Summaries in the order of the ids.</summary>
    private static async Task<List<MemberSummary>> SummariesAsync(RoundsDb db, List<long> ids, DateTime now, CancellationToken ct)
    {
        var members = await db.Users.Where(m => ids.Contains(m.Id)).AsNoTracking().ToDictionaryAsync(m => m.Id, ct);
        return ids.Where(members.ContainsKey).Select(id => MemberSummary.From(members[id], now)).ToList();
    }

    public static async Task<Ok<List<MemberSummary>>> FollowingHandleAsync([AsParameters] ConnectionsPage page, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await FollowingAsync(db, me.Id!.Value, page, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Ok<List<MemberSummary>>> FollowersHandleAsync([AsParameters] ConnectionsPage page, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await FollowersAsync(db, me.Id!.Value, page, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Ok<List<MemberSummary>>> BlocksHandleAsync([AsParameters] ConnectionsPage page, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await BlocksAsync(db, me.Id!.Value, page, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Ok<List<MemberSummary>>> MutesHandleAsync([AsParameters] ConnectionsPage page, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await MutesAsync(db, me.Id!.Value, page, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Ok<List<string>>> TagsHandleAsync(CurrentUser me, RoundsDb db, CancellationToken ct) =>
        TypedResults.Ok(await TagsAsync(db, me.Id!.Value, ct));

    /// <summary>The viewer's relationship to a member; one the viewer cannot find by handle is a 404.</summary>
    public static async Task<Outcome<RelationshipView>> RelationshipAsync(RoundsDb db, long me, string handle, CancellationToken ct)
    {
        var other = await MemberHandles.FindAsync(db, handle, ct);
        if (other is null) return Outcome.NotFound();
        return await Relationships.ViewAsync(db, me, other, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> RelationshipHandleAsync(string handle, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RelationshipAsync(db, me.Id!.Value, handle, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
