using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Quizzes;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;
using Rounds.Web.Infrastructure.Jobs;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class QuizJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    [Fact]
    public Task A_learner_answers_this_weeks_image_question_then_sees_the_explanation_and_a_learner_who_has_not_answered_sees_no_distribution() =>
        server.RunAsync(async session =>
    {
        var owner = await server.CreateMemberAsync(verified: true, handlePrefix: "quizowner");
        var editor = await server.CreateMemberAsync(verified: true, handlePrefix: "quizeditor");
        var learner = await server.CreateMemberAsync(verified: true, handlePrefix: "learner");
        var other = await server.CreateMemberAsync(verified: true, handlePrefix: "otherlearner");
        var (seriesId, itemId) = await ReleasedItemAsync(owner, editor);

        var page = await session.NewPageAsync();
        await SignInAsync(page, learner.Email, learner.Password);
        await page.GotoAsync($"/quizzes/{seriesId}");
        await page.GetByTestId("current-item").ClickAsync();
        await Expect(page.GetByAltText("Synthetic radiograph of the hand")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("explanation")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("distribution")).ToHaveCountAsync(0);
        await page.GetByLabel("B. Psoriatic arthritis").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit my answer" }).ClickAsync();
        await Expect(page.GetByTestId("verdict")).ToContainTextAsync("Right.");
        await Expect(page.GetByTestId("explanation")).ToContainTextAsync("Pencil-in-cup");
        await Expect(page.GetByTestId("distribution")).ToContainTextAsync("How 1 learner answered");

        var second = await session.NewPageAsync();
        await SignInAsync(second, other.Email, other.Password);
        await second.GotoAsync($"/quizzes/items/{itemId}");
        await Expect(second.GetByRole(AriaRole.Button, new() { Name = "Commit my answer" })).ToBeVisibleAsync();
        await Expect(second.GetByTestId("distribution")).ToHaveCountAsync(0);
        await Expect(second.GetByTestId("explanation")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Pencil-in-cup", await second.ContentAsync());
    });

    /// <summary>A series by the owner and an item written by the owner, approved by the editor and released a minute ago.</summary>
    private async Task<(long SeriesId, long ItemId)> ReleasedItemAsync(BrowserMember ownerRef, BrowserMember editorRef)
    {
        long seriesId = 0, itemId = 0;
        await server.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<RoundsDb>();
            var audiences = sp.GetRequiredService<Audiences>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var now = clock.GetUtcNow().UtcDateTime;
            var owner = await db.Users.SingleAsync(u => u.Id == ownerRef.Id);
            var ownerViewer = await audiences.ViewerOfAsync(owner.Id, now);
            var editorViewer = await audiences.ViewerOfAsync(editorRef.Id, now);
            var series = await CreateQuizSeries.RunAsync(owner, ownerViewer, new("Radiology Image of the Week", "Weekly images.", "rheumatology", "RadIOW",
                "members", null, "Monday", "09:00", "Europe/London", 7), db, sp.GetRequiredService<SpecialtyTaxonomy>(), clock, default);
            seriesId = series.Value!.Id;
            Assert.True((await AddQuizEditor.RunAsync(ownerViewer, seriesId, new(editorRef.Handle), db, audiences, clock, default)).IsOk);
            var image = await UploadMedia.RunAsync(owner, await File.ReadAllBytesAsync(TestImage("no-face.jpg")), "Synthetic radiograph of the hand", db,
                sp.GetRequiredService<IFileStore>(), sp.GetRequiredService<JobQueue>(), sp.GetRequiredService<IFaceDetector>(), sp.GetRequiredService<PostOptions>(),
                clock, default);
            var item = await CreateQuizItem.RunAsync(owner, ownerViewer, seriesId, new(
                "Hand radiograph of a long-standing inflammatory arthritis. Which diagnosis fits the erosions shown?",
                ["Gout", "Psoriatic arthritis", "Rheumatoid arthritis"], 1,
                "Pencil-in-cup deformities at the distal joints with fluffy periostitis point to psoriatic arthritis.", ["10.1136/annrheumdis-2020-218456"],
                [new(image.Value!.Id, null)], now.AddMinutes(5)), db, audiences, clock, default);
            itemId = item.Value!.Id;
            await SubmitQuizItem.RunAsync(ownerViewer, itemId, db, audiences, clock, default);
            var approved = await ApproveQuizItem.RunAsync(editorViewer, itemId, db, audiences, clock, default);
            Assert.True(approved.IsOk);
            // Time passes: the item came out a minute ago.
            await db.QuizItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ReleaseAt, now.AddMinutes(-1)));
        });
        return (seriesId, itemId);
    }
}
