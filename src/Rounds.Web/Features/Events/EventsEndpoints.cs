using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Events;

public static class EventsEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(config.GetSection("Rounds:Events").Get<EventRoomOptions>() ?? new());
        services.AddJob<ReleaseQuestionsJob, ReleaseQuestionsJob.Handler>(every: TimeSpan.FromMinutes(1));
        return services;
    }

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/v1/events").WithTags("Events");
        events.MapGet("/", GetEvent.ListHandleAsync);
        events.MapPost("/", CreateEvent.HandleAsync).RequireAuthorization();
        events.MapGet("/{id:long}", GetEvent.HandleAsync);
        events.MapPost("/{id:long}/rsvp", Rsvp.GoingAsync).RequireAuthorization();
        events.MapDelete("/{id:long}/rsvp", Rsvp.NotGoingAsync).RequireAuthorization();
        events.MapGet("/{id:long}/messages", EventMessages.ListHandleAsync);
        events.MapPost("/{id:long}/messages", EventMessages.PostHandleAsync).RequireAuthorization();
        events.MapGet("/{id:long}/participants", EventParticipants.HandleAsync);
        events.MapPost("/{id:long}/messages/{postId:long}/pin", EventModeration.PinAsync).RequireAuthorization();
        events.MapDelete("/{id:long}/messages/{postId:long}/pin", EventModeration.UnpinAsync).RequireAuthorization();
        events.MapPost("/{id:long}/messages/{postId:long}/hide", EventModeration.HideAsync).RequireAuthorization();
        events.MapDelete("/{id:long}/messages/{postId:long}/hide", EventModeration.UnhideAsync).RequireAuthorization();
        events.MapPut("/{id:long}/slow-mode", EventModeration.SlowModeHandleAsync).RequireAuthorization();
        return app;
    }
}
