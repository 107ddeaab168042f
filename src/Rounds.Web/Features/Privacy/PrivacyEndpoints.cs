using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Privacy;

public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/privacy/scan", ScanText.Handle).WithTags("Privacy").RequireAuthorization();
        // The same scan for pages, with the sign-in cookie (the API takes bearer tokens only); it writes nothing.
        app.MapPost("/privacy/scan", ScanText.Handle).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/api/v1/moderation/privacy-decisions", ListGuardDecisions.HandleAsync).WithTags("Privacy").RequireAuthorization(Roles.Moderates);
        return app;
    }
}
