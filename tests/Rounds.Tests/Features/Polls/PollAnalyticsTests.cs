using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Polls;

namespace Rounds.Tests.Features.Polls;

/// <summary>Analytics count the whole community's votes, so these tests have a database of their own.</summary>
public class PollAnalyticsTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task Analytics_count_learners_reached_the_answer_rate_the_distribution_and_the_usual_suspects()
    {
        var educator = await app.Given.Member(Profession.EducatorResearcher);
        // Ten earlier polls answered by the same keen voter: the most active tenth of the community.
        var keen = await app.Given.Member();
        for (var i = 0; i < 10; i++)
        {
            var earlier = await app.Given.Poll(educator, question: $"Earlier poll number {i}?");
            await (await app.As(keen).PostAsJsonAsync($"/api/v1/polls/{earlier.Id}/votes", new { optionIds = new[] { earlier.Options[0].Id } })).AssertStatusAsync(HttpStatusCode.NoContent);
        }
        var poll = await app.Given.Poll(educator, options: ["Yes", "No"]);
        var voters = await app.Given.Voters(poll, 9, option: 1);
        await (await app.As(keen).PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id } })).AssertStatusAsync(HttpStatusCode.NoContent);
        // Ten members open the poll or its post without voting (one of them twice: the first view counts once).
        var lurkers = new List<TestMember>();
        for (var i = 0; i < 10; i++) lurkers.Add(await app.Given.Member());
        foreach (var l in lurkers.Take(5)) await (await app.As(l).GetAsync($"/api/v1/polls/{poll.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        foreach (var l in lurkers.Skip(5)) await (await app.As(l).GetAsync($"/api/v1/posts/{poll.PostId}/thread")).AssertStatusAsync(HttpStatusCode.OK);
        await app.As(lurkers[0]).GetAsync($"/polls/{poll.Id}");
        await app.As(educator).GetAsync($"/api/v1/polls/{poll.Id}"); // the author is not a learner

        var analytics = await app.As(educator).GetFromJsonAsync<PollAnalytics>($"/api/v1/polls/{poll.Id}/analytics");
        Assert.Equal(20, analytics!.Reached);
        Assert.Equal(10, analytics.Voters);
        Assert.Equal(0.5, analytics.AnswerRate, 3);
        Assert.True(analytics.DistributionVisible);
        Assert.Equal([1, 9], analytics.Distribution!.Select(o => o.Votes));
        Assert.Equal(0.9, analytics.Distribution![1].Share, 3);
        // 10 voters in the community: the top tenth is the keen voter, who cast one of this poll's ten votes.
        Assert.Equal(10, analytics.UsualSuspects.CommunityVoters);
        Assert.Equal(1, analytics.UsualSuspects.MostActiveVoters);
        Assert.Equal(11, analytics.UsualSuspects.MinPollsOfMostActive);
        Assert.Equal(1, analytics.UsualSuspects.VotersHereFromMostActive);
        Assert.Equal(0.1, analytics.UsualSuspects.Share, 3);

        var moderator = await app.Given.Moderator();
        await (await app.As(moderator).GetAsync($"/api/v1/polls/{poll.Id}/analytics")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(voters[0]).GetAsync($"/api/v1/polls/{poll.Id}/analytics")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync($"/api/v1/polls/{poll.Id}/analytics")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(educator).GetAsync("/api/v1/polls/987654321/analytics")).AssertStatusAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>The demo community's polls, seeded into their own empty database.</summary>
public class DemoPollsTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_demo_seed_has_an_open_poll_and_a_closed_one_whose_breakdowns_show()
    {
        Assert.True(await DemoSeed.SeedIfEmptyAsync(app.Services));
        var eve = new TestMember(0, "educator_eve", "eve@rounds.local", DemoSeed.Password, "");
        var browser = await app.SignedInBrowserAsync(eve);
        var list = await browser.GetPageAsync("/polls?state=all");
        Assert.Contains("How do you keep up between conferences?", list);
        Assert.DoesNotContain("First-line for an acute gout flare with CKD stage 3?", list); // for verified clinicians; the educator is not one
        var ana = await app.SignedInBrowserAsync(new TestMember(0, "rheumdoc", "ana@rounds.local", DemoSeed.Password, ""));
        Assert.Contains("First-line for an acute gout flare with CKD stage 3?", await ana.GetPageAsync("/polls"));

        var id = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Polls.Where(p => p.Question == "How do you keep up between conferences?").Select(p => p.Id)));
        var page = await browser.GetPageAsync($"/polls/{id}");
        Assert.Contains("data-testid=\"breakdown-profession\"", page);
        Assert.Contains("fewer than 5", page);
        Assert.Contains($"/api/v1/polls/{id}/results.csv", page);
        var analytics = await browser.GetPageAsync($"/polls/{id}/analytics");
        Assert.Contains("<svg", analytics);

        // A members poll: the educator reads the API with a personal access token.
        var secret = AccessToken.NewSecret();
        await app.WithDbAsync(async db =>
        {
            var eveId = db.Users.Single(u => u.UserName == "educator_eve").Id;
            db.AccessTokens.Add(new AccessToken { MemberId = eveId, Name = "tests", Hash = AccessToken.HashOf(secret), Prefix = secret[..10], CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var api = app.As(eve with { Token = secret });
        var byProfession = await api.GetFromJsonAsync<PollBreakdown>($"/api/v1/polls/{id}/breakdown?by=profession");
        Assert.True(byProfession!.Groups.Count(g => !g.Suppressed) >= 4);
        Assert.All(byProfession.Groups.Where(g => !g.Suppressed), g => Assert.True(g.Voters >= Poll.MinGroupSize));
        Assert.Contains(byProfession.Groups, g => g.Suppressed);
        var bySpecialty = await api.GetFromJsonAsync<PollBreakdown>($"/api/v1/polls/{id}/breakdown?by=specialty");
        Assert.True(bySpecialty!.Groups.Count(g => !g.Suppressed) >= 3);
    }
}
