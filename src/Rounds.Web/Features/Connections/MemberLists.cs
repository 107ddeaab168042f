using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Connections;

public sealed record MemberListView(long Id, string Title, int Members, DateTime CreatedAt);

/// <summary>Lists are private to their owner: anyone else's list is a 404, never a 403.</summary>
public static class MemberLists
{
    public const int MaxPerMember = 50;
    public const int MaxMembers = 500;

    public sealed record Request([MaxLength(100)] string? Title, bool OverridePrivacy = false);

    internal static Dictionary<string, string[]> Check(Request r, out string title)
    {
        // The attribute documents the limit in OpenAPI; the check here measures the trimmed title and says it plainly.
        var errors = new Dictionary<string, string[]>();
        title = (r.Title ?? "").Trim();
        if (title.Length == 0) errors.Add("title", "Give the list a title.");
        else if (title.Length > 100) errors.Add("title", "A title has at most 100 characters.");
        return errors;
    }

    /// <summary>A list's title is seen only by its owner, but it may still name a patient; the guard warns as everywhere.</summary>
    internal static Failure? Guard(Request r, out GuardReport report)
    {
        report = PrivacyGuard.Scan("title", r.Title);
        return PrivacyGuard.Warn(report, r.OverridePrivacy);
    }

    internal static Task<MemberList?> OwnedAsync(RoundsDb db, long me, long id, CancellationToken ct) =>
        db.MemberLists.SingleOrDefaultAsync(l => l.Id == id && l.OwnerId == me, ct);

    public static Task<List<MemberListView>> MineAsync(RoundsDb db, long me, CancellationToken ct) =>
        db.MemberLists.Where(l => l.OwnerId == me).OrderBy(l => l.Title).ThenBy(l => l.Id)
            .Select(l => new MemberListView(l.Id, l.Title, l.Entries.Count, l.CreatedAt)).ToListAsync(ct);

    public static async Task<Ok<List<MemberListView>>> ListAsync(CurrentUser me, RoundsDb db, CancellationToken ct) =>
        TypedResults.Ok(await MineAsync(db, me.Id!.Value, ct));

    /// <summary>The members of a list the viewer owns, by display name.</summary>
    public static async Task<Outcome<List<MemberSummary>>> MembersAsync(RoundsDb db, long me, long id, DateTime now, CancellationToken ct)
    {
        if (await OwnedAsync(db, me, id, ct) is null) return Outcome.NotFound();
        var members = await db.Users.Where(m => db.MemberListEntries.Any(e => e.ListId == id && e.MemberId == m.Id))
            .OrderBy(m => m.DisplayName).ThenBy(m => m.Id).AsNoTracking().ToListAsync(ct);
        return members.Select(m => MemberSummary.From(m, now)).ToList();
    }

    public static async Task<Results<Ok<List<MemberSummary>>, ProblemHttpResult>> MembersHandleAsync(long id, CurrentUser me, RoundsDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await MembersAsync(db, me.Id!.Value, id, clock.GetUtcNow().UtcDateTime, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }

}

public static class CreateMemberList
{
    public static async Task<Outcome<MemberListView>> RunAsync(long me, MemberLists.Request r, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = MemberLists.Check(r, out var title);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (MemberLists.Guard(r, out var guard) is { } unsafeText) return unsafeText;
        if (await db.MemberLists.CountAsync(l => l.OwnerId == me, ct) >= MemberLists.MaxPerMember)
            return Outcome.Conflict($"You have {MemberLists.MaxPerMember} lists, the most allowed; delete one first.");
        var list = new MemberList { OwnerId = me, Title = title, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.MemberLists.Add(list);
        await db.SaveChangesAsync(ct);
        PrivacyGuard.Record(db, me, "list", list.Id, guard, list.CreatedAt);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new MemberListView(list.Id, list.Title, 0, list.CreatedAt);
    }

    public static async Task<Results<Created<MemberListView>, ProblemHttpResult>> HandleAsync(MemberLists.Request request, CurrentUser me, RoundsDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, request, db, clock, ct);
        return outcome.IsOk ? TypedResults.Created($"/api/v1/lists/{outcome.Value!.Id}", outcome.Value) : outcome.Problem();
    }
}

public static class RenameMemberList
{
    public static async Task<Outcome<MemberListView>> RunAsync(long me, long id, MemberLists.Request r, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = MemberLists.Check(r, out var title);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (MemberLists.Guard(r, out var guard) is { } unsafeText) return unsafeText;
        var list = await MemberLists.OwnedAsync(db, me, id, ct);
        if (list is null) return Outcome.NotFound();
        list.Title = title;
        PrivacyGuard.Record(db, me, "list", list.Id, guard, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return new MemberListView(list.Id, list.Title, await db.MemberListEntries.CountAsync(e => e.ListId == id, ct), list.CreatedAt);
    }

    public static async Task<Results<Ok<MemberListView>, ProblemHttpResult>> HandleAsync(long id, MemberLists.Request request, CurrentUser me, RoundsDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, id, request, db, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

public static class DeleteMemberList
{
    public static async Task<Outcome<bool>> RunAsync(long me, long id, RoundsDb db, CancellationToken ct)
    {
        var deleted = await db.MemberLists.Where(l => l.Id == id && l.OwnerId == me).ExecuteDeleteAsync(ct); // entries cascade
        return deleted == 0 ? Outcome.NotFound() : true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, id, db, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}

/// <summary>Add a member the owner may see to one of the owner's lists.</summary>
public static class AddToMemberList
{
    public static async Task<Outcome<MemberListView>> RunAsync(Viewer viewer, long id, string handle, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only a signed-in member has lists.");
        var list = await MemberLists.OwnedAsync(db, me, id, ct);
        if (list is null) return Outcome.NotFound();
        var target = await MemberHandles.FindAsync(db, handle, ct);
        if (target is null || !await audiences.CanSeeAsync(viewer, new AudienceTarget(target.ProfileAudience, target.Id), ct))
            return Outcome.Invalid("handle", $"No member @{handle.Trim().TrimStart('@')} that you can see.");
        if (await db.MemberListEntries.AnyAsync(e => e.ListId == id && e.MemberId == target.Id, ct))
            return Outcome.Conflict($"@{target.Handle} is already on this list.");
        var count = await db.MemberListEntries.CountAsync(e => e.ListId == id, ct);
        if (count >= MemberLists.MaxMembers) return Outcome.Conflict($"A list holds at most {MemberLists.MaxMembers} members.");
        db.MemberListEntries.Add(new MemberListEntry { ListId = id, MemberId = target.Id });
        await db.SaveChangesAsync(ct);
        return new MemberListView(list.Id, list.Title, count + 1, list.CreatedAt);
    }

    public static async Task<Results<Ok<MemberListView>, ProblemHttpResult>> HandleAsync(long id, string handle, CurrentUser me, RoundsDb db,
        Audiences audiences, CancellationToken ct)
    {
        Outcome<MemberListView> outcome;
        try { outcome = await RunAsync(await me.ViewerAsync(ct), id, handle, db, audiences, ct); }
        catch (DbUpdateException) { outcome = Outcome.Conflict("This member is already on this list."); }
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

public static class RemoveFromMemberList
{
    public static async Task<Outcome<MemberListView>> RunAsync(long me, long id, string handle, RoundsDb db, CancellationToken ct)
    {
        var list = await MemberLists.OwnedAsync(db, me, id, ct);
        if (list is null) return Outcome.NotFound();
        var normalized = MemberHandles.Normalize(handle);
        await db.MemberListEntries.Where(e => e.ListId == id && db.Users.Any(u => u.Id == e.MemberId && u.NormalizedUserName == normalized)).ExecuteDeleteAsync(ct);
        return new MemberListView(list.Id, list.Title, await db.MemberListEntries.CountAsync(e => e.ListId == id, ct), list.CreatedAt);
    }

    public static async Task<Results<Ok<MemberListView>, ProblemHttpResult>> HandleAsync(long id, string handle, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, id, handle, db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
