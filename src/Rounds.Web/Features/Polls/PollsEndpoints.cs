using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Polls;

public static class PollsEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddPolls(this IServiceCollection services) =>
        services.AddJob<NotifyPollClosedJob, NotifyPollClosedJob.Handler>(every: NotifyPollClosedJob.Every);

    public static IEndpointRouteBuilder MapPolls(this IEndpointRouteBuilder app)
    {
        var polls = app.MapGroup("/api/v1/polls").WithTags("Polls");
        polls.MapPost("/", CreatePoll.HandleAsync).RequireAuthorization();
        polls.MapGet("/", GetPoll.ListHandleAsync);
        polls.MapGet("/{id:long}", GetPoll.HandleAsync);
        polls.MapPost("/{id:long}/votes", VotePoll.HandleAsync).RequireAuthorization();
        polls.MapGet("/{id:long}/breakdown", GetPollBreakdown.HandleAsync);
        polls.MapGet("/{id:long}/results.csv", ExportPollResults.HandleAsync); // anyone but the author and moderators: 403, or 404 when hidden
        polls.MapGet("/{id:long}/analytics", GetPollAnalytics.HandleAsync);

        // Pages: the vote form on a poll card (cookie + antiforgery, then back to the page it came from).
        app.MapPost("/polls/{id:long}/vote", VotePoll.FormAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
