using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rounds.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class CaseJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    [Fact]
    public Task A_clinician_redacts_a_phone_number_masks_a_face_publishes_and_a_colleague_answers() => server.RunAsync(async session =>
    {
        var author = await server.CreateMemberAsync(verified: true, handlePrefix: "casewriter");
        var colleague = await server.CreateMemberAsync(verified: true, handlePrefix: "answerer");

        var page = await session.NewPageAsync();
        await SignInAsync(page, author.Email, author.Password);
        await page.GotoAsync("/cases/new");
        await page.GetByLabel("Title").FillAsync("Photosensitive rash and arthralgia");
        await page.GetByLabel("Specialty", new() { Exact = true }).SelectOptionAsync("rheumatology");
        await page.GetByLabel("Age band").SelectOptionAsync("30-39");
        await page.GetByLabel("Sex").SelectOptionAsync("female");
        var presentation = page.GetByLabel("Presentation");
        await presentation.FillAsync("Malar rash and painful hands for two months. Her husband asks to be called on 555-201-3344.");
        await page.GetByLabel("Your question").FillAsync("Which antibodies would you send first?");

        // The guard highlights the number under the field, names its type, and redacts it in one click.
        var panel = page.Locator(".guard-panel[data-guard-for=case-presentation]");
        await Expect(panel.Locator("mark.guard-mark", new() { HasText = "555-201-3344" })).ToBeVisibleAsync();
        await Expect(panel).ToContainTextAsync("phone number");
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new("Redact .555-201-3344") }).ClickAsync();
        await Expect(presentation).ToHaveValueAsync("Malar rash and painful hands for two months. Her husband asks to be called on [PHONE].");
        await Expect(panel).ToBeHiddenAsync();

        // A photo with a face is held: the author draws a box over it and the server masks it.
        await page.GetByLabel("Add an image").SetInputFilesAsync(TestImage("face.jpg"));
        await page.GetByLabel("Its alt text").FillAsync("Erythema over the cheeks and nose");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await Expect(page.GetByTestId("face-check")).ToContainTextAsync("found");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish case" }).ClickAsync();
        await Expect(page.Locator(".field-error, .error").Filter(new() { HasText = "A face was found" }).First).ToBeVisibleAsync();

        var faceBox = page.Locator(".mask-tool .face-box").First;
        await Expect(faceBox).ToBeVisibleAsync();
        await page.Locator(".mask-tool").First.ScrollIntoViewIfNeededAsync();
        var box = (await faceBox.BoundingBoxAsync())!;
        var pad = 12;
        await page.Mouse.MoveAsync(box.X - pad, box.Y - pad);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2, new() { Steps = 4 });
        await page.Mouse.MoveAsync(box.X + box.Width + pad, box.Y + box.Height + pad, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator(".mask-tool .mask-box")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply my boxes" }).ClickAsync();
        await Expect(page.GetByTestId("face-check")).ToContainTextAsync("Masked. No face found any more.");
        await Expect(page.GetByLabel("Presentation")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\[PHONE\]"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish case" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photosensitive rash and arthralgia" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Unresolved");
        await Expect(page.GetByAltText("Erythema over the cheeks and nose")).ToBeVisibleAsync();
        var caseUrl = page.Url;
        var stored = await server.WithDbAsync(db => db.Cases.SingleAsync(c => c.AuthorId == author.Id));
        Assert.DoesNotContain("555-201-3344", stored.Presentation);

        // A second clinician answers.
        var other = await session.NewPageAsync();
        await SignInAsync(other, colleague.Email, colleague.Password);
        await other.GotoAsync(caseUrl);
        await other.GetByLabel("Your answer").FillAsync("ANA with reflex to dsDNA and ENA; complement levels.");
        await other.GetByRole(AriaRole.Button, new() { Name = "Answer", Exact = true }).ClickAsync();
        await Expect(other.Locator(".post", new() { HasText = "ANA with reflex to dsDNA" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator(".post", new() { HasText = "ANA with reflex to dsDNA" })).ToBeVisibleAsync();
    });
}
