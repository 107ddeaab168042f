using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Events;

public static class EventsEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(config.GetSection("Rounds:Events").Get<EventRoomOptions>() ?? new());
        services.AddJob<ReleaseQuestionsJob, ReleaseQuestionsJob.Handler>(every: TimeSpan.FromMinutes(1));
        services.AddJob<ExtendChatSeriesJob, ExtendChatSeriesJob.Handler>(every: TimeSpan.FromDays(1));
        services.AddJob<EventReminderJob, EventReminderJob.Handler>(every: TimeSpan.FromMinutes(1));
        services.AddJob<RemindMemberJob, RemindMemberJob.Handler>();
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
        events.MapGet("/{id:long}/transcript", EventTranscript.HandleAsync);
        app.MapGet("/events/{id:long}/transcript.pdf", EventTranscript.PdfHandleAsync).WithTags("Events");
        events.MapPost("/chats", CreateChat.HandleAsync).RequireAuthorization();
        events.MapPut("/{id:long}/sessions/{sessionId:long}", UpdateOccurrence.HandleAsync).RequireAuthorization();
        app.MapGet("/events/{id:long}/calendar.ics", EventCalendar.SeriesAsync).WithTags("Events");
        app.MapGet("/calendar/{token}.ics", EventCalendar.MemberAsync).WithTags("Events");
        app.MapGet("/api/v1/calendar/feed", EventCalendar.GetFeedAsync).WithTags("Events").RequireAuthorization();
        app.MapPost("/api/v1/calendar/feed", EventCalendar.RotateFeedAsync).WithTags("Events").RequireAuthorization();
        // Conferences and ask-the-expert forums
        events.MapGet("/{id:long}/program", ConferenceProgram.HandleAsync);
        events.MapPost("/{id:long}/check-in", CheckIn.HandleAsync).RequireAuthorization();
        events.MapPost("/{id:long}/sessions/{sessionId:long}/summary", SummariseSession.HandleAsync).RequireAuthorization();
        events.MapPut("/{id:long}/messages/{postId:long}/label", LabelMessage.HandleAsync).RequireAuthorization();
        events.MapGet("/{id:long}/report", ConferenceReport.HandleAsync);
        events.MapGet("/{id:long}/forum", ExpertForum.HandleAsync);
        events.MapPost("/{id:long}/messages/{postId:long}/upvote", UpvoteQuestion.PostHandleAsync).RequireAuthorization();
        events.MapDelete("/{id:long}/messages/{postId:long}/upvote", UpvoteQuestion.DeleteHandleAsync).RequireAuthorization();
        app.MapGet("/events/{id:long}/report.csv", ConferenceReport.CsvHandleAsync).ExcludeFromDescription();
        events.MapGet("/{id:long}/participants", EventParticipants.HandleAsync);
        events.MapPost("/{id:long}/messages/{postId:long}/pin", EventModeration.PinAsync).RequireAuthorization();
        events.MapDelete("/{id:long}/messages/{postId:long}/pin", EventModeration.UnpinAsync).RequireAuthorization();
        events.MapPost("/{id:long}/messages/{postId:long}/hide", EventModeration.HideAsync).RequireAuthorization();
        events.MapDelete("/{id:long}/messages/{postId:long}/hide", EventModeration.UnhideAsync).RequireAuthorization();
        events.MapPut("/{id:long}/slow-mode", EventModeration.SlowModeHandleAsync).RequireAuthorization();
        return app;
    }
}
