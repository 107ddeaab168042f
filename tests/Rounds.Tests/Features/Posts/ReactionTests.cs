using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Posts;

public class ReactionTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task<bool> NotifiedAsync(TestMember member, NotificationKind kind, TestMember actor, long postId) =>
        app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == member.Id && n.Kind == kind && n.ActorId == actor.Id && n.PostId == postId));

    private Task<int> LikeRowsAsync(long postId) => app.WithDbAsync(db => db.Likes.CountAsync(l => l.PostId == postId));

    [Fact]
    public async Task A_like_counts_once_shows_as_liked_and_tells_the_author()
    {
        var author = await app.Given.Member();
        var fan = await app.Given.Member();
        var post = await app.Given.Post(author, "Likeable");

        var liked = await (await app.As(fan).PostAsync($"/api/v1/posts/{post.Id}/like", null)).ReadAsync<PostView>();
        await app.SettleAsync();

        Assert.Equal(1, liked.Likes);
        Assert.True(liked.Liked);
        Assert.True(await NotifiedAsync(author, NotificationKind.Like, fan, post.Id));
    }

    [Fact]
    public async Task Liking_twice_is_a_conflict_and_writes_nothing()
    {
        var author = await app.Given.Member();
        var fan = await app.Given.Member();
        var post = await app.Given.Post(author, "Once is enough");
        await (await app.As(fan).PostAsync($"/api/v1/posts/{post.Id}/like", null)).AssertStatusAsync(HttpStatusCode.OK);
        var jobs = await app.WithDbAsync(db => db.Jobs.CountAsync());

        var again = await app.As(fan).PostAsync($"/api/v1/posts/{post.Id}/like", null);

        await again.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Contains("You already like this post.", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await LikeRowsAsync(post.Id));
        Assert.Equal(1, (await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{post.Id}"))!.Likes);
        Assert.Equal(jobs, await app.WithDbAsync(db => db.Jobs.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_likes_by_one_member_count_once()
    {
        var author = await app.Given.Member();
        var fan = await app.Given.Member();
        var post = await app.Given.Post(author, "Race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.As(fan).PostAsync($"/api/v1/posts/{post.Id}/like", null)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Equal(1, await LikeRowsAsync(post.Id));
        Assert.Equal(1, (await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{post.Id}"))!.Likes);
    }

    [Fact]
    public async Task Unliking_takes_the_like_back()
    {
        var author = await app.Given.Member();
        var fan = await app.Given.Member();
        var post = await app.Given.Post(author, "Changed my mind");
        await (await app.As(fan).PostAsync($"/api/v1/posts/{post.Id}/like", null)).AssertStatusAsync(HttpStatusCode.OK);

        var unliked = await (await app.As(fan).DeleteAsync($"/api/v1/posts/{post.Id}/like")).ReadAsync<PostView>();

        Assert.Equal(0, unliked.Likes);
        Assert.False(unliked.Liked);
        await (await app.As(fan).DeleteAsync($"/api/v1/posts/{post.Id}/like")).AssertStatusAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_post_one_may_not_see_cannot_be_liked_bookmarked_or_reposted()
    {
        var author = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "For clinicians", Audience.Clinicians);
        var patient = app.As(await app.Given.Patient());

        foreach (var action in new[] { "like", "bookmark", "repost" })
            await (await patient.PostAsync($"/api/v1/posts/{post.Id}/{action}", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await LikeRowsAsync(post.Id));
    }

    [Fact]
    public async Task Liking_a_repost_likes_the_original()
    {
        var author = await app.Given.Member();
        var reposter = await app.Given.Member();
        var fan = await app.Given.Member();
        var post = await app.Given.Post(author, "Original");
        var repost = await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);

        await (await app.As(fan).PostAsync($"/api/v1/posts/{repost.Id}/like", null)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(1, await LikeRowsAsync(post.Id));
        Assert.Equal(0, await LikeRowsAsync(repost.Id));
    }

    [Fact]
    public async Task A_bookmark_is_kept_once_and_listed_privately()
    {
        var author = await app.Given.Member();
        var reader = await app.Given.Member();
        var post = await app.Given.Post(author, "Read later");

        var marked = await (await app.As(reader).PostAsync($"/api/v1/posts/{post.Id}/bookmark", null)).ReadAsync<PostView>();
        var again = await app.As(reader).PostAsync($"/api/v1/posts/{post.Id}/bookmark", null);

        Assert.True(marked.Bookmarked);
        await again.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal([post.Id], (await app.As(reader).GetFromJsonAsync<TimelinePage>("/api/v1/bookmarks"))!.Items.Select(p => p.Id));
        Assert.Empty((await app.As(author).GetFromJsonAsync<TimelinePage>("/api/v1/bookmarks"))!.Items);

        var unmarked = await (await app.As(reader).DeleteAsync($"/api/v1/posts/{post.Id}/bookmark")).ReadAsync<PostView>();
        Assert.False(unmarked.Bookmarked);
        Assert.Empty((await app.As(reader).GetFromJsonAsync<TimelinePage>("/api/v1/bookmarks"))!.Items);
    }

    [Fact]
    public async Task A_repost_reaches_the_reposters_followers_and_tells_the_author()
    {
        var author = await app.Given.VerifiedClinician();
        var reposter = await app.Given.VerifiedClinician();
        var follower = await app.Given.VerifiedClinician();
        await app.Given.Follow(follower, reposter);
        var post = await app.Given.Post(author, "Journal club tonight", Audience.Clinicians);

        var repost = await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();

        Assert.Equal("clinicians", repost.Audience);
        Assert.Equal(post.Id, repost.Repost!.Id);
        Assert.True(repost.Repost.Reposted);
        Assert.Equal(1, repost.Repost.Reposts);
        Assert.Contains((await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home"))!.Items, p => p.Id == repost.Id);
        Assert.Contains((await app.As(reposter).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home"))!.Items, p => p.Id == repost.Id);
        Assert.True(await NotifiedAsync(author, NotificationKind.Repost, reposter, post.Id));
        // The original's audience still rules: a patient following the reposter sees nothing of it.
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.Patient()).GetAsync($"/api/v1/posts/{repost.Id}")).StatusCode);
    }

    [Fact]
    public async Task Reposting_twice_is_a_conflict_and_a_repost_of_a_repost_reposts_the_original()
    {
        var author = await app.Given.Member();
        var first = await app.Given.Member();
        var second = await app.Given.Member();
        var post = await app.Given.Post(author, "Pass it on");
        var repost = await (await app.As(first).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);

        await (await app.As(first).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        var chained = await (await app.As(second).PostAsync($"/api/v1/posts/{repost.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);
        await (await app.As(second).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).AssertStatusAsync(HttpStatusCode.Conflict);

        Assert.Equal(post.Id, chained.Repost!.Id);
        Assert.Equal(2, (await app.Anonymous().GetFromJsonAsync<PostView>($"/api/v1/posts/{post.Id}"))!.Reposts);
        Assert.Equal(2, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.RepostOfId == post.Id)));
    }

    [Theory]
    [InlineData(Audience.Followers)]
    [InlineData(Audience.Group)]
    [InlineData(Audience.Direct)]
    public async Task Posts_for_a_closed_circle_cannot_be_reposted(Audience audience)
    {
        var author = await app.Given.Member();
        var insider = await app.Given.Member();
        await app.Given.Follow(insider, author);
        var group = await app.Given.Group(author, insider);
        var post = await app.Given.Post(author, $"Between us @{insider.Handle}", audience, audience == Audience.Group ? group : null);

        var response = await app.As(insider).PostAsync($"/api/v1/posts/{post.Id}/repost", null);

        await response.AssertInvalidAsync("post");
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.RepostOfId == post.Id)));
    }

    [Fact]
    public async Task Undoing_a_repost_removes_it_from_timelines_and_the_count()
    {
        var author = await app.Given.Member();
        var reposter = await app.Given.Member();
        var follower = await app.Given.Member();
        await app.Given.Follow(follower, reposter);
        var post = await app.Given.Post(author, "Briefly shared");
        var repost = await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();

        var undone = await (await app.As(reposter).DeleteAsync($"/api/v1/posts/{post.Id}/repost")).ReadAsync<PostView>();

        Assert.Equal(0, undone.Reposts);
        Assert.False(undone.Reposted);
        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.Id == repost.Id)));
        Assert.Empty((await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home"))!.Items);
        await (await app.As(reposter).DeleteAsync($"/api/v1/posts/{post.Id}/repost")).AssertStatusAsync(HttpStatusCode.Conflict);
        // Reposting again afterwards is allowed.
        await (await app.As(reposter).PostAsync($"/api/v1/posts/{post.Id}/repost", null)).AssertStatusAsync(HttpStatusCode.Created);
    }
}
