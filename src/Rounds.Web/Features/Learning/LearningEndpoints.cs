namespace Rounds.Web.Features.Learning;

public static class LearningEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddLearning(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapLearning(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
