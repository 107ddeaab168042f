using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Connections;

/// <summary>Follow a member (an organization is a member too); the followee hears of it and their recent posts join the home timeline.</summary>
public static class FollowMember
{
    public static async Task<Outcome<RelationshipView>> RunAsync(Viewer viewer, string handle, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only a signed-in member follows.");
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null) return Outcome.NotFound();
        if (target.Id == me) return Outcome.Invalid("handle", "You cannot follow yourself.");
        if (await db.Blocks.AnyAsync(b => b.BlockerId == me && b.BlockedId == target.Id, ct))
            return Outcome.Forbidden($"You blocked @{target.Handle}; unblock them before following.");
        if (await db.Blocks.AnyAsync(b => b.BlockerId == target.Id && b.BlockedId == me, ct))
            return Outcome.Forbidden($"You cannot follow @{target.Handle}.");
        // A profile the viewer may not see is not there for them (404, as on the profile page).
        if (!await audiences.CanSeeAsync(viewer, new AudienceTarget(target.ProfileAudience, target.Id), ct)) return Outcome.NotFound();
        if (await db.Follows.AnyAsync(f => f.FollowerId == me && f.FolloweeId == target.Id, ct))
            return Outcome.Conflict($"You already follow @{target.Handle}.");

        db.Follows.Add(new Follow { FollowerId = me, FolloweeId = target.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        jobs.Enqueue(new NotifyJob(target.Id, NotificationKind.Follow, me, null));
        jobs.Enqueue(new BackfillFeedJob(me, target.Id, null));
        await db.SaveChangesAsync(ct); // the follow and its jobs commit together
        return await Relationships.ViewAsync(db, me, target, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db,
        Audiences audiences, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        Outcome<RelationshipView> outcome;
        try { outcome = await RunAsync(await me.ViewerAsync(ct), handle, db, audiences, jobs, clock, ct); }
        catch (DbUpdateException) { outcome = Outcome.Conflict("You already follow this member."); } // a concurrent replay hits the key
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Stop following a member; their posts leave the home timeline at once. Unfollowing someone not followed is a no-op.</summary>
public static class UnfollowMember
{
    public static async Task<Outcome<RelationshipView>> RunAsync(long me, string handle, RoundsDb db, CancellationToken ct)
    {
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null) return Outcome.NotFound();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Follows.Where(f => f.FollowerId == me && f.FolloweeId == target.Id).ExecuteDeleteAsync(ct);
        await HomeFeed.RemoveAuthorAsync(db, me, target.Id, ct);
        await tx.CommitAsync(ct);
        return await Relationships.ViewAsync(db, me, target, ct);
    }

    public static async Task<Results<Ok<RelationshipView>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, handle, db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
