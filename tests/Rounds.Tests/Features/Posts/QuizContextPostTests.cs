using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features.Posts;

/// <summary>A post about a quiz item would reveal it: it can only come once the item is released.</summary>
public class QuizContextPostTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_post_for_an_approved_but_unreleased_quiz_item_is_refused_and_the_release_posts_it()
    {
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner, "members");
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        var releaseAt = app.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        var item = await app.Given.ApprovedQuizItem(owner, editor, series.Id, releaseAt);
        Assert.Equal("scheduled", item.State);
        var postsBefore = await app.WithDbAsync(db => db.Posts.CountAsync());

        foreach (var who in new[] { owner, editor })
        {
            var early = await app.As(who).PostAsJsonAsync("/api/v1/posts", new
            {
                text = "This week's image is up: have a go #RheumIOW", audience = "members", contextKind = "quiz", contextId = item.Id,
            });
            await early.AssertInvalidAsync("contextId");
            Assert.Contains("released", (await early.JsonAsync()).GetProperty("errors").GetProperty("contextId")[0].GetString());
        }
        await app.SettleAsync();
        Assert.Equal(postsBefore, await app.WithDbAsync(db => db.Posts.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.ContextKind == "quiz" && p.ContextId == item.Id)));

        app.Clock.Advance(releaseAt - app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(2));
        await app.SettleAsync();
        await app.SettleAsync();
        var post = await app.WithDbAsync(db => db.Posts.SingleAsync(p => p.ContextKind == "quiz" && p.ContextId == item.Id));
        await (await app.As(await app.Given.Member()).GetAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(await app.Given.Member()).GetAsync($"/api/v1/quizzes/items/{item.Id}")).AssertStatusAsync(HttpStatusCode.OK);
    }
}
