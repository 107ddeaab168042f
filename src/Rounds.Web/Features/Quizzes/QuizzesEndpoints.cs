namespace Rounds.Web.Features.Quizzes;

public static class QuizzesEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddQuizzes(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapQuizzes(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
