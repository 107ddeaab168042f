using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Cases;

public sealed record Labelled(string Code, string Label);

/// <summary>How a pseudonymous author appears: the pseudonym with their specialty, never their name.</summary>
public sealed record PseudonymView(string Name, string? Specialty, bool Verified);

public sealed record CaseView(
    long Id, string Title, Labelled Specialty, Labelled AgeBand, Labelled Sex, string Presentation, string? History, string? Findings,
    string Question, string Audience, long? GroupId, MemberSummary? Author, PseudonymView? Pseudonym, bool IsMine,
    IReadOnlyList<MediaView> Images, bool ConsentAttested, Labelled? AskedSpecialty, string Status, string? FinalDiagnosis, DateTime? ResolvedAt,
    DateTime CreatedAt, int AnswerCount, PollView? Differential);

public sealed record CaseSummary(long Id, string Title, Labelled Specialty, Labelled AgeBand, Labelled Sex, string Status, MemberSummary? Author,
    PseudonymView? Pseudonym, int AnswerCount, int ImageCount, DateTime CreatedAt);

public sealed record CaseListPage(IReadOnlyList<CaseSummary> Items, long? NextMaxId);

/// <summary>Reads cases through the one audience check: a case the viewer may not see does not exist for them.</summary>
public static class GetCase
{
    public static async Task<Case?> LoadVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var c = await db.Cases.Include(x => x.Author).SingleOrDefaultAsync(x => x.Id == id, ct);
        return c is not null && (viewer.Id == c.AuthorId || await audiences.CanSeeAsync(viewer, TargetOf(c), ct)) ? c : null;
    }

    /// <summary>
    /// Who may see a case. A pseudonymous case is checked without its author, so that blocking someone never reveals
    /// which cases are theirs (a block would otherwise hide exactly their cases); its audience still applies in full.
    /// </summary>
    public static AudienceTarget TargetOf(Case c) => c.Pseudonym is null ? c.Target : c.Target with { OwnerId = 0 };

    public static async Task<CaseView?> ViewAsync(RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, Viewer viewer, long id, DateTime now,
        CancellationToken ct)
    {
        var c = await LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (c is null) return null;
        var images = await db.PostMedia.AsNoTracking().Where(m => m.CaseId == id).OrderBy(m => m.Position).ToListAsync(ct);
        var poll = c.DifferentialPollId is { } pollId ? await PollViews.ViewAsync(db, viewer, pollId, c.Status == CaseStatus.Resolved, now, ct) : null;
        return new CaseView(c.Id, c.Title, Specialty(specialties, c.SpecialtyCode), new(c.AgeBand, CaseVocabulary.AgeBandLabel(c.AgeBand)),
            new(c.Sex, CaseVocabulary.SexLabel(c.Sex)), c.Presentation, c.History, c.Findings, c.Question, c.Audience.ToString().ToLowerInvariant(), c.GroupId,
            c.Pseudonym is null ? MemberSummary.From(c.Author, now) : null, PseudonymOf(c, specialties, now), viewer.Id == c.AuthorId,
            images.Select(PostViews.ToView).ToList(), c.ConsentAttested,
            c.AskedSpecialtyCode is null ? null : Specialty(specialties, c.AskedSpecialtyCode), c.Status.ToString().ToLowerInvariant(), c.FinalDiagnosis,
            c.ResolvedAt, c.CreatedAt, c.AnswerCount, poll);
    }

    public static Labelled Specialty(SpecialtyTaxonomy specialties, string code) => new(code, specialties.Find(code)?.Label ?? code);

    private static PseudonymView? PseudonymOf(Case c, SpecialtyTaxonomy specialties, DateTime now) => c.Pseudonym is null ? null
        : new(c.Pseudonym, c.Author.SpecialtyCode is { } s ? specialties.Find(s)?.Label : null, c.Author.IsVerified(now));

    /// <summary>Newest first; status "open"/"resolved", a specialty code, or "mine" narrow it.</summary>
    public static async Task<CaseListPage> ListAsync(RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, Viewer viewer, string? status,
        string? specialty, bool mine, long? maxId, int? limit, DateTime now, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 20, 1, 50);
        var q = db.Cases.AsNoTracking().Include(c => c.Author).AsQueryable();
        if (Enum.TryParse<CaseStatus>(status, true, out var s)) q = q.Where(c => c.Status == s);
        if (!string.IsNullOrWhiteSpace(specialty)) q = q.Where(c => c.SpecialtyCode == specialty);
        if (mine) q = viewer.Id is { } me ? q.Where(c => c.AuthorId == me) : q.Where(c => false);
        var visible = new List<Case>();
        long? cursor = maxId, next = null;
        // Read in batches until the page is full: cases the viewer may not see are skipped, never counted.
        while (visible.Count < take)
        {
            var batchQuery = cursor is { } m ? q.Where(c => c.Id < m) : q;
            var batch = await batchQuery.OrderByDescending(c => c.Id).Take(take * 2).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var c in await audiences.FilterAsync(viewer, batch, c => viewer.Id == c.AuthorId ? c.Target : TargetOf(c), ct))
            {
                if (visible.Count == take) { next = visible[^1].Id; break; }
                visible.Add(c);
            }
            cursor = batch[^1].Id;
            if (next is not null || batch.Count < take * 2) break;
        }
        if (next is null && visible.Count == take)
        {
            var last = visible[^1].Id;
            if (await q.AnyAsync(c => c.Id < last, ct)) next = last;
        }
        var ids = visible.Select(c => c.Id).ToList();
        var imageCounts = await db.PostMedia.Where(m => m.CaseId != null && ids.Contains(m.CaseId.Value)).GroupBy(m => m.CaseId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var items = visible.Select(c => new CaseSummary(c.Id, c.Title, Specialty(specialties, c.SpecialtyCode), new(c.AgeBand, CaseVocabulary.AgeBandLabel(c.AgeBand)),
            new(c.Sex, CaseVocabulary.SexLabel(c.Sex)), c.Status.ToString().ToLowerInvariant(), c.Pseudonym is null ? MemberSummary.From(c.Author, now) : null,
            PseudonymOf(c, specialties, now), c.AnswerCount, imageCounts.GetValueOrDefault(c.Id), c.CreatedAt)).ToList();
        return new CaseListPage(items, next);
    }

    /// <summary>The answers and discussion: posts in the case's context, oldest first, each through the audience check.</summary>
    public static async Task<IReadOnlyList<PostView>> AnswersAsync(RoundsDb db, Audiences audiences, Viewer viewer, long caseId, DateTime now, CancellationToken ct)
    {
        var posts = await PostViews.LoadCardsAsync(db, db.Posts.Where(p => p.ContextKind == "case" && p.ContextId == caseId && p.DeletedAt == null)
            .OrderBy(p => p.Id).Take(500), ct);
        return await PostViews.VisibleAsync(db, audiences, viewer, posts, now, ct, hideMuted: false);
    }

    public static async Task<Results<Ok<CaseView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, specialties, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }

    public static async Task<Ok<CaseListPage>> ListHandleAsync(string? status, string? specialty, bool? mine, [FromQuery(Name = "max_id")] long? maxId, int? limit,
        CurrentUser me, RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, audiences, specialties, await me.ViewerAsync(ct), status, specialty, mine == true, maxId, limit,
            clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Results<Ok<IReadOnlyList<PostView>>, NotFound<ProblemDetails>>> AnswersHandleAsync(long id, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        if (await LoadVisibleAsync(db, audiences, viewer, id, ct) is null) return TypedResults.NotFound(Problems.NotFound());
        return TypedResults.Ok(await AnswersAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct));
    }
}
