namespace Rounds.Web.Features.Posts;

public static class PostsEndpoints
{
    public static IEndpointRouteBuilder MapPosts(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/v1/posts").WithTags("Posts");
        posts.MapPost("/", CreatePost.HandleAsync).RequireAuthorization();
        posts.MapGet("/{id:long}", GetPost.HandleAsync);
        posts.MapPut("/{id:long}", EditPost.HandleAsync).RequireAuthorization();
        posts.MapDelete("/{id:long}", DeletePost.HandleAsync).RequireAuthorization();
        posts.MapGet("/{id:long}/history", GetPostHistory.HandleAsync);
        posts.MapGet("/{id:long}/thread", GetThread.HandleAsync);
        posts.MapPost("/{id:long}/like", LikePost.HandleAsync).RequireAuthorization();
        posts.MapDelete("/{id:long}/like", UnlikePost.HandleAsync).RequireAuthorization();
        posts.MapPost("/{id:long}/bookmark", BookmarkPost.HandleAsync).RequireAuthorization();
        posts.MapDelete("/{id:long}/bookmark", UnbookmarkPost.HandleAsync).RequireAuthorization();
        posts.MapPost("/{id:long}/repost", RepostPost.HandleAsync).RequireAuthorization();
        posts.MapDelete("/{id:long}/repost", UnrepostPost.HandleAsync).RequireAuthorization();

        var media = app.MapGroup("/api/v1/media").WithTags("Posts").RequireAuthorization();
        media.MapPost("/", UploadMedia.HandleAsync).DisableAntiforgery(); // bearer-only: no ambient credential to forge
        media.MapPut("/{id:long}", UpdateMedia.HandleAsync);
        media.MapPost("/{id:long}/mask", MaskMedia.HandleAsync);

        // Files, not API: served through the post's audience, never from a public folder.
        app.MapGet("/media/posts/{id:long}", GetPostMedia.HandleAsync).ExcludeFromDescription();
        app.MapGet("/media/posts/{id:long}/preview", GetPostMedia.PreviewAsync).ExcludeFromDescription();

        // Pages: a card's HTML for live timelines, and the card's action buttons (cookie + antiforgery, then back).
        app.MapGet("/fragments/posts/{id:long}", PostFragment.HandleAsync).ExcludeFromDescription();
        app.MapPost("/posts/{id:long}/{action:regex(^(like|unlike|bookmark|unbookmark|repost|unrepost|delete)$)}", PostFormActions.HandleAsync)
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
