using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: standalone polls (public, members, clinicians or a group), read as the poll, its page, the poll list and page, the post
// that carries it, its results, breakdown, CSV export and analytics, and voted in. The related viewer shares the group.
public partial class AudienceMatrixTests
{
    public static TheoryData<ViewerKind, Audience, bool> PollCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in Cells())
            if ((Audience)row[1] is Audience.Public or Audience.Members or Audience.Clinicians or Audience.Group)
                data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    public static TheoryData<ViewerKind, Audience, bool> SignedInPollCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in PollCells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    [Theory, MemberData(nameof(PollCells))]
    public async Task Polls_their_pages_results_breakdowns_and_exports_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var poll = (await world.PollsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var manages = kind is ViewerKind.Moderator or ViewerKind.Admin;
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var managerStatus = expected ? manages ? HttpStatusCode.OK : HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} poll";

        var read = await client.GetAsync($"/api/v1/polls/{poll.Id}");
        Assert.True(status == read.StatusCode, $"{cell}: poll");
        if (expected)
        {
            var view = (await read.Content.ReadFromJsonAsync<PollView>())!;
            Assert.True(manages == view.ResultsVisible, $"{cell}: results before voting");
            Assert.True(manages == view.CanManage, $"{cell}: may manage");
        }
        Assert.True(status == (await client.GetAsync($"/polls/{poll.Id}")).StatusCode, $"{cell}: poll page");
        var list = await client.GetFromJsonAsync<PollListPage>("/api/v1/polls?limit=50");
        Assert.True(expected == list!.Items.Any(p => p.Id == poll.Id), $"{cell}: poll list");
        Assert.True(expected == (await client.GetStringAsync("/polls?state=all")).Contains(poll.Question), $"{cell}: poll list page");
        var post = await client.GetAsync($"/api/v1/posts/{poll.PostId}");
        Assert.True(status == post.StatusCode, $"{cell}: the poll's post");
        if (expected) Assert.True((await post.Content.ReadFromJsonAsync<PostView>())!.Poll?.Id == poll.Id, $"{cell}: the poll inline in its post");
        Assert.True(managerStatus == (await client.GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).StatusCode, $"{cell}: CSV export");
        Assert.True(managerStatus == (await client.GetAsync($"/api/v1/polls/{poll.Id}/analytics")).StatusCode, $"{cell}: analytics");
        var breakdown = expected ? manages ? HttpStatusCode.OK : HttpStatusCode.Forbidden : HttpStatusCode.NotFound; // results hidden until one votes
        Assert.True(breakdown == (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession")).StatusCode, $"{cell}: breakdown");

        var vote = await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id } });
        var voteStatus = kind == ViewerKind.Anonymous ? HttpStatusCode.Unauthorized : expected ? HttpStatusCode.NoContent : HttpStatusCode.NotFound;
        Assert.True(voteStatus == vote.StatusCode, $"{cell}: vote ({(int)vote.StatusCode})");
        if (expected && kind != ViewerKind.Anonymous)
        {
            var after = (await client.GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}"))!;
            Assert.True(after.ResultsVisible && after.Options[0].Votes >= 1, $"{cell}: results after voting");
            Assert.True(HttpStatusCode.OK == (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=specialty")).StatusCode, $"{cell}: breakdown after voting");
        }
    }

    [Theory, MemberData(nameof(SignedInPollCells))]
    public async Task A_block_either_way_hides_polls(ViewerKind kind, Audience audience, bool related)
    {
        var poll = (await world.BlockingAuthorsPollsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, author blocked viewer: {blockerIsAuthor}) reading a {audience} poll";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/polls/{poll.Id}")).StatusCode, $"{cell}: poll");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/polls/{poll.Id}")).StatusCode, $"{cell}: poll page");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession")).StatusCode, $"{cell}: breakdown");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).StatusCode, $"{cell}: CSV");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/polls/{poll.Id}/analytics")).StatusCode, $"{cell}: analytics");
            var vote = await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id } });
            Assert.True(HttpStatusCode.NotFound == vote.StatusCode, $"{cell}: vote");
            var list = await client.GetFromJsonAsync<PollListPage>("/api/v1/polls?limit=50");
            Assert.DoesNotContain(list!.Items, p => p.Id == poll.Id);
        }
    }

    public sealed partial class World
    {
        private Dictionary<Audience, PollView>? _polls, _blockingPolls;

        /// <summary>One open poll per poll audience by the author, made on first use.</summary>
        public async Task<Dictionary<Audience, PollView>> PollsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_polls is not null) return _polls;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _polls = await WritePollsAsync(_author!, _groupId, "Matrix");
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, PollView>> BlockingAuthorsPollsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_blockingPolls is not null) return _blockingPolls;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _blockingPolls = await WritePollsAsync(_blockingAuthor!, _blockingGroupId, "Blocking");
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, PollView>> WritePollsAsync(TestMember author, long groupId, string prefix)
        {
            var polls = new Dictionary<Audience, PollView>();
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group })
                polls[audience] = await Given.Poll(author, audience: audience, groupId: audience == Audience.Group ? groupId : null,
                    closesIn: TimeSpan.FromDays(30), question: $"{prefix} poll for the {audience.ToString().ToLowerInvariant()} audience?");
            await SettleAsync();
            return polls;
        }
    }
}
