using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Quizzes;

public static class QuizzesEndpoints
{
    /// <summary>Services of this feature (options, jobs), called from AddRounds.</summary>
    public static IServiceCollection AddQuizzes(this IServiceCollection services)
    {
        services.AddJob<ReleaseQuizItemsJob, ReleaseQuizItemsJob.Handler>(every: TimeSpan.FromMinutes(1));
        services.AddJob<QuizReleasedJob, QuizReleasedJob.Handler>();
        return services;
    }

    public static IEndpointRouteBuilder MapQuizzes(this IEndpointRouteBuilder app)
    {
        var quizzes = app.MapGroup("/api/v1/quizzes").WithTags("Quizzes");
        quizzes.MapGet("/series", GetQuiz.ListHandleAsync);
        quizzes.MapPost("/series", CreateQuizSeries.HandleAsync).RequireAuthorization();
        quizzes.MapGet("/series/{id:long}", GetQuiz.SeriesHandleAsync);
        quizzes.MapPost("/series/{id:long}/editors", AddQuizEditor.HandleAsync).RequireAuthorization();
        quizzes.MapDelete("/series/{id:long}/editors/{handle}", RemoveQuizEditor.HandleAsync).RequireAuthorization();
        quizzes.MapPost("/series/{id:long}/follow", FollowQuizSeries.FollowAsync).RequireAuthorization();
        quizzes.MapDelete("/series/{id:long}/follow", FollowQuizSeries.UnfollowAsync).RequireAuthorization();
        quizzes.MapPost("/series/{id:long}/items", CreateQuizItem.HandleAsync).RequireAuthorization();
        quizzes.MapGet("/series/{id:long}/analytics", QuizAnalytics.HandleAsync).RequireAuthorization();
        quizzes.MapGet("/items/{id:long}", GetQuiz.ItemHandleAsync);
        quizzes.MapPost("/items/{id:long}/submit", SubmitQuizItem.HandleAsync).RequireAuthorization();
        quizzes.MapPost("/items/{id:long}/approve", ApproveQuizItem.HandleAsync).RequireAuthorization();
        quizzes.MapPost("/items/{id:long}/answers", AnswerQuizItem.HandleAsync).RequireAuthorization();
        quizzes.MapGet("/history", QuizHistory.HandleAsync).RequireAuthorization();
        quizzes.MapGet("/review", QuizReviews.QueueHandleAsync).RequireAuthorization();
        quizzes.MapPost("/review/{id:long}", QuizReviews.AnswerHandleAsync).RequireAuthorization();
        return app;
    }
}
