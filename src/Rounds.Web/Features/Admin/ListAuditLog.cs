using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Admin;

public sealed record AuditEntryView(long Id, DateTime At, string Action, string? Actor, string? Subject, string? Details);

public sealed record AuditFilter(string? Action, string? Member, string? Actor, DateTime? From, DateTime? To, long? MaxId, int Limit = 50);

public static class ListAuditLog
{
    public static async Task<Outcome<List<AuditEntryView>>> QueryAsync(AuditFilter f, RoundsDb db, CancellationToken ct)
    {
        if (f.Action is not null && !AuditActions.All.Contains(f.Action)) return Outcome.Invalid("action", "Unknown action.");
        if (f.Limit is < 1 or > 200) return Outcome.Invalid("limit", "Limit is between 1 and 200.");
        var q = db.AuditEntries.AsQueryable();
        if (f.Action is not null) q = q.Where(a => a.Action == f.Action);
        if (!string.IsNullOrWhiteSpace(f.Member))
        {
            var id = await IdOf(f.Member, db, ct);
            q = q.Where(a => a.SubjectId == id);
        }
        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var id = await IdOf(f.Actor, db, ct);
            q = q.Where(a => a.ActorId == id);
        }
        if (f.From is { } from) q = q.Where(a => a.At >= from.ToUniversalTime());
        if (f.To is { } to) q = q.Where(a => a.At < to.ToUniversalTime());
        if (f.MaxId is { } max) q = q.Where(a => a.Id < max);
        var rows = await q.OrderByDescending(a => a.Id).Take(f.Limit).ToListAsync(ct);
        var ids = rows.SelectMany(r => new[] { r.ActorId, r.SubjectId }).OfType<long>().Distinct().ToList();
        var handles = await db.Users.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.UserName!, ct);
        return rows.Select(r => new AuditEntryView(r.Id, r.At, r.Action,
            r.ActorId is { } a ? handles.GetValueOrDefault(a) : null,
            r.SubjectId is { } s ? handles.GetValueOrDefault(s) : null, r.Details)).ToList();
    }

    private static async Task<long> IdOf(string handle, RoundsDb db, CancellationToken ct)
    {
        var normalized = handle.Trim().TrimStart('@').ToUpperInvariant();
        return await db.Users.Where(m => m.NormalizedUserName == normalized).Select(m => m.Id).SingleOrDefaultAsync(ct);
    }

    public static async Task<Results<Ok<List<AuditEntryView>>, ProblemHttpResult>> HandleAsync(string? action, string? member, string? actor,
        DateTime? from, DateTime? to, long? max_id, int? limit, RoundsDb db, CancellationToken ct)
    {
        var outcome = await QueryAsync(new AuditFilter(action, member, actor, from, to, max_id, limit ?? 50), db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
