using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Cases;

/// <summary>An answer is a post in the case's context, with the case's audience; the case's author hears about it.</summary>
public static class AnswerCase
{
    public sealed record Request(string? Text, List<CreatePost.MediaRef>? Media = null, long? InReplyToId = null, bool OverridePrivacy = false);

    public static async Task<Outcome<Post>> RunAsync(Member author, Viewer viewer, long caseId, Request r, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var @case = await GetCase.LoadVisibleAsync(db, audiences, viewer, caseId, ct);
        if (@case is null) return Outcome.NotFound();
        // An answer has no consent to attest: an image in it with a face (or not checked) must be masked first.
        var mediaIds = (r.Media ?? []).Where(m => m is not null).Select(m => m.Id).ToList();
        if (mediaIds.Count > 0 && await db.PostMedia.AnyAsync(m => mediaIds.Contains(m.Id) && m.OwnerId == author.Id && m.FaceCount != 0, ct))
            return Outcome.Invalid("media", "An image in your answer shows a face (or could not be checked). Mask it before answering a case.");
        var request = new CreatePost.Request(r.Text, r.InReplyToId is null ? @case.Audience.ToString() : null, r.InReplyToId is null ? @case.GroupId : null,
            r.InReplyToId, Media: r.Media, ContextKind: "case", ContextId: caseId, OverridePrivacy: r.OverridePrivacy);
        var outcome = await CreatePost.RunAsync(author, viewer, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome;
        await db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.AnswerCount, c => c.AnswerCount + 1), ct);
        jobs.Enqueue(new CaseNotifyJob(@case.AuthorId, NotificationKind.CaseAnswer, author.Id, caseId));
        if (@case.AuthorId != author.Id)
            await LearningRecord.RecordAsync(db, author.Id, new(LearningActivity.CaseAnswered, "case", caseId, @case.Title, @case.SpecialtyCode),
                clock.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    public static async Task<Results<Created<PostView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetPost.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/posts/{view!.Id}", view);
    }
}

/// <summary>The author closes the case and reveals the final diagnosis (guarded, blocking, like the case itself).</summary>
public static class ResolveCase
{
    public sealed record Request(string? FinalDiagnosis, List<Dismissal>? Dismissed = null);

    public static async Task<Outcome<Case>> RunAsync(Viewer viewer, long caseId, Request r, RoundsDb db, Audiences audiences, JobQueue jobs, TimeProvider clock,
        CancellationToken ct)
    {
        var @case = await GetCase.LoadVisibleAsync(db, audiences, viewer, caseId, ct);
        if (@case is null) return Outcome.NotFound();
        if (@case.AuthorId != viewer.Id) return Outcome.Forbidden("Only the case's author can resolve it.");
        if (@case.Status == CaseStatus.Resolved) return Outcome.Conflict("The case is already resolved.");
        var diagnosis = r.FinalDiagnosis?.Trim() ?? "";
        if (diagnosis.Length == 0) return Outcome.Invalid("finalDiagnosis", "Reveal the final diagnosis.");
        if (diagnosis.Length > Case.MaxQuestion) return Outcome.Invalid("finalDiagnosis", $"At most {Case.MaxQuestion} characters.");
        var guard = PrivacyGuard.Scan([("finalDiagnosis", r.FinalDiagnosis)], r.Dismissed, blocking: true);
        if (PrivacyGuard.Block(guard) is { } identifying) return identifying;

        var now = clock.GetUtcNow().UtcDateTime;
        @case.Status = CaseStatus.Resolved;
        @case.FinalDiagnosis = diagnosis;
        @case.ResolvedAt = now;
        // The diagnosis is out: votes from now on would only echo it.
        if (@case.DifferentialPollId is { } pollId)
            await db.Polls.Where(p => p.Id == pollId && (p.ClosesAt == null || p.ClosesAt > now)).ExecuteUpdateAsync(s => s.SetProperty(p => p.ClosesAt, now), ct);
        PrivacyGuard.Record(db, viewer.Id!.Value, "case", caseId, guard, now);
        // Everyone who answered hears the diagnosis.
        var answerers = await db.Posts.Where(p => p.ContextKind == "case" && p.ContextId == caseId && p.DeletedAt == null && p.AuthorId != @case.AuthorId)
            .Select(p => p.AuthorId).Distinct().ToListAsync(ct);
        foreach (var a in answerers) jobs.Enqueue(new CaseNotifyJob(a, NotificationKind.CaseResolved, null, caseId));
        await db.SaveChangesAsync(ct);
        return @case;
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetCase.ViewAsync(db, audiences, specialties, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}

/// <summary>A moderator learns who wrote a pseudonymous case; every unmasking is in the audit log.</summary>
public static class UnmaskCase
{
    public sealed record Response(long CaseId, MemberSummary Author);

    public static async Task<Outcome<Response>> RunAsync(Viewer moderator, long caseId, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        if (moderator.Kind is not (ViewerKind.Moderator or ViewerKind.Admin)) return Outcome.Forbidden("Only moderators can reveal a pseudonymous author.");
        // A moderator may act on a case in a group they are not in (a report reached them): the answer is the author only,
        // never the case's content, and it is audited like every unmasking.
        var @case = await db.Cases.Include(c => c.Author).SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null) return Outcome.NotFound();
        if (@case.Pseudonym is null) return Outcome.Conflict("This case was not posted under a pseudonym.");
        var now = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, now, AuditActions.CaseUnmasked, moderator.Id, @case.AuthorId, $"case {caseId} ({@case.Pseudonym})");
        await db.SaveChangesAsync(ct);
        return new Response(caseId, MemberSummary.From(@case.Author, now));
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>
/// A notification about a case, sent only while the member may see the case. The actor is left out when the case's
/// author is pseudonymous and is the one acting (asking), so the notification never unmasks them.
/// </summary>
public sealed record CaseNotifyJob(long MemberId, NotificationKind Kind, long? ActorId, long CaseId) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, SpecialtyTaxonomy specialties, TimeProvider clock) : IJobHandler<CaseNotifyJob>
    {
        public async Task RunAsync(CaseNotifyJob job, CancellationToken ct)
        {
            var @case = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == job.CaseId, ct);
            if (@case is null) return;
            var viewer = await audiences.ViewerOfAsync(job.MemberId, clock.GetUtcNow().UtcDateTime, ct);
            if (!await audiences.CanSeeAsync(viewer, GetCase.TargetOf(@case), ct)) return;
            var actor = job.ActorId == @case.AuthorId && @case.Pseudonym is not null ? null : job.ActorId;
            var text = job.Kind switch
            {
                NotificationKind.CaseAsk => $"A {GetCase.Specialty(specialties, @case.AskedSpecialtyCode ?? @case.SpecialtyCode).Label} case asks for your opinion: “{@case.Title}”",
                NotificationKind.CaseAnswer => $"answered your case “{@case.Title}”",
                _ => $"The case “{@case.Title}” was resolved: the diagnosis is revealed",
            };
            await notifier.NotifyAsync(job.MemberId, job.Kind, actor, text: text, link: $"/cases/{@case.Id}", ct: ct);
        }
    }
}

/// <summary>"Ask a specialty": every verified member of the chosen specialty who may see the case is notified.</summary>
public sealed record AskSpecialtyJob(long CaseId) : IJob
{
    public sealed class Handler(RoundsDb db, JobQueue jobs, TimeProvider clock) : IJobHandler<AskSpecialtyJob>
    {
        public async Task RunAsync(AskSpecialtyJob job, CancellationToken ct)
        {
            var @case = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == job.CaseId, ct);
            if (@case?.AskedSpecialtyCode is not { } code) return;
            var now = clock.GetUtcNow().UtcDateTime;
            var members = await db.Users.Where(u => u.SpecialtyCode == code && u.Id != @case.AuthorId && u.VerifiedAt != null
                    && (u.VerifiedUntil == null || u.VerifiedUntil > now))
                .Select(u => u.Id).ToListAsync(ct);
            // One small job each: the audience check and the notifier's rules run per member, and a failure retries only that one.
            foreach (var m in members) jobs.Enqueue(new CaseNotifyJob(m, NotificationKind.CaseAsk, @case.AuthorId, @case.Id));
            await db.SaveChangesAsync(ct);
        }
    }
}
