using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Infrastructure;

/// <summary>The person making this request, read from the cookie or the bearer token; loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, RoundsDb db, TimeProvider clock)
{
    private Member? _member;
    private bool _loaded;

    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public long? Id => long.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsSignedIn => Id is not null;

    public bool IsModerator => Principal.IsInRole(Roles.Moderator) || Principal.IsInRole(Roles.Admin);

    public bool IsAdmin => Principal.IsInRole(Roles.Admin);

    public async Task<Member?> MemberAsync(CancellationToken ct = default)
    {
        if (_loaded) return _member;
        if (Id is { } id)
        {
            await db.Database.OpenConnectionAsync(ct); // every later query of this request reuses it
            _member = await db.Users.SingleOrDefaultAsync(m => m.Id == id, ct);
        }
        _loaded = true; // only once the read finished: a caller never sees "loaded" with the member still on its way
        return _member;
    }

    private const string RememberedKey = "Rounds.Viewer";

    /// <summary>The token handler already read what the audience check needs; reading pages then ask nothing more of the account.</summary>
    public static void Remember(HttpContext context, Viewer viewer) => context.Items[RememberedKey] = viewer;

    /// <summary>The viewer as the audience check sees it.</summary>
    public async Task<Viewer> ViewerAsync(CancellationToken ct = default)
    {
        if (http.HttpContext?.Items[RememberedKey] is Viewer known && known.Id == Id && Id is not null) return known;
        var member = await MemberAsync(ct);
        return member is null ? Viewer.Anonymous : Viewer.For(member, IsAdmin, IsModerator, clock.GetUtcNow().UtcDateTime);
    }
}
