using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Learning;

public static class LearningEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddLearning(this IServiceCollection services)
    {
        services.AddHostedService<DefaultCreditRules>();
        services.AddJob<GoalSharedJob, GoalSharedJob.Handler>();
        return services;
    }

    public static IEndpointRouteBuilder MapLearning(this IEndpointRouteBuilder app)
    {
        // Reads answer 404 to anyone without a transcript of their own (signed out): a learning record has no other audience.
        var learning = app.MapGroup("/api/v1/learning").WithTags("Learning");
        learning.MapGet("/entries", Transcript.ListHandleAsync);
        learning.MapGet("/entries/{id:long}", Transcript.GetHandleAsync);
        learning.MapPut("/entries/{id:long}/reflection", WriteReflection.HandleAsync).RequireAuthorization();
        learning.MapPost("/reflections", RecordArticle.HandleAsync).RequireAuthorization();
        learning.MapGet("/goals", GetGoal.MineHandleAsync);
        learning.MapGet("/goals/shared", GetGoal.SharedHandleAsync);
        learning.MapPost("/goals", SaveGoal.CreateHandleAsync).RequireAuthorization();
        learning.MapGet("/goals/{id:long}", GetGoal.HandleAsync);
        learning.MapPut("/goals/{id:long}", SaveGoal.UpdateHandleAsync).RequireAuthorization();
        learning.MapDelete("/goals/{id:long}", DeleteGoal.HandleAsync).RequireAuthorization();
        learning.MapPost("/goals/{id:long}/partners", ShareGoal.AddHandleAsync).RequireAuthorization();
        learning.MapDelete("/goals/{id:long}/partners/{handle}", ShareGoal.RemoveHandleAsync).RequireAuthorization();
        MapExports(learning);
        // The page's download links, with the cookie.
        MapExports(app.MapGroup("/learning").ExcludeFromDescription());

        var admin = app.MapGroup("/api/v1/admin/credit-rules").WithTags("Admin").RequireAuthorization(Roles.Administers);
        admin.MapGet("/", CreditRules.ListHandleAsync);
        admin.MapPut("/", SetCreditRule.HandleAsync);
        return app;
    }

    private static void MapExports(RouteGroupBuilder group)
    {
        group.MapGet("/transcript.csv", TranscriptExports.CsvHandleAsync);
        group.MapGet("/transcript.xapi.json", TranscriptExports.XapiHandleAsync);
        group.MapGet("/transcript.pdf", TranscriptExports.PdfHandleAsync);
    }
}
