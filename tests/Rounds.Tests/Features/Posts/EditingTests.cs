using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Posts;

public class EditingTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static async Task<List<long>> TagTimelineAsync(HttpClient client, string tag) =>
        (await client.GetFromJsonAsync<TimelinePage>($"/api/v1/timelines/tags/{tag}"))!.Items.Select(p => p.Id).ToList();

    [Fact]
    public async Task An_edit_keeps_the_earlier_version_and_rederives_hashtags_and_papers()
    {
        var author = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "Sepsis bundle #sepsisold see doi:10.1000/old.1");
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var edited = await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}",
            new { text = "Sepsis bundle #sepsisnew see PMID: 123456", contentWarning = "Graphic" })).ReadAsync<PostView>();

        Assert.Equal("Sepsis bundle #sepsisnew see PMID: 123456", edited.Text);
        Assert.Equal("Graphic", edited.ContentWarning);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(["sepsisnew"], edited.Hashtags);
        Assert.Equal(["pmid:123456"], edited.Papers);
        var anyone = app.Anonymous();
        Assert.DoesNotContain(post.Id, await TagTimelineAsync(anyone, "sepsisold"));
        Assert.Contains(post.Id, await TagTimelineAsync(anyone, "sepsisnew"));
        var paper = await anyone.GetFromJsonAsync<TimelinePage>("/api/v1/timelines/papers?pmid=123456");
        Assert.Contains(paper!.Items, p => p.Id == post.Id);
        var oldPaper = await anyone.GetFromJsonAsync<TimelinePage>("/api/v1/timelines/papers?doi=10.1000/old.1");
        Assert.DoesNotContain(oldPaper!.Items, p => p.Id == post.Id);
    }

    [Fact]
    public async Task The_history_lists_every_version_newest_first()
    {
        var author = await app.Given.Member();
        var post = await app.Given.Post(author, "Version one");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "Version two" })).AssertStatusAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "Version three" })).AssertStatusAsync(HttpStatusCode.OK);

        var history = (await app.Anonymous().GetFromJsonAsync<List<PostVersion>>($"/api/v1/posts/{post.Id}/history"))!;

        Assert.Equal(["Version three", "Version two", "Version one"], history.Select(v => v.Text));
        Assert.True(history[0].Current);
        Assert.Null(history[0].ReplacedAt);
        Assert.Equal(post.CreatedAt, history[2].PublishedAt, TimeSpan.FromMilliseconds(1));
        Assert.True(history[1].PublishedAt > history[2].PublishedAt);
    }

    [Fact]
    public async Task Saving_the_same_text_adds_no_version()
    {
        var author = await app.Given.Member();
        var post = await app.Given.Post(author, "Unchanged");

        var same = await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "Unchanged" })).ReadAsync<PostView>();

        Assert.Null(same.EditedAt);
        Assert.Equal(0, await app.WithDbAsync(db => db.PostEdits.CountAsync(e => e.PostId == post.Id)));
    }

    [Fact]
    public async Task The_history_of_a_clinicians_only_post_is_hidden_from_a_patient()
    {
        var author = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "Before", Audience.Clinicians);
        await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "After" })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.Patient()).GetAsync($"/api/v1/posts/{post.Id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/posts/{post.Id}/history")).StatusCode);
        Assert.Equal(2, (await app.As(await app.Given.VerifiedClinician()).GetFromJsonAsync<List<PostVersion>>($"/api/v1/posts/{post.Id}/history"))!.Count);
    }

    [Fact]
    public async Task An_over_long_edit_is_refused_and_the_post_is_unchanged()
    {
        var author = await app.Given.Member();
        var post = await app.Given.Post(author, "Short and sweet");

        var response = await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = new string('x', 501) });

        await response.AssertInvalidAsync("text");
        var now = await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{post.Id}");
        Assert.Equal("Short and sweet", now!.Text);
        Assert.Null(now.EditedAt);
        Assert.Equal(0, await app.WithDbAsync(db => db.PostEdits.CountAsync(e => e.PostId == post.Id)));
    }

    [Fact]
    public async Task Editing_someone_elses_post_is_forbidden_when_visible_and_not_found_when_not()
    {
        var author = await app.Given.VerifiedClinician();
        var open = await app.Given.Post(author, "Public thoughts");
        var closed = await app.Given.Post(author, "Clinicians only", Audience.Clinicians);
        var patient = app.As(await app.Given.Patient());

        await (await patient.PutAsJsonAsync($"/api/v1/posts/{open.Id}", new { text = "Hijacked" })).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await patient.PutAsJsonAsync($"/api/v1/posts/{closed.Id}", new { text = "Hijacked" })).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal("Public thoughts", (await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{open.Id}"))!.Text);
    }

    [Fact]
    public async Task A_repost_and_a_deleted_post_cannot_be_edited()
    {
        var author = await app.Given.Member();
        var reposter = await app.Given.Member();
        var post = await app.Given.Post(author, "Worth sharing");
        var repost = await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);

        await (await app.As(reposter).PutAsJsonAsync($"/api/v1/posts/{repost.Id}", new { text = "Now with words" })).AssertInvalidAsync("text");

        await (await app.As(author).DeleteAsync($"/api/v1/posts/{post.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "Back again" })).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_newly_mentioned_by_an_edit_is_notified()
    {
        var author = await app.Given.Member();
        var colleague = await app.Given.Member();
        var post = await app.Given.Post(author, "Great case today");

        var edited = await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = $"Great case today with @{colleague.Handle}" }))
            .ReadAsync<PostView>();
        await app.SettleAsync();

        Assert.Equal([colleague.Handle], edited.Mentions);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == colleague.Id && n.Kind == NotificationKind.Mention && n.PostId == post.Id)));
    }

    [Fact]
    public async Task A_direct_post_keeps_its_recipients_when_edited()
    {
        var author = await app.Given.Member();
        var recipient = await app.Given.Member();
        var outsider = await app.Given.Member();
        var post = await app.Given.Post(author, $"@{recipient.Handle} about your question", Audience.Direct);

        var widen = await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = $"@{recipient.Handle} @{outsider.Handle} about your question" });
        await widen.AssertInvalidAsync("text");
        await (await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "about your question" })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await app.As(recipient).GetAsync($"/api/v1/posts/{post.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(outsider).GetAsync($"/api/v1/posts/{post.Id}")).StatusCode);
    }
}
