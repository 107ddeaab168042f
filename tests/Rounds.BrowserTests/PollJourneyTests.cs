using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Connections;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class PollJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    [Fact]
    public Task A_clinician_adds_a_poll_to_a_post_and_a_follower_votes_from_the_home_timeline() => server.RunAsync(async session =>
    {
        var author = await server.CreateMemberAsync(verified: true, handlePrefix: "pollster");
        var follower = await server.CreateMemberAsync(Profession.NurseNpPa, verified: true, handlePrefix: "voter");
        await server.WithDbAsync(async db =>
        {
            db.Follows.Add(new Follow { FollowerId = follower.Id, FolloweeId = author.Id, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var writer = await session.NewPageAsync();
        await SignInAsync(writer, author.Email, author.Password);
        await writer.GotoAsync("/");
        await writer.GetByLabel("Write a post").FillAsync("This week's #RheumPoll, votes welcome");
        await writer.GetByText("Add a poll").ClickAsync();
        await writer.GetByLabel("Question").FillAsync("First-line treatment for an acute gout flare?");
        await writer.GetByLabel(new System.Text.RegularExpressions.Regex("^Options")).FillAsync("Colchicine\nAn NSAID\nA glucocorticoid");
        await writer.GetByLabel("Closes in").SelectOptionAsync(new SelectOptionValue { Label = "3 days" });
        await writer.GetByLabel("Who can see it").SelectOptionAsync("clinicians");
        await writer.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        var card = writer.Locator(".post", new() { HasText = "This week's #RheumPoll" });
        await Expect(card.Locator(".poll")).ToContainTextAsync("First-line treatment for an acute gout flare?");
        var poll = await server.WithDbAsync(db => db.Polls.SingleAsync(p => p.AuthorId == author.Id));

        var reader = await session.NewPageAsync();
        await SignInAsync(reader, follower.Email, follower.Password);
        await reader.GotoAsync("/");
        var seen = reader.Locator(".post", new() { HasText = "This week's #RheumPoll" });
        await Expect(seen.Locator(".poll-vote")).ToBeVisibleAsync();
        await seen.GetByLabel("An NSAID").CheckAsync();
        await seen.GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
        var results = reader.Locator($"#poll-{poll.Id} [data-testid=poll-results]");
        await Expect(results).ToContainTextAsync("An NSAID (your vote)");
        await Expect(results).ToContainTextAsync("1 (100%)");

        // The poll's own page: results, and the breakdown with groups under five voters withheld.
        await reader.GotoAsync("/polls");
        await reader.GetByRole(AriaRole.Link, new() { Name = "First-line treatment for an acute gout flare?" }).ClickAsync();
        await Expect(reader.GetByTestId("breakdown-profession")).ToContainTextAsync("fewer than 5");
        await Expect(reader.GetByRole(AriaRole.Link, new() { Name = "Analytics" })).ToHaveCountAsync(0);

        await writer.GotoAsync($"/polls/{poll.Id}");
        await writer.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
        await Expect(writer.GetByTestId("reached")).ToHaveTextAsync("1");
        await Expect(writer.GetByTestId("answer-rate")).ToHaveTextAsync("100%");
    });
}
