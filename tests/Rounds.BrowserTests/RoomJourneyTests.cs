using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rounds.Web.Data;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class RoomJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    /// <summary>A members' journal club whose live window starts now, with T1 at offset 0, made through CreateEvent as the owner.</summary>
    private async Task<long> ClubStartingNowAsync(BrowserMember owner)
    {
        long id = 0;
        await server.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<RoundsDb>();
            var audiences = sp.GetRequiredService<Audiences>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var member = await db.Users.SingleAsync(u => u.Id == owner.Id);
            var now = clock.GetUtcNow();
            var outcome = await CreateEvent.RunAsync(member, await audiences.ViewerOfAsync(owner.Id, now.UtcDateTime), new CreateEvent.Request(
                "journal-club", "Treat-to-target in early arthritis", "RheumJC", "We read the trial together.", Audience: "members", TimeZone: "Europe/London",
                Sessions: [new CreateEvent.SessionInput("Europe window", now, now.AddHours(1))], Paper: "10.1136/annrheumdis-2023-224001",
                PaperTitle: "Treat-to-target strategies in early arthritis", Questions: [new CreateEvent.QuestionInput("What was the primary outcome?", 0, 0)]),
                db, audiences, clock, default);
            if (!outcome.IsOk) throw new InvalidOperationException(string.Join("; ", outcome.FormErrors().SelectMany(e => e.Value)));
            id = outcome.Value!.Id;
        });
        return id;
    }

    [Fact]
    public Task Two_browsers_in_one_journal_club_room_see_T1_appear_and_an_answer_arrive_live() => server.RunAsync(async session =>
    {
        var host = await server.CreateMemberAsync(verified: true, handlePrefix: "host");
        var learner = await server.CreateMemberAsync(verified: true, handlePrefix: "learner");
        var watcher = await server.CreateMemberAsync(Rounds.Web.Features.Accounts.Profession.NurseNpPa, verified: true, handlePrefix: "watcher");
        var eventId = await ClubStartingNowAsync(host);

        var one = await session.NewPageAsync();
        await SignInAsync(one, learner.Email, learner.Password);
        await one.GotoAsync($"/events/{eventId}/room");
        var two = await session.NewPageAsync();
        await SignInAsync(two, watcher.Email, watcher.Password);
        await two.GotoAsync($"/events/{eventId}/room");
        await Expect(one.Locator("[data-room][data-live=connected]")).ToBeVisibleAsync();
        await Expect(two.Locator("[data-room][data-live=connected]")).ToBeVisibleAsync();
        await Expect(two.Locator("[data-participants]")).ToContainTextAsync(learner.Handle[..6], new() { Timeout = 10_000 });

        // T1 is due at the window's start plus 0 minutes. The release job runs once a minute; rather than wait for its next turn, the test
        // runs the same job handler in the server now — the message then travels the normal way, through the hub, to both browsers.
        await server.WithServicesAsync(sp => ActivatorUtilities.CreateInstance<ReleaseQuestionsJob.Handler>(sp).RunAsync(new ReleaseQuestionsJob(), default));
        var t1InOne = one.Locator(".room-msg.question", new() { HasText = "What was the primary outcome?" });
        var t1InTwo = two.Locator(".room-msg.question", new() { HasText = "What was the primary outcome?" });
        await Expect(t1InOne.Locator("[data-testid=label]")).ToHaveTextAsync("T1");
        await Expect(t1InTwo.Locator("[data-testid=label]")).ToHaveTextAsync("T1");

        // Browser one answers T1; browser two sees A1 without reloading, once.
        await t1InOne.GetByRole(AriaRole.Link, new() { Name = "Answer T1" }).ClickAsync();
        await Expect(one.Locator("[data-reply-note]")).ToContainTextAsync("Replying to T1");
        await one.GetByLabel("Your message").FillAsync("Remission at one year, by DAS28.");
        await one.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        var answerInTwo = two.Locator(".room-msg.answer", new() { HasText = "Remission at one year, by DAS28." });
        await Expect(answerInTwo.Locator("[data-testid=label]")).ToHaveTextAsync("A1");
        await Expect(answerInTwo).ToHaveCountAsync(1);
        await Expect(one.Locator(".room-msg.answer", new() { HasText = "Remission at one year" })).ToHaveCountAsync(1);
        await Expect(one.GetByLabel("Your message")).ToHaveValueAsync("");
        await Expect(two.Locator("[data-messages] > .room-msg")).ToHaveCountAsync(2);

        // Afterwards: the window is over (moved into the past in the database — this server runs on the real clock), and the
        // permanent transcript shows the question, the answer from browser one and the figures.
        await server.WithServicesAsync(async sp =>
        {
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            await sp.GetRequiredService<RoundsDb>().EventSessions.Where(s => s.EventId == eventId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, now.AddHours(-1)).SetProperty(x => x.EndsAt, now.AddSeconds(-1)));
        });
        await two.GotoAsync($"/events/{eventId}/transcript");
        var transcript = two.Locator("main");
        await Expect(transcript).ToContainTextAsync("What was the primary outcome?");
        await Expect(transcript).ToContainTextAsync("Remission at one year, by DAS28.");
        await Expect(transcript).ToContainTextAsync(learner.Handle);
        await Expect(two.Locator("[data-testid=transcript-in-progress]")).ToHaveCountAsync(0);
    });
}
