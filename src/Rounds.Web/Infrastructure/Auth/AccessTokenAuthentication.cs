using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Infrastructure.Auth;

/// <summary>Authenticates `Authorization: Bearer rnd_…` personal access tokens by their hash.</summary>
public sealed class AccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    RoundsDb db, AccessTokenCache tokens, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string secret;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) secret = header["Bearer ".Length..].Trim();
        // WebSockets cannot carry headers from browsers and SignalR clients: the hub takes the token from the query.
        else if (Request.Path.StartsWithSegments(Live.LiveHub.Path) && Request.Query["access_token"].ToString() is { Length: > 0 } q) secret = q;
        else return AuthenticateResult.NoResult();
        if (!secret.StartsWith(AccessToken.Scheme, StringComparison.Ordinal)) return AuthenticateResult.Fail("Unknown token.");

        var hash = AccessToken.HashOf(secret);
        // Not for the hub: a WebSocket is one request for its whole life, and would hold a database connection per live client.
        var hub = Request.Path.StartsWithSegments(Live.LiveHub.Path);
        // One connection for the whole request, unless the endpoint opens it only when it needs one (a warm timeline page needs none).
        if (!hub && Context.GetEndpoint()?.Metadata.GetMetadata<OpensItsOwnConnection>() is null) await db.Database.OpenConnectionAsync();
        var now = clock.GetUtcNow();
        if (!tokens.TryGet(hash, out var found))
        {
            // Only what the principal and the audience check need (not the whole account row), roles included, in one query.
            var generation = tokens.Generation;
            var row = await db.AccessTokens.Where(t => t.Hash == hash && t.RevokedAt == null)
                .Select(t => new
                {
                    t.Id, t.MemberId, t.LastUsedAt, t.Member.UserName, t.Member.Profession, t.Member.VerifiedAt, t.Member.VerifiedUntil, t.Member.LockoutEnd,
                    Roles = string.Join(",", db.UserRoles.Where(ur => ur.UserId == t.MemberId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name)),
                })
                .SingleOrDefaultAsync();
            if (row is null) return AuthenticateResult.Fail("Unknown or revoked token.");
            found = new TokenIdentity(row.Id, row.MemberId, row.UserName!, row.Profession, row.VerifiedAt, row.VerifiedUntil, row.LockoutEnd,
                (row.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), generation) { LastUsedAt = row.LastUsedAt };
            tokens.Set(hash, found);
        }
        if (found.LockoutEnd > now) return AuthenticateResult.Fail("Account locked.");

        // Record use at most once a minute to keep reads cheap.
        if (found.LastUsedAt is null || now.UtcDateTime - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            // A stamp is bookkeeping: when the database is busy, the request goes on and a later one records it.
            try
            {
                await db.AccessTokens.Where(t => t.Id == found.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now.UtcDateTime));
                found.LastUsedAt = now.UtcDateTime;
            }
            catch (System.Data.Common.DbException e) { Logger.LogDebug(e, "Could not stamp the use of token {Id}", found.TokenId); }
        }
        var isAdmin = found.Roles.Contains(Roles.Admin);
        CurrentUser.Remember(Context, Viewer.For(found.MemberId, found.Profession, found.VerifiedAt, found.VerifiedUntil, isAdmin,
            isAdmin || found.Roles.Contains(Roles.Moderator), now.UtcDateTime));
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, found.MemberId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new(ClaimTypes.Name, found.Handle)];
        claims.AddRange(found.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Sign in with a personal access token (Authorization: Bearer …).")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await Results.Problem(statusCode: 403, title: "Forbidden", detail: "Your account may not do this.").ExecuteAsync(Context);
    }
}

/// <summary>Endpoint metadata: the endpoint opens the request's database connection itself, if it needs one at all.</summary>
public sealed class OpensItsOwnConnection
{
    public static readonly OpensItsOwnConnection Instance = new();
}
