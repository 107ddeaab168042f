using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class VerificationJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    private const string ValidNpi = "1234567893";

    [Fact]
    public Task A_new_clinician_signs_up_confirms_gets_verified_and_shows_the_badge() => server.RunAsync(async session =>
    {
        var handle = RoundsServer.UniqueHandle("clin");
        var email = $"{handle}@example.org";

        // Sign up.
        var member = await session.NewPageAsync();
        await member.GotoAsync("/account/sign-up");
        await member.GetByLabel("Name", new() { Exact = true }).FillAsync("Dana Clinician");
        await member.GetByLabel("Handle", new() { Exact = true }).FillAsync(handle);
        await member.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await member.GetByLabel("Password", new() { Exact = true }).FillAsync(RoundsServer.Password);
        await member.GetByLabel("Profession", new() { Exact = true }).SelectOptionAsync("Physician");
        await member.Locator("#acceptGuidelines").CheckAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Status)).ToContainTextAsync("we sent a confirmation link", new() { IgnoreCase = true });

        // Confirm through the emailed link.
        var link = await server.LinkInEmailAsync(email, "Confirm your email");
        Assert.StartsWith(server.BaseAddress + "/account/confirm?", link);
        await member.GotoAsync(link);
        await Expect(member.GetByRole(AriaRole.Status)).ToContainTextAsync("your email is confirmed");

        await SignInAsync(member, email, RoundsServer.Password);

        // Not verified yet: the profile has no badge.
        await member.GotoAsync($"/members/{handle}");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dana Clinician");
        await Expect(member.Locator("[data-testid=verified-badge]")).ToHaveCountAsync(0);

        // Ask a moderator.
        await member.GotoAsync("/verification");
        await member.Locator("#npi").FillAsync(ValidNpi);
        await member.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Status)).ToContainTextAsync("Request sent");
        await Expect(member.GetByText("Your request is waiting for a moderator.")).ToBeVisibleAsync();

        // A moderator approves it, in a browser of their own.
        var moderator = await server.CreateModeratorAsync();
        var mod = await session.NewPageAsync();
        await SignInAsync(mod, moderator.Email, moderator.Password);
        await mod.GotoAsync("/moderation/verification");
        var item = mod.Locator($"li[data-testid=\"request-{handle}\"]");
        await Expect(item).ToContainTextAsync(ValidNpi);
        await item.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(mod.GetByRole(AriaRole.Status)).ToContainTextAsync($"Approved @{handle}");
        await Expect(mod.Locator($"li[data-testid=\"request-{handle}\"]")).ToHaveCountAsync(0);

        // The badge now shows on the member's profile.
        await member.GotoAsync($"/members/{handle}");
        await Expect(member.Locator("[data-testid=verified-badge]")).ToBeVisibleAsync();
        await Expect(member.Locator("[data-testid=verified-badge]")).ToContainTextAsync("Verified");
    });

    [Fact]
    public Task A_bad_NPI_is_refused_on_the_form() => server.RunAsync(async session =>
    {
        var clinician = await server.CreateMemberAsync();
        var page = await session.NewPageAsync();
        await SignInAsync(page, clinician.Email, clinician.Password);

        await page.GotoAsync("/verification");
        var npi = page.GetByLabel("NPI (US National Provider Identifier)");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send request" });

        // Ten digits, but the Luhn check digit is wrong.
        await npi.FillAsync("1234567890");
        await send.ClickAsync();
        await Expect(page.Locator("#npi-error")).ToContainTextAsync("check digit");
        await Expect(send).ToBeVisibleAsync();
        await Expect(page.GetByText("Request sent")).ToHaveCountAsync(0);

        // Too short.
        await page.Locator("#npi").FillAsync("12345");
        await send.ClickAsync();
        await Expect(page.Locator("#npi-error")).ToContainTextAsync("exactly 10 digits");
        await Expect(send).ToBeVisibleAsync();

        var requests = await server.WithDbAsync(db => db.VerificationRequests.CountAsync(r => r.MemberId == clinician.Id));
        Assert.Equal(0, requests);
    });
}
