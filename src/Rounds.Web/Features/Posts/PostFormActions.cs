using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// The buttons on a post card, for pages: each calls the same operation as the API, then returns to the page it came
/// from; a refusal (already liked, no longer visible) comes back as a message in the address.
/// </summary>
public static class PostFormActions
{
    public static async Task<RedirectHttpResult> HandleAsync(long id, string action, [FromForm] string? returnUrl, CurrentUser me, RoundsDb db,
        Audiences audiences, JobQueue jobs, IFileStore files, TimeProvider clock, CancellationToken ct)
    {
        var member = (await me.MemberAsync(ct))!;
        var viewer = await me.ViewerAsync(ct);
        Failure? failure = action switch
        {
            "like" => Fail(await LikePost.RunAsync(member, viewer, id, db, audiences, jobs, clock, ct)),
            "unlike" => Fail(await UnlikePost.RunAsync(member, viewer, id, db, audiences, ct)),
            "bookmark" => Fail(await BookmarkPost.RunAsync(member, viewer, id, db, audiences, clock, ct)),
            "unbookmark" => Fail(await UnbookmarkPost.RunAsync(member, viewer, id, db, audiences, ct)),
            "repost" => Fail(await RepostPost.RunAsync(member, viewer, id, db, audiences, jobs, clock, ct)),
            "unrepost" => Fail(await UnrepostPost.RunAsync(member, viewer, id, db, audiences, ct)),
            "delete" => Fail(await DeletePost.RunAsync(member, viewer, id, db, audiences, files, clock, ct)),
            _ => Outcome.NotFound(),
        };
        var back = LocalUrls.OrHome(returnUrl);
        if (failure is not null)
        {
            var message = failure.Message ?? failure.Errors?.Values.SelectMany(v => v).FirstOrDefault() ?? "That did not work.";
            back = $"{back.Split('#')[0]}{(back.Contains('?') ? '&' : '?')}notice={Uri.EscapeDataString(message)}";
        }
        else if (action != "delete" && !back.Contains('#')) back += $"#post-{id}";
        return TypedResults.LocalRedirect(back);
    }

    private static Failure? Fail<T>(Outcome<T> o) => o.IsOk ? null : new Failure(o.Kind, o.Errors, o.Message);
}
