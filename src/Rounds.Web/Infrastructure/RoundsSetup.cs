using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure.Auth;
using Rounds.Web.Infrastructure.Email;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;
using Rounds.Web.Infrastructure.Jobs;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Infrastructure;

public static class RoundsSetup
{
    public static WebApplicationBuilder AddRounds(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var root = builder.Environment.ContentRootPath;

        services.TryAddSingletonTimeProvider();
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddRoundsData(config, root);
        services.AddRoundsEmail(config, root);
        services.AddSingleton<IFileStore>(new DiskFileStore(config["Rounds:Files:Directory"] is { Length: > 0 } d ? d : Path.Combine(RoundsPaths.DataDirectory(config, root), "files")));
        services.AddSingleton(config.GetSection("Rounds:Verification").Get<VerificationOptions>() ?? new());
        services.AddSingleton(config.GetSection("Rounds:Profiles").Get<ProfileOptions>() ?? new());
        services.AddSingleton(SpecialtyTaxonomy.Load());
        services.AddScoped<CurrentUser>();
        services.AddScoped<Audiences.Audiences>();
        services.AddScoped<RoundsUrls>();
        services.AddSingleton(config.GetSection("Rounds:Timelines").Get<TimelineOptions>() ?? new());
        services.AddSingleton(config.GetSection("Rounds:Posts").Get<PostOptions>() ?? new());
        services.AddSingleton<Features.Posts.PostCards>();
        services.AddSingleton(config.GetSection("Rounds:ChangeLog").Get<Changes.ChangeLogOptions>() ?? new());
        services.AddSingleton<Changes.ChangeLog>();
        services.AddSingleton<Changes.ChangeLog.Writes>();
        services.AddSingleton<Changes.ChangeLog.Commits>();
        services.AddHostedService<Changes.ChangeLogPoller>();
        services.AddSingleton<WarmTimelines>();
        services.AddFaceDetection(config);
        services.AddScoped<Notifier>();
        services.AddRoundsLive(config);
        services.AddRoundsJobs(config);
        services.AddJob<DeliverPostJob, DeliverPostJob.Handler>();
        services.AddJob<MakePreviewJob, MakePreviewJob.Handler>();
        services.AddJob<NotifyJob, NotifyJob.Handler>();
        services.AddJob<BackfillFeedJob, BackfillFeedJob.Handler>();
        services.AddJob<TrimFeedsJob, TrimFeedsJob.Handler>(every: TimeSpan.FromMinutes(config.GetValue("Rounds:Timelines:TrimMinutes", 60.0)));
        services.AddJob<SendDigestsJob, SendDigestsJob.Handler>(every: TimeSpan.FromHours(1));
        services.AddJob<Features.Cases.CaseNotifyJob, Features.Cases.CaseNotifyJob.Handler>();
        services.AddJob<Features.Cases.AskSpecialtyJob, Features.Cases.AskSpecialtyJob.Handler>();
        Features.Polls.PollsEndpoints.AddPolls(services);
        Features.Quizzes.QuizzesEndpoints.AddQuizzes(services);
        Features.Lessons.LessonsEndpoints.AddLessons(services);
        Features.Learning.LearningEndpoints.AddLearning(services);
        Features.Events.EventsEndpoints.AddEvents(services, config);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 12 * 1024 * 1024);

        services.AddRoundsIdentity(config);
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }

    private static void AddRoundsIdentity(this IServiceCollection services, IConfiguration config)
    {
        const string Selector = "Rounds";
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Selector;
                o.DefaultChallengeScheme = Selector;
                o.DefaultForbidScheme = Selector;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            // The API speaks bearer tokens only; pages use the Identity cookie.
            .AddPolicyScheme(Selector, Selector, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || (ctx.Request.Path.StartsWithSegments(LiveHub.Path) && ctx.Request.Query.ContainsKey("access_token"))
                    ? AccessTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null)
            .AddIdentityCookies(c => c.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/account/sign-in";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "rounds";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
            }));

        services.AddIdentityCore<Member>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789_";
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Lockout.MaxFailedAccessAttempts = config.GetValue("Rounds:Accounts:MaxFailedSignIns", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(config.GetValue("Rounds:Accounts:LockoutMinutes", 15));
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<long>>()
            .AddEntityFrameworkStores<RoundsDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.Configure<DataProtectionTokenProviderOptions>(o =>
            o.TokenLifespan = TimeSpan.FromMinutes(config.GetValue("Rounds:Accounts:EmailLinkMinutes", 24.0 * 60)));

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Moderates, p => p.RequireRole(Roles.Moderator, Roles.Admin))
            .AddPolicy(Roles.Administers, p => p.RequireRole(Roles.Admin));
    }

    public static WebApplication UseRounds(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi("/api/openapi/{documentName}.json");
        Scalar.AspNetCore.ScalarEndpointRouteBuilderExtensions.MapScalarApiReference(app, "/api/docs", o => o.OpenApiRoutePattern = "/api/openapi/{documentName}.json");
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReport.WriteAsync });
        // The ceiling the benchmarks compare every endpoint against: same pipeline, no work.
        app.MapGet("/api/v1/ping", () => TypedResults.Ok(new Ping("pong"))).WithTags("Health");
        app.MapHub<LiveHub>(LiveHub.Path);
        return app;
    }
}

public sealed record Ping(string Answer);
