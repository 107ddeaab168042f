using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Email;

namespace Rounds.Web.Features.Verification;

/// <summary>A moderator approves or rejects a pending request; the member is told by email and on their page.</summary>
public static class DecideVerification
{
    public sealed record Request([MaxLength(1000)] string? Reason);

    public static async Task<Outcome<VerificationRequest>> RunAsync(long requestId, bool approve, string? reason, long moderatorId, RoundsDb db,
        IEmailSender email, VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!approve && reason is null) return Outcome.Invalid("reason", "Give the member a reason for the rejection.");
        if (reason?.Length > 1000) return Outcome.Invalid("reason", "A reason has at most 1000 characters.");

        var request = await db.VerificationRequests.Include(r => r.Member).SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null) return Outcome.NotFound();
        if (request.MemberId == moderatorId) return Outcome.Forbidden("A moderator cannot decide their own request.");
        if (request.Status != VerificationStatus.Pending) return Outcome.Conflict($"This request was already {request.Status.ToString().ToLowerInvariant()}.");

        var now = clock.GetUtcNow().UtcDateTime;
        request.Status = approve ? VerificationStatus.Approved : VerificationStatus.Rejected;
        request.DecisionReason = reason;
        request.DecidedById = moderatorId;
        request.DecidedAt = now;
        if (approve)
            Verifier.Grant(db, request.Member, "moderator", AuditActions.VerificationApproved, moderatorId, now, options, $"Request {request.Id}" + (reason is null ? "" : $": {reason}"));
        else
            AuditLog.Record(db, now, AuditActions.VerificationRejected, moderatorId, request.MemberId, $"Request {request.Id}: {reason}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome.Conflict("Another moderator decided this request first."); }

        await email.SendAsync(new EmailMessage(request.Member.Email!,
            approve ? "You are verified on Rounds" : "Your Rounds verification request",
            approve
                ? $"Hello {request.Member.DisplayName},\n\nA moderator verified you. Your badge now shows next to your name."
                : $"Hello {request.Member.DisplayName},\n\nA moderator could not verify you from this request.\n\nReason: {reason}\n\nYou can send a new request with more information."), ct);
        return request;
    }

    public static Task<Results<Ok<VerificationRequestView>, ProblemHttpResult>> ApproveAsync(long id, Request? request,
        CurrentUser me, RoundsDb db, IEmailSender email, VerificationOptions options, TimeProvider clock, CancellationToken ct) =>
        Respond(RunAsync(id, true, request?.Reason, me.Id!.Value, db, email, options, clock, ct), db, clock, ct);

    public static Task<Results<Ok<VerificationRequestView>, ProblemHttpResult>> RejectAsync(long id, Request request,
        CurrentUser me, RoundsDb db, IEmailSender email, VerificationOptions options, TimeProvider clock, CancellationToken ct) =>
        Respond(RunAsync(id, false, request.Reason, me.Id!.Value, db, email, options, clock, ct), db, clock, ct);

    private static async Task<Results<Ok<VerificationRequestView>, ProblemHttpResult>> Respond(Task<Outcome<VerificationRequest>> run, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await run;
        if (!outcome.IsOk) return outcome.Problem();
        var r = outcome.Value!;
        return TypedResults.Ok(VerificationRequestView.From(r, MemberSummary.From(r.Member, clock.GetUtcNow().UtcDateTime)));
    }
}

public static class ListVerificationQueue
{
    public static async Task<List<VerificationRequestView>> QueryAsync(VerificationStatus status, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.VerificationRequests.Include(r => r.Member).Where(r => r.Status == status);
        query = status == VerificationStatus.Pending ? query.OrderBy(r => r.Id) : query.OrderByDescending(r => r.Id);
        var rows = await query.Take(200).ToListAsync(ct);
        return rows.Select(r => VerificationRequestView.From(r, MemberSummary.From(r.Member, now))).ToList();
    }

    public static async Task<Results<Ok<List<VerificationRequestView>>, ValidationProblem>> HandleAsync(string? status, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var s = VerificationStatus.Pending;
        if (status is not null && (!Enum.TryParse(status, true, out s) || int.TryParse(status, out _)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Status is pending, approved or rejected."] });
        return TypedResults.Ok(await QueryAsync(s, db, clock, ct));
    }
}

public static class GetMyVerification
{
    public sealed record Response(bool Verified, string? Method, DateTime? VerifiedAt, DateTime? VerifiedUntil, int Vouches, List<VerificationRequestView> Requests);

    public static async Task<Response> QueryAsync(long memberId, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var m = await db.Users.SingleAsync(x => x.Id == memberId, ct);
        var requests = await db.VerificationRequests.Where(r => r.MemberId == memberId).OrderByDescending(r => r.Id).ToListAsync(ct);
        var vouches = await db.Vouches.CountAsync(v => v.MemberId == memberId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var verified = m.IsVerified(now);
        return new Response(verified, verified ? m.VerificationMethod : null, m.VerifiedAt, m.VerifiedUntil, vouches,
            requests.Select(r => VerificationRequestView.From(r, null)).ToList());
    }

    public static async Task<Ok<Response>> HandleAsync(CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await QueryAsync(me.Id!.Value, db, clock, ct));
}

/// <summary>The uploaded document is private: only its owner and moderators read it, and each moderator read is audited.</summary>
public static class GetVerificationDocument
{
    public static async Task<Results<FileContentHttpResult, NotFound>> HandleAsync(long id, CurrentUser me, RoundsDb db,
        Infrastructure.Files.IFileStore files, TimeProvider clock, CancellationToken ct)
    {
        var request = await db.VerificationRequests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request?.DocumentKey is null || (request.MemberId != me.Id && !me.IsModerator)) return TypedResults.NotFound();
        var bytes = await files.ReadAsync(request.DocumentKey, ct);
        if (bytes is null) return TypedResults.NotFound();
        if (request.MemberId != me.Id)
        {
            AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, AuditActions.DocumentViewed, me.Id, request.MemberId, $"Request {id}");
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.File(bytes, request.DocumentContentType ?? "application/octet-stream", request.DocumentName);
    }
}
