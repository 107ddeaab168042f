using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Cases;

public static class CasesEndpoints
{
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/v1/cases").WithTags("Cases");
        cases.MapGet("/", GetCase.ListHandleAsync);
        cases.MapPost("/", CreateCase.HandleAsync).RequireAuthorization();
        cases.MapGet("/{id:long}", GetCase.HandleAsync);
        cases.MapGet("/{id:long}/answers", GetCase.AnswersHandleAsync);
        cases.MapPost("/{id:long}/answers", AnswerCase.HandleAsync).RequireAuthorization();
        cases.MapPost("/{id:long}/resolve", ResolveCase.HandleAsync).RequireAuthorization();
        cases.MapPost("/{id:long}/unmask", UnmaskCase.HandleAsync).RequireAuthorization(Roles.Moderates);

        return app;
    }
}
