using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Admin;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Verification;

/// <summary>A verified member vouches for a colleague; the second vouch from a verified member verifies them.</summary>
public static class VouchForMember
{
    public sealed record Response(string Handle, int Vouches, bool Verified);

    public static async Task<Outcome<Response>> RunAsync(string handle, long voucherId, RoundsDb db, Audiences audiences, VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var normalized = handle.TrimStart('@').ToUpperInvariant();
        var target = await db.Users.SingleOrDefaultAsync(m => m.NormalizedUserName == normalized, ct);
        // A block hides the member both ways, so it is vouched for as if absent.
        if (target is null || await audiences.IsBlockedAsync(voucherId, target.Id, ct)) return Outcome.NotFound();
        var voucher = await db.Users.SingleAsync(m => m.Id == voucherId, ct);
        if (!voucher.IsVerified(now)) return Outcome.Forbidden("Only verified members can vouch.");
        if (target.Id == voucherId) return Outcome.Forbidden("You cannot vouch for yourself.");
        if (!target.IsClinician) return Outcome.Invalid("handle", "Only clinicians and students can be vouched for.");
        if (target.IsVerified(now)) return Outcome.Conflict($"@{target.Handle} is already verified.");
        if (await db.Vouches.AnyAsync(v => v.VoucherId == voucherId && v.MemberId == target.Id, ct))
            return Outcome.Conflict($"You already vouched for @{target.Handle}.");

        db.Vouches.Add(new Vouch { VoucherId = voucherId, MemberId = target.Id, CreatedAt = now });
        AuditLog.Record(db, now, AuditActions.Vouched, voucherId, target.Id);
        await db.SaveChangesAsync(ct);

        // Count only vouchers who are verified now, so a lapsed or revoked voucher no longer counts.
        var voucherIds = await db.Vouches.Where(v => v.MemberId == target.Id).Select(v => v.VoucherId).ToListAsync(ct);
        var vouchers = await db.Users.Where(m => voucherIds.Contains(m.Id)).ToListAsync(ct);
        var valid = vouchers.Where(m => m.IsVerified(now)).Select(m => m.Handle).ToList();
        if (valid.Count >= options.VouchesNeeded)
        {
            Verifier.Grant(db, target, "vouches", AuditActions.VerifiedByVouches, null, now, options, "Vouched by @" + string.Join(", @", valid));
            await db.SaveChangesAsync(ct);
        }
        return new Response(target.Handle, voucherIds.Count, target.IsVerified(now));
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(string handle, CurrentUser me, RoundsDb db, Audiences audiences,
        VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        Outcome<Response> outcome;
        try { outcome = await RunAsync(handle, me.Id!.Value, db, audiences, options, clock, ct); }
        catch (DbUpdateException) { outcome = Outcome.Conflict("You already vouched for this member."); } // a concurrent replay hits the key
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok(outcome.Value!);
    }
}

public static class RevokeVerification
{
    public sealed record Request(string? Reason);

    public static async Task<Outcome<bool>> RunAsync(string handle, string? reason, long moderatorId, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Outcome.Invalid("reason", "Give a reason for revoking.");
        if (reason.Length > 1000) return Outcome.Invalid("reason", "A reason has at most 1000 characters.");
        var normalized = handle.TrimStart('@').ToUpperInvariant();
        var member = await db.Users.SingleOrDefaultAsync(m => m.NormalizedUserName == normalized, ct);
        if (member is null) return Outcome.NotFound();
        if (member.VerifiedAt is null) return Outcome.Conflict($"@{member.Handle} is not verified.");
        var now = clock.GetUtcNow().UtcDateTime;
        Verifier.Revoke(db, member, moderatorId, now, reason.Trim());
        // Old vouches must not silently re-verify a revoked member.
        db.Vouches.RemoveRange(db.Vouches.Where(v => v.MemberId == member.Id));
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string handle, Request request, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(handle, request.Reason, me.Id!.Value, db, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.NoContent();
    }
}
