using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rounds.BrowserTests;

/// <summary>Steps several journeys share, written as a person does them.</summary>
public static class BrowserSteps
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        // Signed in: the header offers "Sign out".
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>A fixture image from ../shared/testdata beside the repository.</summary>
    public static string TestImage(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata", "images", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Test image {name} not found in any shared/testdata above {AppContext.BaseDirectory}.");
    }
}
