using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;

namespace Rounds.Web.Features.Verification;

public sealed class VerificationOptions
{
    /// <summary>How long a verification lasts before the member must be verified again.</summary>
    public int ValidForDays { get; set; } = 730;
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Distinct verified members whose vouches verify a colleague.</summary>
    public int VouchesNeeded { get; set; } = 2;
}

/// <summary>The only code that grants or revokes verification; every change is audit-logged in the same save.</summary>
public static class Verifier
{
    public static void Grant(RoundsDb db, Member member, string method, string auditAction, long? actorId, DateTime now, VerificationOptions options, string? details = null)
    {
        member.VerifiedAt = now;
        member.VerifiedUntil = now.AddDays(options.ValidForDays);
        member.VerificationMethod = method;
        AuditLog.Record(db, now, auditAction, actorId, member.Id, details);
    }

    public static void Revoke(RoundsDb db, Member member, long? actorId, DateTime now, string reason)
    {
        member.VerifiedAt = null;
        member.VerifiedUntil = null;
        member.VerificationMethod = null;
        AuditLog.Record(db, now, AuditActions.VerificationRevoked, actorId, member.Id, reason);
    }

    /// <summary>The allow-listed domain that covers this address (the domain itself or a parent of it), if any.</summary>
    public static async Task<InstitutionDomain?> AllowedDomainForAsync(RoundsDb db, string email, CancellationToken ct)
    {
        var at = email.LastIndexOf('@');
        if (at < 0) return null;
        var host = email[(at + 1)..].Trim().ToLowerInvariant();
        var candidates = new List<string>();
        for (var d = host; d.Contains('.'); d = d[(d.IndexOf('.') + 1)..]) candidates.Add(d);
        return await db.InstitutionDomains.Where(x => candidates.Contains(x.Domain)).OrderByDescending(x => x.Domain.Length).FirstOrDefaultAsync(ct);
    }

    public static async Task VerifyByDomainAsync(RoundsDb db, Member member, VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!member.IsClinician || !member.EmailConfirmed || member.IsVerified(now)) return;
        var domain = await AllowedDomainForAsync(db, member.Email!, ct);
        if (domain is null) return;
        db.Attach(member);
        Grant(db, member, "domain", AuditActions.VerifiedByDomain, null, now, options, $"Confirmed email on {domain.Domain}");
        await db.SaveChangesAsync(ct);
    }
}
