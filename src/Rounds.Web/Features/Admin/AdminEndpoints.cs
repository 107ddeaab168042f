using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Admin;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Roles.Administers);
        admin.MapGet("/audit", ListAuditLog.HandleAsync);
        admin.MapGet("/institution-domains", ListInstitutionDomains.HandleAsync);
        admin.MapPost("/institution-domains", AllowInstitutionDomain.HandleAsync);
        admin.MapDelete("/institution-domains/{id:long}", RemoveInstitutionDomain.HandleAsync);
        admin.MapGet("/jobs", ListJobs.HandleAsync);
        admin.MapPost("/jobs/{id:long}/retry", RetryJob.HandleAsync);
        return app;
    }
}
