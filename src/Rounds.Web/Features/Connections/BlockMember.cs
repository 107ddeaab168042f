using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Connections;

/// <summary>
/// Block a member: both disappear for each other (the audience check reads the block), follows both ways end,
/// each other's posts leave the home timelines and lists, and notifications between them are dropped.
/// </summary>
public static class BlockMember
{
    public static async Task<Outcome<RelationshipView>> RunAsync(long me, string handle, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null) return Outcome.NotFound();
        if (target.Id == me) return Outcome.Invalid("handle", "You cannot block yourself.");
        if (await db.Blocks.AnyAsync(b => b.BlockerId == me && b.BlockedId == target.Id, ct))
            return Outcome.Conflict($"You already blocked @{target.Handle}.");

        var other = target.Id;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Blocks.Add(new Block { BlockerId = me, BlockedId = other, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        await db.Follows.Where(f => (f.FollowerId == me && f.FolloweeId == other) || (f.FollowerId == other && f.FolloweeId == me)).ExecuteDeleteAsync(ct);
        await db.FeedEntries.Where(f => (f.MemberId == me && f.AuthorId == other) || (f.MemberId == other && f.AuthorId == me)).ExecuteDeleteAsync(ct);
        await db.MemberListEntries.Where(e => (e.MemberId == other && db.MemberLists.Any(l => l.Id == e.ListId && l.OwnerId == me))
            || (e.MemberId == me && db.MemberLists.Any(l => l.Id == e.ListId && l.OwnerId == other))).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => (n.MemberId == me && n.ActorId == other) || (n.MemberId == other && n.ActorId == me)).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        audiences.Forget();
        return await Relationships.ViewAsync(db, me, target, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        Outcome<RelationshipView> outcome;
        try { outcome = await RunAsync(me.Id!.Value, handle, db, audiences, clock, ct); }
        catch (DbUpdateException) { outcome = Outcome.Conflict("You already blocked this member."); }
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Lift a block. Follows it ended are not restored; unblocking someone not blocked is a no-op.</summary>
public static class UnblockMember
{
    public static async Task<Outcome<RelationshipView>> RunAsync(long me, string handle, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null) return Outcome.NotFound();
        await db.Blocks.Where(b => b.BlockerId == me && b.BlockedId == target.Id).ExecuteDeleteAsync(ct);
        audiences.Forget();
        return await Relationships.ViewAsync(db, me, target, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, handle, db, audiences, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Mute a member: their posts and notifications are hidden from the muter only (read paths filter; the Notifier refuses).</summary>
public static class MuteMember
{
    public static async Task<Outcome<RelationshipView>> RunAsync(long me, string handle, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null) return Outcome.NotFound();
        if (target.Id == me) return Outcome.Invalid("handle", "You cannot mute yourself.");
        if (await db.Mutes.AnyAsync(m => m.MuterId == me && m.MutedId == target.Id, ct))
            return Outcome.Conflict($"You already muted @{target.Handle}.");
        db.Mutes.Add(new Mute { MuterId = me, MutedId = target.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return await Relationships.ViewAsync(db, me, target, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        Outcome<RelationshipView> outcome;
        try { outcome = await RunAsync(me.Id!.Value, handle, db, clock, ct); }
        catch (DbUpdateException) { outcome = Outcome.Conflict("You already muted this member."); }
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

public static class UnmuteMember
{
    public static async Task<Outcome<RelationshipView>> RunAsync(long me, string handle, RoundsDb db, CancellationToken ct)
    {
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null) return Outcome.NotFound();
        await db.Mutes.Where(m => m.MuterId == me && m.MutedId == target.Id).ExecuteDeleteAsync(ct);
        return await Relationships.ViewAsync(db, me, target, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, handle, db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
