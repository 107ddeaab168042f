using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Admin;

public sealed record InstitutionDomainView(long Id, string Domain, string? Institution, DateTime CreatedAt);

public static partial class AllowInstitutionDomain
{
    public sealed record Request([Required] string? Domain, [MaxLength(160)] string? Institution);

    [GeneratedRegex(@"^(?=.{4,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")]
    private static partial Regex DomainPattern();

    public static async Task<Outcome<InstitutionDomain>> RunAsync(Request r, long adminId, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        var domain = r.Domain?.Trim().TrimStart('@').ToLowerInvariant();
        if (domain is not null && !DomainPattern().IsMatch(domain)) errors.Add("domain", "Give a domain such as med.example.edu.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (await db.InstitutionDomains.AnyAsync(d => d.Domain == domain, ct)) return Outcome.Conflict($"{domain} is already allow-listed.");
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new InstitutionDomain { Domain = domain!, Institution = string.IsNullOrWhiteSpace(r.Institution) ? null : r.Institution.Trim(), CreatedAt = now };
        db.InstitutionDomains.Add(entry);
        AuditLog.Record(db, now, AuditActions.DomainAllowed, adminId, null, domain);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    public static async Task<Results<Created<InstitutionDomainView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var o = await RunAsync(request, me.Id!.Value, db, clock, ct);
        if (!o.IsOk) return o.Problem();
        var d = o.Value!;
        return TypedResults.Created($"/api/v1/admin/institution-domains/{d.Id}", new InstitutionDomainView(d.Id, d.Domain, d.Institution, d.CreatedAt));
    }
}

public static class ListInstitutionDomains
{
    public static Task<List<InstitutionDomainView>> QueryAsync(RoundsDb db, CancellationToken ct) =>
        db.InstitutionDomains.OrderBy(d => d.Domain).Select(d => new InstitutionDomainView(d.Id, d.Domain, d.Institution, d.CreatedAt)).ToListAsync(ct);

    public static async Task<Ok<List<InstitutionDomainView>>> HandleAsync(RoundsDb db, CancellationToken ct) => TypedResults.Ok(await QueryAsync(db, ct));
}

public static class RemoveInstitutionDomain
{
    public static async Task<bool> RunAsync(long id, long adminId, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var d = await db.InstitutionDomains.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return false;
        db.InstitutionDomains.Remove(d);
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, AuditActions.DomainRemoved, adminId, null, d.Domain);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static async Task<Results<NoContent, NotFound>> HandleAsync(long id, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        await RunAsync(id, me.Id!.Value, db, clock, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
