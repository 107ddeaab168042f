using Rounds.Web.Features.Conversations.Pages;

namespace Rounds.Web.Features.Conversations;

public static class ConversationsEndpoints
{
    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization();
        api.MapGet("/", ListConversations.HandleAsync);
        api.MapPost("/", StartConversation.HandleAsync);
        api.MapGet("/{id:long}/messages", ListMessages.HandleAsync);
        api.MapPost("/{id:long}/messages", SendMessage.HandleAsync);
        api.MapPost("/{id:long}/read", MarkConversationRead.HandleAsync);
        app.MapGet("/fragments/conversations/{cid:long}/messages/{mid:long}", MessageFragment.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
