using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Features.Connections;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Tests.Features.Notifications;

/// <summary>
/// An app whose home timelines hold 3 posts, whose follows backfill 2 and whose trimming deletes 3 rows per transaction, so bounds show
/// with a few posts.
/// </summary>
public sealed class SmallFeedsApp : RoundsApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Rounds:Timelines:HomeCapacity", "3"),
        new("Rounds:Timelines:BackfillOnFollow", "2"),
        new("Rounds:Timelines:TrimRowsPerTransaction", "3"),
    ];
}

public class FeedUpkeepTests(SmallFeedsApp app) : IClassFixture<SmallFeedsApp>
{
    [Fact]
    public async Task The_hourly_trim_keeps_only_the_newest_posts_of_each_home_timeline()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        var another = await app.Given.Member();
        var small = await app.Given.Member();
        await app.Given.Follow(follower, author);
        await app.Given.Follow(another, author);
        var posts = new List<long>();
        for (var i = 0; i < 5; i++) posts.Add((await app.PostAsync(author, $"Pearl number {i}")).Id);
        await app.SettleAsync();
        Assert.Equal(5, (await app.FeedRowsAsync(follower)).Count);
        var mine = await app.PostAsync(small, "Just one");

        // Four rows over, three per transaction: the second follower's excess is split over two transactions.
        await app.RunHourlyJobsAsync();

        Assert.Equal(posts.OrderDescending().Take(3), await app.FeedRowsAsync(follower));
        Assert.Equal(posts.OrderDescending().Take(3), await app.FeedRowsAsync(another));
        Assert.Equal([mine.Id], await app.FeedRowsAsync(small)); // under capacity: untouched
    }

    [Fact]
    public async Task The_hourly_upkeep_deletes_finished_jobs_after_the_keep_days()
    {
        var author = await app.Given.Member();
        await app.PostAsync(author, "Leaves a finished job behind");
        await app.SettleAsync();
        var done = await app.WithDbAsync(db => db.Jobs.Where(j => j.State == JobState.Done).Select(j => j.Id).ToListAsync());
        Assert.NotEmpty(done);

        await app.RunHourlyJobsAsync(TimeSpan.FromDays(new JobOptions().KeepDoneDays + 1));

        Assert.False(await app.WithDbAsync(db => db.Jobs.AnyAsync(j => done.Contains(j.Id))));
        Assert.True(await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == "TrimFeedsJob"))); // recurring jobs stay
    }

    [Fact]
    public async Task A_follow_backfills_at_most_the_configured_number_of_posts()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        var posts = new List<long>();
        for (var i = 0; i < 3; i++) posts.Add((await app.PostAsync(author, $"Older post {i}")).Id);
        await app.SettleAsync();

        await app.As(follower).PostAsync($"/api/v1/members/{author.Handle}/follow", null);
        await app.SettleAsync();

        Assert.Equal(posts.OrderDescending().Take(2), await app.FeedRowsAsync(follower));
    }
}
