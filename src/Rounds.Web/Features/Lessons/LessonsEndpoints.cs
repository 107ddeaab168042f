namespace Rounds.Web.Features.Lessons;

public static class LessonsEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddLessons(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapLessons(this IEndpointRouteBuilder app)
    {
        var lessons = app.MapGroup("/api/v1/lessons").WithTags("Lessons");
        lessons.MapGet("/", GetLesson.ListHandleAsync);
        lessons.MapPost("/", CreateLesson.HandleAsync).RequireAuthorization();
        lessons.MapGet("/{id:long}", GetLesson.HandleAsync);
        lessons.MapPut("/{id:long}", UpdateLesson.HandleAsync).RequireAuthorization();
        lessons.MapPost("/{id:long}/publish", PublishLesson.HandleAsync).RequireAuthorization();
        lessons.MapGet("/{id:long}/stats", GetLessonStats.HandleAsync).RequireAuthorization();
        lessons.MapPost("/{id:long}/steps", LessonStepEditing.AddHandleAsync).RequireAuthorization();
        lessons.MapPut("/{id:long}/steps/order", LessonStepEditing.ReorderHandleAsync).RequireAuthorization();
        lessons.MapGet("/{id:long}/steps/{n:int}", GetLesson.StepHandleAsync);
        lessons.MapPut("/{id:long}/steps/{n:int}", LessonStepEditing.UpdateHandleAsync).RequireAuthorization();
        lessons.MapDelete("/{id:long}/steps/{n:int}", LessonStepEditing.DeleteHandleAsync).RequireAuthorization();
        lessons.MapPost("/{id:long}/steps/{n:int}/answer", AnswerLessonQuestion.HandleAsync).RequireAuthorization();
        lessons.MapPost("/{id:long}/advance", AdvanceLesson.HandleAsync).RequireAuthorization();
        lessons.MapGet("/{id:long}/progress", GetLesson.ProgressHandleAsync).RequireAuthorization();
        return app;
    }
}
