using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>Ask-the-expert forums: questions by votes, one upvote per member and never one's own, the expert's answers highlighted, archived afterwards.</summary>
public class ExpertForumTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static string Up(long eventId, long postId) => $"/api/v1/events/{eventId}/messages/{postId}/upvote";

    [Fact]
    public async Task Questions_rise_by_upvotes_one_per_member_never_ones_own_and_the_count_stays_in_step()
    {
        var owner = await app.Given.VerifiedClinician();
        var expert = await app.Given.VerifiedClinician();
        var asker = await app.Given.Member();
        var voter = await app.Given.Member();
        var second = await app.Given.Patient();
        var forum = await app.Given.ExpertForum(owner, expert);

        var first = await app.Given.EventMessage(asker, forum.Id, "Should allopurinol be started during a flare?");
        var popular = await app.Given.EventMessage(voter, forum.Id, "How low should the urate target be with tophi?");

        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(asker).PostAsync(Up(forum.Id, first.PostId), null)).StatusCode);
        var voted = await (await app.As(asker).PostAsync(Up(forum.Id, popular.PostId), null)).ReadAsync<UpvoteQuestion.UpvoteView>();
        Assert.Equal((1, true), (voted.Upvotes, voted.Upvoted));
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(asker).PostAsync(Up(forum.Id, popular.PostId), null)).StatusCode);
        await (await app.As(second).PostAsync(Up(forum.Id, popular.PostId), null)).AssertStatusAsync(HttpStatusCode.OK);

        var view = await app.As(voter).GetFromJsonAsync<ForumView>($"/api/v1/events/{forum.Id}/forum");
        Assert.Equal([popular.PostId, first.PostId], view!.Questions.Select(q => q.Question.PostId));
        Assert.Equal((2, true), (view.Questions[0].Upvotes, view.Questions[0].Mine));

        // Taking a vote back: once; never someone else's.
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(voter).DeleteAsync(Up(forum.Id, first.PostId))).StatusCode);
        var back = await (await app.As(second).DeleteAsync(Up(forum.Id, popular.PostId))).ReadAsync<UpvoteQuestion.UpvoteView>();
        Assert.Equal((1, false), (back.Upvotes, back.Upvoted));
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(second).DeleteAsync(Up(forum.Id, popular.PostId))).StatusCode);
        Assert.Equal(await app.WithDbAsync(db => db.EventUpvotes.CountAsync(u => u.PostId == popular.PostId)),
            await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == popular.PostId).Select(m => m.Upvotes).SingleAsync()));

        // Bad targets.
        var reply = await app.Given.EventMessage(asker, forum.Id, "Thanks, that helps.", inReplyToId: popular.PostId);
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(voter).PostAsync(Up(forum.Id, reply.PostId), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(voter).PostAsync(Up(forum.Id, 999999), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync(Up(forum.Id, first.PostId), null)).StatusCode);
        var club = await app.Given.JournalClub(owner);
        var clubMessage = await app.Given.EventMessage(asker, club.Id, "A thought on the trial.");
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(voter).PostAsync(Up(club.Id, clubMessage.PostId), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(voter).PostAsync(Up(forum.Id, clubMessage.PostId), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(voter).GetAsync($"/api/v1/events/{club.Id}/forum")).StatusCode);
    }

    [Fact]
    public async Task Many_votes_at_once_keep_the_count_in_step_and_a_member_votes_once()
    {
        var owner = await app.Given.VerifiedClinician();
        var expert = await app.Given.VerifiedClinician();
        var asker = await app.Given.Member();
        var forum = await app.Given.ExpertForum(owner, expert);
        var question = await app.Given.EventMessage(asker, forum.Id, "Is colchicine prophylaxis needed for six months?");
        var voters = new List<TestMember>();
        for (var i = 0; i < 5; i++) voters.Add(await app.Given.Member());

        var responses = await Task.WhenAll(voters.Select(v => app.As(v).PostAsync(Up(forum.Id, question.PostId), null))
            .Concat(Enumerable.Range(0, 3).Select(_ => app.As(voters[0]).PostAsync(Up(forum.Id, question.PostId), null))));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(5, await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == question.PostId).Select(m => m.Upvotes).SingleAsync()));
        Assert.Equal(5, await app.WithDbAsync(db => db.EventUpvotes.CountAsync(u => u.PostId == question.PostId)));
    }

    [Fact]
    public async Task The_experts_answers_are_highlighted_and_after_the_period_the_forum_is_a_read_only_archive()
    {
        var owner = await app.Given.VerifiedClinician();
        var expert = await app.Given.VerifiedClinician();
        var asker = await app.Given.Member();
        var forum = await app.Given.ExpertForum(owner, expert);
        var question = await app.Given.EventMessage(asker, forum.Id, "Can febuxostat be used after a cardiac event?");
        var unanswered = await app.Given.EventMessage(asker, forum.Id, "Does diet alone ever suffice?");
        var comment = await app.Given.EventMessage(asker, forum.Id, "Asking for our clinic's protocol.", inReplyToId: question.PostId);
        var answer = await app.Given.EventMessage(expert, forum.Id, "Prefer allopurinol there; febuxostat only with a careful discussion.", inReplyToId: comment.PostId);
        Assert.Equal("expert", answer.Role);

        var view = await app.As(asker).GetFromJsonAsync<ForumView>($"/api/v1/events/{forum.Id}/forum");
        var q = view!.Questions.Single(x => x.Question.PostId == question.PostId);
        Assert.True(q.Answered);
        Assert.Equal([comment.PostId, answer.PostId], q.Replies.Select(r => r.PostId)); // a reply to a reply stays under its question
        Assert.False(view.Questions.Single(x => x.Question.PostId == unanswered.PostId).Answered);
        Assert.Equal(("open", true), (view.State, view.CanAsk));
        Assert.Equal(expert.Handle, view.Experts.Single().Handle);

        var page = await app.As(asker).GetStringAsync($"/events/{forum.Id}/forum");
        Assert.Contains("data-testid=\"expert-answer\"", page);
        Assert.Contains("Prefer allopurinol there", page);

        app.Clock.Advance(TimeSpan.FromHours(2));
        var archived = await app.As(asker).GetFromJsonAsync<ForumView>($"/api/v1/events/{forum.Id}/forum");
        Assert.Equal(("archived", false), (archived!.State, archived.CanAsk));
        Assert.Equal(2, archived.Questions.Count);
        var late = await app.As(asker).PostAsJsonAsync($"/api/v1/events/{forum.Id}/messages", new { text = "One more question?" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var voter = await app.Given.Member();
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(voter).PostAsync(Up(forum.Id, question.PostId), null)).StatusCode);
        var archivedPage = await app.As(voter).GetStringAsync($"/events/{forum.Id}/forum");
        Assert.Contains("data-testid=\"forum-archived\"", archivedPage);
        Assert.Contains($"href=\"/events/{forum.Id}/transcript\"", archivedPage);
        Assert.DoesNotContain("Your question", archivedPage);
        Assert.DoesNotContain(">Upvote<", archivedPage);
    }

    [Fact]
    public async Task A_forum_needs_its_expert()
    {
        var owner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow();
        var refused = await app.As(owner).PostAsJsonAsync("/api/v1/events", new
        {
            kind = "expert-forum", title = "No expert", hashtag = "NoExpert", sessions = new[] { new { title = "Period", startsAt = now, endsAt = now.AddHours(1) } },
        });
        await refused.AssertInvalidAsync("hosts");
    }

    [Fact]
    public async Task Members_ask_upvote_and_the_expert_answers_through_the_pages()
    {
        var owner = await app.Given.VerifiedClinician();
        var expert = await app.Given.VerifiedClinician();
        var asker = await app.Given.Member();
        var voter = await app.Given.Patient();

        // The organizer creates the forum on its page; times are wall-clock in the chosen zone.
        var organizerPages = await app.SignedInBrowserAsync(owner);
        var local = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var fields = new Dictionary<string, string>
        {
            ["title"] = "Ask about lupus nephritis", ["hashtag"] = "AskLupus", ["audience"] = "members", ["timeZone"] = "America/New_York",
            ["expert"] = "", ["starts"] = local.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm"), ["ends"] = local.AddHours(2).ToString("yyyy-MM-ddTHH:mm"),
        };
        var refused = await organizerPages.SubmitAsync("/events/new/expert-forum", "new-expert-forum", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Invite the expert", await refused.Content.ReadAsStringAsync());
        fields["expert"] = "@" + expert.Handle;
        var created = await organizerPages.SubmitAsync("/events/new/expert-forum", "new-expert-forum", fields);
        var target = SignedInPages.RedirectTarget(created);
        Assert.Matches(@"^/events/\d+/forum$", target);
        var id = long.Parse(target.Split('/')[2]);

        var askerPages = await app.SignedInBrowserAsync(asker);
        var asked = await askerPages.SubmitAsync(target, "ask", new Dictionary<string, string> { ["text"] = "When can immunosuppression be tapered?" });
        Assert.StartsWith($"/events/{id}/forum#q-", SignedInPages.RedirectTarget(asked));
        var questionId = await app.WithDbAsync(db => db.EventMessages.Where(m => m.EventId == id).Select(m => m.PostId).SingleAsync());
        var empty = await askerPages.SubmitAsync(target, "ask", new Dictionary<string, string> { ["text"] = "" });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.EventMessages.CountAsync(m => m.EventId == id)));

        var voterPages = await app.SignedInBrowserAsync(voter);
        await voterPages.SubmitAsync(target, $"upvote-{questionId}", new Dictionary<string, string>());
        Assert.Equal(1, await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == questionId).Select(m => m.Upvotes).SingleAsync()));
        Assert.Contains("Remove my upvote", await voterPages.GetPageAsync(target));
        await voterPages.SubmitAsync(target, $"upvote-{questionId}", new Dictionary<string, string>());
        Assert.Equal(0, await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == questionId).Select(m => m.Upvotes).SingleAsync()));

        var expertPages = await app.SignedInBrowserAsync(expert);
        var answered = await expertPages.SubmitAsync(target, $"answer-{questionId}", new Dictionary<string, string> { ["text"] = "After a sustained renal response, slowly." });
        Assert.Equal($"/events/{id}/forum#q-{questionId}", SignedInPages.RedirectTarget(answered));
        Assert.Contains("data-testid=\"expert-answer\"", await voterPages.GetPageAsync(target));
        Assert.DoesNotContain($"answer-{questionId}", await voterPages.GetPageAsync(target)); // only the expert and hosts get the answer form
    }
}
