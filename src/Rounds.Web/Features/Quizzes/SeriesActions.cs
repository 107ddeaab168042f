using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>The owner adds an editor: an educator who may see the series, named by handle.</summary>
public static class AddQuizEditor
{
    public sealed record Request([MaxLength(40)] string? Handle);
    public sealed record Response(long SeriesId, IReadOnlyList<Profiles.MemberSummary> Editors);

    public static async Task<Outcome<Response>> RunAsync(Viewer viewer, long seriesId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var series = await QuizAccess.LoadSeriesAsync(db, audiences, viewer, seriesId, ct);
        if (series is null) return Outcome.NotFound();
        if (series.OwnerId != viewer.Id) return Outcome.Forbidden("Only the series' owner can add editors.");
        var handle = r.Handle?.Trim().TrimStart('@') ?? "";
        if (handle.Length == 0) return Outcome.Invalid("handle", "Name the editor by their handle.");
        var normalized = handle.ToUpperInvariant();
        var member = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (member is null) return Outcome.Invalid("handle", "No member has this handle.");
        var candidate = await audiences.ViewerOfAsync(member.Id, now, ct);
        if (!QuizAccess.IsEducator(candidate)) return Outcome.Invalid("handle", "Editors are educators: verified clinicians, moderators or admins.");
        if (series.Audience == Audience.Group && !await db.GroupMemberships.AnyAsync(m => m.GroupId == series.GroupId && m.MemberId == member.Id, ct))
            return Outcome.Invalid("handle", "Editors of a group's series are members of the group.");
        if (!await audiences.CanSeeAsync(candidate, series.Target, ct)) return Outcome.Invalid("handle", "No member has this handle."); // the same answer as an unknown handle: a block stays private
        if (await db.QuizEditors.AnyAsync(e => e.SeriesId == seriesId && e.MemberId == member.Id, ct)) return Outcome.Conflict("This member is already an editor.");
        db.QuizEditors.Add(new QuizEditor { SeriesId = seriesId, MemberId = member.Id, AddedAt = now });
        await db.SaveChangesAsync(ct);
        return new Response(seriesId, await GetQuiz.EditorsAsync(db, seriesId, now, ct));
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>The owner takes an editor off the series (the owner stays); items they wrote or approved keep their history.</summary>
public static class RemoveQuizEditor
{
    public static async Task<Outcome<AddQuizEditor.Response>> RunAsync(Viewer viewer, long seriesId, string? handle, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var series = await QuizAccess.LoadSeriesAsync(db, audiences, viewer, seriesId, ct);
        if (series is null) return Outcome.NotFound();
        if (series.OwnerId != viewer.Id) return Outcome.Forbidden("Only the series' owner can remove editors.");
        var normalized = (handle ?? "").Trim().TrimStart('@').ToUpperInvariant();
        var member = normalized.Length == 0 ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        var editor = member is null ? null : await db.QuizEditors.SingleOrDefaultAsync(e => e.SeriesId == seriesId && e.MemberId == member.Id, ct);
        if (editor is null) return Outcome.NotFound();
        if (editor.MemberId == series.OwnerId) return Outcome.Conflict("The owner stays an editor of their series.");
        db.QuizEditors.Remove(editor);
        await db.SaveChangesAsync(ct);
        return new AddQuizEditor.Response(seriesId, await GetQuiz.EditorsAsync(db, seriesId, clock.GetUtcNow().UtcDateTime, ct));
    }

    public static async Task<Results<Ok<AddQuizEditor.Response>, ProblemHttpResult>> HandleAsync(long id, string handle, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, handle, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Following a series puts its released items into one's home timeline and sends a notification at each release.</summary>
public static class FollowQuizSeries
{
    public sealed record Response(long SeriesId, bool Following, int Followers);

    public static async Task<Outcome<Response>> RunAsync(Viewer viewer, long seriesId, bool follow, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        if (viewer.Id is not { } me) return Outcome.Forbidden("Sign in to follow a series.");
        var series = await QuizAccess.LoadSeriesAsync(db, audiences, viewer, seriesId, ct);
        if (series is null) return Outcome.NotFound();
        var existing = await db.QuizFollows.SingleOrDefaultAsync(f => f.SeriesId == seriesId && f.MemberId == me, ct);
        if (follow && existing is null) db.QuizFollows.Add(new QuizFollow { SeriesId = seriesId, MemberId = me, CreatedAt = clock.GetUtcNow().UtcDateTime });
        if (!follow && existing is not null) db.QuizFollows.Remove(existing);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); } // the same follow at the same moment: it exists, which is what was asked
        return new Response(seriesId, follow, await db.QuizFollows.CountAsync(f => f.SeriesId == seriesId, ct));
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> FollowAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, true, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> UnfollowAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, false, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
