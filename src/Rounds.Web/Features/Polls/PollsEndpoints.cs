namespace Rounds.Web.Features.Polls;

public static class PollsEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddPolls(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPolls(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
