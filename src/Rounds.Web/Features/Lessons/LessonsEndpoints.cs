namespace Rounds.Web.Features.Lessons;

public static class LessonsEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddLessons(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapLessons(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
