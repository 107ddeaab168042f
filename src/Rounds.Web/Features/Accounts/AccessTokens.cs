using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Accounts;

public sealed record AccessTokenView(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

public static class CreateAccessToken
{
    public sealed record Request([Required, MaxLength(80)] string? Name);
    /// <summary>The secret is shown in this response only; the server keeps its hash.</summary>
    public sealed record Response(long Id, string Name, string Token);

    public const int MaxActive = 20;

    public static async Task<Outcome<Response>> RunAsync(long memberId, Request r, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        if (r.Name is not null && string.IsNullOrWhiteSpace(r.Name)) errors.Add("name", "Name the token, e.g. the app that will use it.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (await db.AccessTokens.CountAsync(t => t.MemberId == memberId && t.RevokedAt == null, ct) >= MaxActive)
            return Outcome.Conflict($"You have {MaxActive} active tokens; revoke one first.");

        var secret = AccessToken.NewSecret();
        var token = new AccessToken
        {
            MemberId = memberId, Name = r.Name!.Trim(), Hash = AccessToken.HashOf(secret),
            Prefix = secret[..10], CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new Response(token.Id, token.Name, secret);
    }

    public static async Task<Results<Created<Response>, ProblemHttpResult>> HandleAsync(
        Request request, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, request, db, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Created($"/api/v1/me/tokens/{outcome.Value!.Id}", outcome.Value);
    }
}

public static class ListAccessTokens
{
    public static Task<List<AccessTokenView>> QueryAsync(long memberId, RoundsDb db, CancellationToken ct) =>
        db.AccessTokens.Where(t => t.MemberId == memberId && t.RevokedAt == null)
            .OrderByDescending(t => t.Id)
            .Select(t => new AccessTokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt))
            .ToListAsync(ct);

    public static async Task<Ok<List<AccessTokenView>>> HandleAsync(CurrentUser me, RoundsDb db, CancellationToken ct) =>
        TypedResults.Ok(await QueryAsync(me.Id!.Value, db, ct));
}

public static class RevokeAccessToken
{
    public static async Task<bool> RunAsync(long memberId, long tokenId, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.MemberId == memberId && t.RevokedAt == null, ct);
        if (token is null) return false;
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static async Task<Results<NoContent, NotFound>> HandleAsync(long id, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        await RunAsync(me.Id!.Value, id, db, clock, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
