using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts.Pages;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Posts;

/// <summary>One post card as HTML, for live timelines: the same audience check as every other read.</summary>
public static class PostFragment
{
    public static async Task<Results<RazorComponentResult<PostCard>, NotFound>> HandleAsync(long id, HttpRequest request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var view = await GetPost.ViewAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return TypedResults.NotFound();
        var referer = request.Headers.Referer.ToString();
        var returnUrl = Uri.TryCreate(referer, UriKind.Absolute, out var u) && u.Host == request.Host.Host ? u.PathAndQuery : "/";
        return new RazorComponentResult<PostCard>(new
        {
            Post = view, ReturnUrl = returnUrl, CanAct = viewer.IsSignedIn, ViewerId = viewer.Id,
            IsModerator = viewer.Kind is ViewerKind.Moderator or ViewerKind.Admin,
        });
    }
}
