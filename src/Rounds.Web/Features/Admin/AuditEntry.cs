using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Data;

namespace Rounds.Web.Features.Admin;

/// <summary>One decision that someone may later need to account for: verification, roles, unmasking.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>Null when the system decided (domain allow-list, vouches, expiry, CLI).</summary>
    public long? ActorId { get; set; }
    public long? SubjectId { get; set; }
    public string Action { get; set; } = "";
    public string? Details { get; set; }
}

public static class AuditActions
{
    public const string VerificationRequested = "verification.requested";
    public const string VerificationApproved = "verification.approved";
    public const string VerificationRejected = "verification.rejected";
    public const string VerificationRevoked = "verification.revoked";
    public const string VerifiedByDomain = "verification.domain";
    public const string VerifiedByVouches = "verification.vouches";
    public const string VerifiedByRoster = "verification.roster";
    public const string Vouched = "verification.vouch";
    public const string DocumentViewed = "verification.document-viewed";
    public const string RoleGranted = "role.granted";
    public const string DomainAllowed = "domain.allowed";
    public const string DomainRemoved = "domain.removed";
    public const string JobRetried = "job.retried";
    public const string CaseUnmasked = "case.unmasked";
    public const string CreditRuleChanged = "credit-rule.changed";
    public const string EventMessageHidden = "event.message-hidden";
    public const string EventMessageShown = "event.message-shown";

    public static readonly string[] All =
    [
        VerificationRequested, VerificationApproved, VerificationRejected, VerificationRevoked, VerifiedByDomain,
        VerifiedByVouches, VerifiedByRoster, Vouched, DocumentViewed, RoleGranted, DomainAllowed, DomainRemoved, JobRetried, CaseUnmasked, CreditRuleChanged,
        EventMessageHidden, EventMessageShown,
    ];
}

/// <summary>The one way to write to the audit log; the entry is saved with the caller's unit of work.</summary>
public static class AuditLog
{
    public static void Record(RoundsDb db, DateTime at, string action, long? actorId, long? subjectId, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry { At = at, Action = action, ActorId = actorId, SubjectId = subjectId, Details = details });
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(60);
        b.Property(a => a.Details).HasMaxLength(2000);
        b.HasIndex(a => new { a.Action, a.Id });
        b.HasIndex(a => a.SubjectId);
        b.HasIndex(a => a.ActorId);
    }
}
