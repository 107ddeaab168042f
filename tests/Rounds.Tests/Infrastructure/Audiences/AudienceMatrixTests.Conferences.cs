using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: conferences and ask-the-expert forums (public, members, clinicians or a group): the program page and JSON, the report page, JSON
// and CSV, the forum page and JSON; and what a viewer does in them: check in, summarise an ended session, label a message, upvote a question.
public partial class AudienceMatrixTests
{
    [Theory, MemberData(nameof(EventCells))]
    public async Task Conferences_and_forums_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var (conference, forum) = (await world.ConferencesAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) in a {audience} conference";
        var id = conference.Event.Id;

        foreach (var url in new[] { $"/api/v1/events/{id}/program", $"/events/{id}/program", $"/api/v1/events/{id}/report", $"/events/{id}/report", $"/events/{id}/report.csv",
                     $"/api/v1/events/{forum.Event.Id}/forum", $"/events/{forum.Event.Id}/forum" })
        {
            var response = await client.GetAsync(url);
            Assert.True(status == response.StatusCode, $"{cell}: {url} ({(int)response.StatusCode})");
            var body = await response.Content.ReadAsStringAsync();
            var title = url.Contains("forum") ? forum.Event.Title : conference.Event.Title;
            if (!url.EndsWith(".csv")) Assert.True(expected == body.Contains(title), $"{cell}: {url} shows the title");
        }
        if (expected)
        {
            var report = await client.GetFromJsonAsync<ConferenceReportView>($"/api/v1/events/{id}/report");
            Assert.True(report!.Overall.Posts >= 1, $"{cell}: the report counts the author's post");
            var view = await client.GetFromJsonAsync<ForumView>($"/api/v1/events/{forum.Event.Id}/forum");
            Assert.Contains(view!.Questions, q => q.Question.PostId == forum.Question.PostId);
        }

        var signedIn = kind != ViewerKind.Anonymous;
        HttpStatusCode Write(HttpStatusCode ok) => !signedIn ? HttpStatusCode.Unauthorized : expected ? ok : HttpStatusCode.NotFound;
        var checkIn = await client.PostAsJsonAsync($"/api/v1/events/{id}/check-in", new { mode = related ? "on-site" : "remote" });
        Assert.True(Write(HttpStatusCode.OK) == checkIn.StatusCode, $"{cell}: check in ({(int)checkIn.StatusCode})");
        var summary = await client.PostAsJsonAsync($"/api/v1/events/{id}/sessions/{conference.EndedSessionId}/summary", new { text = "Start early and measure often." });
        Assert.True(Write(HttpStatusCode.Created) == summary.StatusCode, $"{cell}: summarise ({(int)summary.StatusCode})");
        var label = await client.PutAsJsonAsync($"/api/v1/events/{id}/messages/{conference.Message.PostId}/label", new { label = "clinical" });
        var runs = kind is ViewerKind.Moderator or ViewerKind.Admin;
        Assert.True(Write(runs ? HttpStatusCode.OK : HttpStatusCode.Forbidden) == label.StatusCode, $"{cell}: label ({(int)label.StatusCode})");
        var upvote = await client.PostAsync($"/api/v1/events/{forum.Event.Id}/messages/{forum.Question.PostId}/upvote", null);
        Assert.True(Write(HttpStatusCode.OK) == upvote.StatusCode, $"{cell}: upvote ({(int)upvote.StatusCode})");
        var unvote = await client.DeleteAsync($"/api/v1/events/{forum.Event.Id}/messages/{forum.Question.PostId}/upvote");
        Assert.True(Write(HttpStatusCode.OK) == unvote.StatusCode, $"{cell}: take the upvote back ({(int)unvote.StatusCode})");
    }

    [Theory, MemberData(nameof(SignedInEventCells))]
    public async Task A_block_either_way_hides_conferences_and_forums(ViewerKind kind, Audience audience, bool related)
    {
        var (conference, forum) = (await world.BlockingAuthorsConferencesAsync())[audience];
        var id = conference.Event.Id;
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, organizer blocked viewer: {blockerIsAuthor}) in a {audience} conference";
            foreach (var url in new[] { $"/api/v1/events/{id}/program", $"/events/{id}/program", $"/api/v1/events/{id}/report", $"/events/{id}/report", $"/events/{id}/report.csv",
                         $"/api/v1/events/{forum.Event.Id}/forum", $"/events/{forum.Event.Id}/forum" })
                Assert.True(HttpStatusCode.NotFound == (await client.GetAsync(url)).StatusCode, $"{cell}: {url}");
            Assert.True(HttpStatusCode.NotFound == (await client.PostAsJsonAsync($"/api/v1/events/{id}/check-in", new { mode = "remote" })).StatusCode, $"{cell}: check in");
            Assert.True(HttpStatusCode.NotFound == (await client.PostAsJsonAsync($"/api/v1/events/{id}/sessions/{conference.EndedSessionId}/summary", new { text = "Key points." })).StatusCode,
                $"{cell}: summarise");
            Assert.True(HttpStatusCode.NotFound == (await client.PutAsJsonAsync($"/api/v1/events/{id}/messages/{conference.Message.PostId}/label", new { label = "social" })).StatusCode,
                $"{cell}: label");
            Assert.True(HttpStatusCode.NotFound == (await client.PostAsync($"/api/v1/events/{forum.Event.Id}/messages/{forum.Question.PostId}/upvote", null)).StatusCode, $"{cell}: upvote");
        }
    }

    public sealed record MatrixConference(EventView Event, long EndedSessionId, MessageView Message);

    public sealed record MatrixForum(EventView Event, MessageView Question);

    public sealed partial class World
    {
        private Dictionary<Audience, (MatrixConference, MatrixForum)>? _confConferences, _confBlockingConferences;
        private TestMember? _confExpert;

        /// <summary>Per audience, by the author: a conference with an ended session and one running for days (one post in it), and a running forum with one question.</summary>
        public async Task<Dictionary<Audience, (MatrixConference Conference, MatrixForum Forum)>> ConferencesAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_confConferences is not null) return _confConferences;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _confConferences = await WriteConferencesAsync(_author!, _groupId, "Matrix");
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, (MatrixConference Conference, MatrixForum Forum)>> BlockingAuthorsConferencesAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_confBlockingConferences is not null) return _confBlockingConferences;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _confBlockingConferences = await WriteConferencesAsync(_blockingAuthor!, _blockingGroupId, "Blocking");
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, (MatrixConference, MatrixForum)>> WriteConferencesAsync(TestMember author, long groupId, string prefix)
        {
            if (_confExpert is null)
            {
                _confExpert = await OnceAsync("conf-expert", () => Given.VerifiedClinician());
                await WithDbAsync(async db =>
                {
                    db.GroupMemberships.Add(new Rounds.Web.Features.Groups.GroupMembership { GroupId = _groupId, MemberId = _confExpert.Id, JoinedAt = DateTime.UtcNow });
                    db.GroupMemberships.Add(new Rounds.Web.Features.Groups.GroupMembership { GroupId = _blockingGroupId, MemberId = _confExpert.Id, JoinedAt = DateTime.UtcNow });
                    return await db.SaveChangesAsync();
                });
            }
            var now = Clock.GetUtcNow();
            var result = new Dictionary<Audience, (MatrixConference, MatrixForum)>();
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group })
            {
                var name = audience.ToString().ToLowerInvariant();
                var ev = await Given.Conference(author, audience: name, groupId: audience == Audience.Group ? groupId : null, hashtag: $"{prefix}Con", sessions:
                [
                    new { title = $"{prefix} opening talk", room = "Hall A", startsAt = now, endsAt = now.AddHours(1), speakers = new object[] { new { handle = author.Handle } } },
                    new { title = $"{prefix} main programme", room = "Hall B", startsAt = now.AddHours(-1), endsAt = now.AddDays(10), speakers = new object[] { new { name = "Visiting faculty" } } },
                ]);
                var ended = ev.Sessions.Single(s => s.Title.EndsWith("opening talk")).Id;
                var running = ev.Sessions.Single(s => s.Title.EndsWith("main programme")).Id;
                await Given.EndSession(ended);
                var message = await Given.EventMessage(author, ev.Id, $"{prefix} notes from the {name} conference.", sessionId: running);
                var forum = await Given.ExpertForum(author, _confExpert, audience: name, groupId: audience == Audience.Group ? groupId : null, length: TimeSpan.FromDays(10),
                    hashtag: $"{prefix}Ask");
                var question = await Given.EventMessage(author, forum.Id, $"{prefix} question for the {name} forum: when to taper?");
                result[audience] = (new MatrixConference(ev, ended, message), new MatrixForum(forum, question));
            }
            return result;
        }
    }
}
