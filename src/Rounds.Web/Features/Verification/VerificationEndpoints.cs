using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Verification;

public static class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Verification").RequireAuthorization();
        api.MapPost("/verification/requests", RequestVerification.HandleAsync).DisableAntiforgery(); // bearer-only
        api.MapGet("/verification/me", GetMyVerification.HandleAsync);
        api.MapGet("/verification/requests/{id:long}/document", GetVerificationDocument.HandleAsync);
        api.MapPost("/profiles/{handle}/vouches", VouchForMember.HandleAsync);

        var queue = api.MapGroup("/verification").RequireAuthorization(Roles.Moderates);
        queue.MapGet("/requests", ListVerificationQueue.HandleAsync);
        queue.MapPost("/requests/{id:long}/approve", DecideVerification.ApproveAsync);
        queue.MapPost("/requests/{id:long}/reject", DecideVerification.RejectAsync);
        queue.MapPost("/members/{handle}/revoke", RevokeVerification.HandleAsync);

        // The page's link to a document uses the cookie, so the same handler is mapped outside /api.
        app.MapGet("/verification/requests/{id:long}/document", GetVerificationDocument.HandleAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
