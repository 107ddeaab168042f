using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Features.Privacy;

/// <summary>Overrides and dismissals, newest first, for moderators.</summary>
public static class ListGuardDecisions
{
    public sealed record Item(long Id, DateTime At, long MemberId, string? Handle, string? DisplayName, string Kind, string ContentKind, long? ContentId,
        string? Link, string Field, string Type, string Text);

    public sealed record Page(IReadOnlyList<Item> Items, long? NextMaxId);

    public static async Task<Page> RunAsync(RoundsDb db, long? maxId, int? limit, string? kind, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 50, 1, 200);
        var q = db.GuardDecisions.AsNoTracking();
        if (maxId is { } m) q = q.Where(d => d.Id < m);
        if (Enum.TryParse<GuardDecisionKind>(kind, true, out var k)) q = q.Where(d => d.Kind == k);
        var rows = await q.OrderByDescending(d => d.Id).Take(take + 1)
            .Join(db.Users, d => d.MemberId, u => u.Id, (d, u) => new { d, Handle = (string?)u.UserName, Name = (string?)u.DisplayName })
            .OrderByDescending(x => x.d.Id)
            .ToListAsync(ct);
        // A pseudonymous case's author is revealed only through the audited unmasking, never by this log.
        var caseIds = rows.Where(r => r.d.ContentKind == "case" && r.d.ContentId is not null).Select(r => r.d.ContentId!.Value).Distinct().ToList();
        var masked = caseIds.Count == 0 ? [] : await db.Cases.Where(c => caseIds.Contains(c.Id) && c.Pseudonym != null).Select(c => c.Id).ToListAsync(ct);
        var items = rows.Take(take).Select(r =>
        {
            var hidden = r.d.ContentKind == "case" && r.d.ContentId is { } cid && masked.Contains(cid);
            return new Item(r.d.Id, r.d.At, hidden ? 0 : r.d.MemberId, hidden ? null : r.Handle, hidden ? "pseudonymous author" : r.Name,
                r.d.Kind.ToString().ToLowerInvariant(), r.d.ContentKind, r.d.ContentId, LinkTo(r.d.ContentKind, r.d.ContentId, r.Handle), r.d.Field, r.d.Type, r.d.Text);
        }).ToList();
        return new Page(items, rows.Count > take ? items[^1].Id : null);
    }

    /// <summary>Where a moderator can read the content in context; direct messages stay private.</summary>
    public static string? LinkTo(string contentKind, long? id, string? handle) => contentKind switch
    {
        "post" when id is not null => $"/posts/{id}",
        "case" when id is not null => $"/cases/{id}",
        "profile" when handle is not null => $"/members/{handle}",
        _ => null,
    };

    public static async Task<Ok<Page>> HandleAsync(long? maxId, int? limit, string? kind, RoundsDb db, CancellationToken ct) =>
        TypedResults.Ok(await RunAsync(db, maxId, limit, kind, ct));
}
