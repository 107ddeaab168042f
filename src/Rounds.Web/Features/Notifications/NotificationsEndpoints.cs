namespace Rounds.Web.Features.Notifications;

public static class NotificationsEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization();
        api.MapGet("/", ListNotifications.HandleAsync);
        api.MapGet("/unread-count", ListNotifications.UnreadHandleAsync);
        api.MapPost("/read", MarkNotificationsRead.HandleAsync);
        app.MapPut("/api/v1/me/digest", SetEmailDigest.HandleAsync).WithTags("Notifications").RequireAuthorization();
        return app;
    }
}
