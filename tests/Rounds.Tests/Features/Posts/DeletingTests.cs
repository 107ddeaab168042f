using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Posts;

public class DeletingTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_deleted_post_is_gone_from_reads_timelines_and_its_traces_are_removed()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        await app.Given.Follow(follower, author);
        var media = await app.Given.Image(author);
        var post = await app.Given.Post(author, $"#gonesoon doi:10.1000/gone.1 hi @{follower.Handle}", media: media.Id);
        await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "#gonesoon edited doi:10.1000/gone.1" })).AssertStatusAsync(HttpStatusCode.OK);
        await app.SettleAsync();
        var keys = await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == media.Id).Select(m => new[] { m.Key, m.ThumbnailKey! }).SingleAsync());

        await (await app.As(author).DeleteAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/posts/{post.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(author).GetAsync(media.Url)).StatusCode);
        Assert.DoesNotContain((await app.Anonymous().GetFromJsonAsync<TimelinePage>("/api/v1/timelines/tags/gonesoon"))!.Items, p => p.Id == post.Id);
        Assert.DoesNotContain((await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home"))!.Items, p => p.Id == post.Id);
        var row = await app.WithDbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == post.Id));
        Assert.NotNull(row.DeletedAt);
        Assert.Equal("", row.Text);
        Assert.Equal(0, await app.WithDbAsync(async db =>
            await db.PostTags.CountAsync(t => t.PostId == post.Id) + await db.PostPapers.CountAsync(p => p.PostId == post.Id)
            + await db.PostMentions.CountAsync(m => m.PostId == post.Id) + await db.PostMedia.CountAsync(m => m.PostId == post.Id)
            + await db.PostEdits.CountAsync(e => e.PostId == post.Id)
            + await db.Notifications.CountAsync(n => n.PostId == post.Id)));
        foreach (var key in keys) Assert.False(File.Exists(Path.Combine(app.DataDirectory, "files", key)), $"{key} was left on disk");
    }

    [Fact]
    public async Task Deleting_twice_is_not_found_the_second_time()
    {
        var author = await app.Given.Member();
        var post = await app.Given.Post(author, "Once");

        await (await app.As(author).DeleteAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await app.As(author).DeleteAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_reply_lowers_the_parents_reply_count_and_a_quote_the_quote_count()
    {
        var author = await app.Given.Member();
        var other = await app.Given.Member();
        var parent = await app.Given.Post(author, "Question");
        var reply = await app.Given.Post(other, "Answer", inReplyToId: parent.Id);
        var quote = await (await app.As(other).PostAsJsonAsync("/api/v1/posts", new { text = "Quoting", quoteOfId = parent.Id })).ReadAsync<PostView>(HttpStatusCode.Created);
        var before = await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{parent.Id}");
        Assert.Equal((1, 1), (before!.Replies, before.Quotes));

        await (await app.As(other).DeleteAsync($"/api/v1/posts/{reply.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await app.As(other).DeleteAsync($"/api/v1/posts/{quote.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);

        var after = await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{parent.Id}");
        Assert.Equal((0, 0), (after!.Replies, after.Quotes));
    }

    [Fact]
    public async Task Deleting_a_post_removes_its_reposts_from_timelines()
    {
        var author = await app.Given.Member();
        var reposter = await app.Given.Member();
        var follower = await app.Given.Member();
        await app.Given.Follow(follower, reposter);
        var post = await app.Given.Post(author, "Share me");
        var repost = await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();
        Assert.Contains((await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home"))!.Items, p => p.Id == repost.Id);

        await (await app.As(author).DeleteAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.Id == repost.Id)));
        Assert.Empty((await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home"))!.Items);
    }

    [Fact]
    public async Task Someone_elses_post_cannot_be_deleted_but_a_moderator_can_remove_it()
    {
        var author = await app.Given.VerifiedClinician();
        var open = await app.Given.Post(author, "Public");
        var closed = await app.Given.Post(author, "Clinicians", Audience.Clinicians);
        var patient = app.As(await app.Given.Patient());

        await (await patient.DeleteAsync($"/api/v1/posts/{open.Id}")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await patient.DeleteAsync($"/api/v1/posts/{closed.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync($"/api/v1/posts/{open.Id}")).StatusCode);

        await (await app.As(await app.Given.Moderator()).DeleteAsync($"/api/v1/posts/{closed.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(author).GetAsync($"/api/v1/posts/{closed.Id}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_needs_an_account()
    {
        var post = await app.Given.Post(await app.Given.Member(), "Stay");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().DeleteAsync($"/api/v1/posts/{post.Id}")).StatusCode);
    }
}
