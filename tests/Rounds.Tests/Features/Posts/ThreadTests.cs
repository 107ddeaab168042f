using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Posts;

public class ThreadTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<ThreadView> ThreadAsync(HttpClient client, long id) =>
        await (await client.GetAsync($"/api/v1/posts/{id}/thread")).ReadAsync<ThreadView>();

    [Fact]
    public async Task A_thread_reads_as_a_conversation_depth_first_oldest_first()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        var root = await app.Given.Post(a, "Root");
        var r1 = await app.Given.Post(b, "First reply", inReplyToId: root.Id);
        var r2 = await app.Given.Post(a, "Second reply", inReplyToId: root.Id);
        var r11 = await app.Given.Post(a, "Reply to the first", inReplyToId: r1.Id);
        var r111 = await app.Given.Post(b, "Deeper", inReplyToId: r11.Id);
        var r12 = await app.Given.Post(b, "Another on the first", inReplyToId: r1.Id);

        var whole = await ThreadAsync(app.Anonymous(), root.Id);
        Assert.Empty(whole.Ancestors);
        Assert.Equal(root.Id, whole.Post.Id);
        Assert.Equal([r1.Id, r11.Id, r111.Id, r12.Id, r2.Id], whole.Descendants.Select(p => p.Id));

        var middle = await ThreadAsync(app.Anonymous(), r11.Id);
        Assert.Equal([root.Id, r1.Id], middle.Ancestors.Select(p => p.Id));
        Assert.Equal([r111.Id], middle.Descendants.Select(p => p.Id));
        Assert.Equal(root.Id, r111.ThreadRootId);
    }

    [Fact]
    public async Task A_deleted_reply_stays_as_a_tombstone_while_replies_hang_below_it()
    {
        var a = await app.Given.Member();
        var b = await app.Given.Member();
        var root = await app.Given.Post(a, "Root");
        var gone = await app.Given.Post(b, "Regrettable", inReplyToId: root.Id);
        var below = await app.Given.Post(a, "Answer to the regrettable", inReplyToId: gone.Id);
        var leaf = await app.Given.Post(b, "A leaf that goes", inReplyToId: root.Id);
        await (await app.As(b).DeleteAsync($"/api/v1/posts/{gone.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await app.As(b).DeleteAsync($"/api/v1/posts/{leaf.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(app.Anonymous(), root.Id);

        Assert.Equal([gone.Id, below.Id], thread.Descendants.Select(p => p.Id));
        var tombstone = thread.Descendants[0];
        Assert.True(tombstone.Deleted);
        Assert.Null(tombstone.Author);
        Assert.Equal("", tombstone.Text);
        Assert.Equal(1, tombstone.Replies);

        var fromBelow = await ThreadAsync(app.Anonymous(), below.Id);
        Assert.Equal([root.Id, gone.Id], fromBelow.Ancestors.Select(p => p.Id));
        Assert.True(fromBelow.Ancestors[1].Deleted);
        var atTombstone = await ThreadAsync(app.Anonymous(), gone.Id);
        Assert.True(atTombstone.Post.Deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/posts/{leaf.Id}/thread")).StatusCode);
    }

    [Fact]
    public async Task Replies_a_viewer_may_not_see_are_left_out()
    {
        var author = await app.Given.VerifiedClinician();
        var blocked = await app.Given.Member();
        var viewer = await app.Given.Member();
        await app.Given.Block(viewer, blocked);
        var root = await app.Given.Post(author, "Public question");
        var open = await app.Given.Post(author, "Open reply", inReplyToId: root.Id);
        var fromBlocked = await app.Given.Post(blocked, "Reply by someone the viewer blocked", inReplyToId: root.Id);

        var thread = await ThreadAsync(app.As(viewer), root.Id);

        Assert.Equal([open.Id], thread.Descendants.Select(p => p.Id));
        Assert.Equal([open.Id, fromBlocked.Id], (await ThreadAsync(app.Anonymous(), root.Id)).Descendants.Select(p => p.Id));
    }

    [Fact]
    public async Task The_thread_of_a_post_one_may_not_see_is_not_found()
    {
        var author = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "Clinicians only", Audience.Clinicians);
        var reply = await app.Given.Post(author, "And a reply", inReplyToId: post.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.Patient()).GetAsync($"/api/v1/posts/{post.Id}/thread")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/posts/{reply.Id}/thread")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/api/v1/posts/987654321/thread")).StatusCode);
        Assert.Equal([reply.Id], (await ThreadAsync(app.As(await app.Given.VerifiedClinician()), post.Id)).Descendants.Select(p => p.Id));
    }

    [Fact]
    public async Task A_reply_keeps_the_audience_of_its_thread()
    {
        var author = await app.Given.VerifiedClinician();
        var colleague = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "Clinicians only", Audience.Clinicians);

        var reply = await app.Given.Post(colleague, "Agreed", inReplyToId: post.Id);
        var widened = await app.As(colleague).PostAsJsonAsync("/api/v1/posts", new { text = "To all", inReplyToId = post.Id, audience = "public" });

        Assert.Equal("clinicians", reply.Audience);
        await widened.AssertInvalidAsync("audience");
    }

    [Fact]
    public async Task A_reply_to_a_post_the_author_may_not_see_is_refused()
    {
        var author = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "Clinicians only", Audience.Clinicians);
        var patient = await app.Given.Patient();

        var response = await app.As(patient).PostAsJsonAsync("/api/v1/posts", new { text = "Can I join?", inReplyToId = post.Id });

        await response.AssertInvalidAsync("inReplyToId");
        Assert.Equal(0, (await app.As(author).GetFromJsonAsync<PostView>($"/api/v1/posts/{post.Id}"))!.Replies);
    }

    [Fact]
    public async Task A_reply_to_a_repost_answers_the_original()
    {
        var author = await app.Given.Member();
        var reposter = await app.Given.Member();
        var post = await app.Given.Post(author, "Original");
        var repost = await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);

        var reply = await app.Given.Post(reposter, "Replying via the repost", inReplyToId: repost.Id);

        Assert.Equal(post.Id, reply.InReplyToId);
        Assert.Equal([reply.Id], (await ThreadAsync(app.Anonymous(), repost.Id)).Descendants.Select(p => p.Id));
    }
}
