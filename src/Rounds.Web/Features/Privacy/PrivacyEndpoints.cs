using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Privacy;

public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        // Scanning writes nothing, so a signed-in page may call it with its cookie.
        app.MapPost("/api/v1/privacy/scan", ScanText.Handle).WithTags("Privacy").RequireAuthorization().DisableAntiforgery();
        app.MapGet("/api/v1/moderation/privacy-decisions", ListGuardDecisions.HandleAsync).WithTags("Privacy").RequireAuthorization(Roles.Moderates);
        return app;
    }
}
