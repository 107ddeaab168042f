using Rounds.Web.Components;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Cases;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Conversations;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Quizzes;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddRounds();

var app = builder.Build();
await DatabaseSetup.MigrateAsync(app.Services);

if (args is ["admin", ..])
    return await AdminCli.RunAsync(app.Services, args, Console.Out);

if (app.Configuration.GetValue("Rounds:Seed:Demo", true) && await DemoSeed.SeedIfEmptyAsync(app.Services))
    app.Logger.LogInformation("Seeded a demo community. Sign in as admin@rounds.local, moderator@rounds.local or ana@rounds.local with password {Password}", DemoSeed.Password);

app.UseRounds();
app.MapAccounts();
app.MapProfiles();
app.MapVerification();
app.MapAdmin();
app.MapPosts();
app.MapPrivacy();
app.MapCases();
app.MapPolls();
app.MapQuizzes();
app.MapLessons();
app.MapLearning();
app.MapEvents();
app.MapTimelines();
app.MapConnections();
app.MapNotifications();
app.MapConversations();
app.MapRazorComponents<App>();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
    app.Logger.LogInformation("Rounds is listening on {Urls}", string.Join(", ", addresses));
});
await app.RunAsync();
return 0;

public partial class Program;
