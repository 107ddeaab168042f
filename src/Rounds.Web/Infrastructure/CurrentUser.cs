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
        _loaded = true;
        if (http.HttpContext?.Items[RememberedKey] is Member known && known.Id == Id) return _member = known;
        if (Id is { } id)
        {
            await db.Database.OpenConnectionAsync(ct); // every later query of this request reuses it
            _member = await db.Users.SingleOrDefaultAsync(m => m.Id == id, ct);
        }
        return _member;
    }

    private const string RememberedKey = "Rounds.Member";

    /// <summary>The token handler already loaded the member (tracked by this request's context); no second read.</summary>
    public static void Remember(HttpContext context, Member member) => context.Items[RememberedKey] = member;

    /// <summary>The viewer as the audience check sees it.</summary>
    public async Task<Viewer> ViewerAsync(CancellationToken ct = default)
    {
        var member = await MemberAsync(ct);
        return member is null ? Viewer.Anonymous : Viewer.For(member, IsAdmin, IsModerator, clock.GetUtcNow().UtcDateTime);
    }
}
