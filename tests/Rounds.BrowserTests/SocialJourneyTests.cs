using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Connections;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class SocialJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    private Task FollowAsync(BrowserMember follower, BrowserMember followee) => server.WithDbAsync(async db =>
    {
        db.Follows.Add(new Follow { FollowerId = follower.Id, FolloweeId = followee.Id, CreatedAt = DateTime.UtcNow });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public Task A_post_with_a_hashtag_and_an_image_appears_live_on_a_followers_home_timeline() => server.RunAsync(async session =>
    {
        var author = await server.CreateMemberAsync(verified: true, handlePrefix: "author");
        var follower = await server.CreateMemberAsync(Profession.ResidentFellow, handlePrefix: "fol");
        await FollowAsync(follower, author);

        var reader = await session.NewPageAsync();
        await SignInAsync(reader, follower.Email, follower.Password);
        await reader.GotoAsync("/");
        await Expect(reader.Locator("body[data-live=connected]")).ToHaveCountAsync(1);
        await reader.EvaluateAsync("() => window.__stillHere = true"); // lost on any reload

        var writer = await session.NewPageAsync();
        await SignInAsync(writer, author.Email, author.Password);
        await writer.GotoAsync("/");
        var text = "Teaching pearl: commit to a diagnosis before the reveal. #MedEd";
        await writer.GetByLabel("Write a post").FillAsync(text);
        await Expect(writer.Locator("#compose-count")).ToContainTextAsync($"{text.Length} / 500");
        await writer.GetByText("Add images").ClickAsync();
        await writer.GetByLabel("Image 1", new() { Exact = true }).SetInputFilesAsync(TestImage("no-face.jpg"));
        await writer.GetByLabel("Alt text for image 1").FillAsync("Chest radiograph with a right lower lobe consolidation");
        await writer.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        await Expect(writer.Locator(".post", new() { HasText = "Teaching pearl" }).First).ToBeVisibleAsync();

        // The follower's open page receives it without reloading.
        var card = reader.Locator(".post", new() { HasText = "Teaching pearl" }).First;
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "#MedEd" })).ToBeVisibleAsync();
        await Expect(card.GetByAltText("Chest radiograph with a right lower lobe consolidation")).ToBeVisibleAsync();
        Assert.True(await reader.EvaluateAsync<bool>("() => window.__stillHere === true"));
    });

    [Fact]
    public Task A_patient_cannot_open_a_clinicians_only_post_or_its_image_by_address() => server.RunAsync(async session =>
    {
        var clinician = await server.CreateMemberAsync(verified: true, handlePrefix: "clin");
        var patient = await server.CreateMemberAsync(Profession.PatientAdvocate, handlePrefix: "pat");

        var writer = await session.NewPageAsync();
        await SignInAsync(writer, clinician.Email, clinician.Password);
        await writer.GotoAsync("/");
        await writer.GetByLabel("Write a post").FillAsync("Colleagues only: how would you approach this rash?");
        await writer.GetByLabel("Who can see it").SelectOptionAsync("clinicians");
        await writer.GetByText("Add images").ClickAsync();
        await writer.GetByLabel("Image 1", new() { Exact = true }).SetInputFilesAsync(TestImage("no-face.jpg"));
        await writer.GetByLabel("Alt text for image 1").FillAsync("Erythematous plaques on the forearm");
        await writer.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        var card = writer.Locator(".post", new() { HasText = "Colleagues only" }).First;
        await Expect(card).ToBeVisibleAsync();
        var postId = await card.GetAttributeAsync("data-post-id");
        var imageUrl = await card.GetByAltText("Erythematous plaques on the forearm").GetAttributeAsync("src");
        Assert.NotNull(imageUrl);

        // The author sees both.
        Assert.Equal(200, (await writer.GotoAsync($"/posts/{postId}"))!.Status);
        Assert.Equal(200, (await writer.GotoAsync(imageUrl!))!.Status);

        var reader = await session.NewPageAsync();
        await SignInAsync(reader, patient.Email, patient.Password);
        var page = await reader.GotoAsync($"/posts/{postId}");
        Assert.Equal(404, page!.Status);
        await Expect(reader.GetByText("Colleagues only")).ToHaveCountAsync(0);
        Assert.Equal(404, (await reader.GotoAsync(imageUrl!))!.Status);
        Assert.Equal(404, (await reader.GotoAsync(imageUrl!.Replace("/preview", "")))!.Status);

        var visitor = await session.NewPageAsync();
        Assert.Equal(404, (await visitor.GotoAsync($"/posts/{postId}"))!.Status);
        Assert.Equal(404, (await visitor.GotoAsync(imageUrl!))!.Status);
        Assert.Equal(1, await server.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == clinician.Id)));
    });
}
