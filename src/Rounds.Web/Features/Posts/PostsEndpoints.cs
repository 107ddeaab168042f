namespace Rounds.Web.Features.Posts;

public static class PostsEndpoints
{
    public static IEndpointRouteBuilder MapPosts(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/v1/posts").WithTags("Posts");
        posts.MapPost("/", CreatePost.HandleAsync).RequireAuthorization();
        posts.MapGet("/{id:long}", GetPost.HandleAsync);
        app.MapGet("/fragments/posts/{id:long}", PostFragment.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
