using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Features.Connections;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Polls;

namespace Rounds.Tests.Features.Notifications;

/// <summary>The newer kinds (a quiz released, a poll closed, a goal shared) are named in the digest, each with its own sentence.</summary>
public class DigestSentencesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_released_quiz_a_closed_poll_and_a_shared_goal_each_appear_in_the_digest_with_their_own_sentence()
    {
        // The recurring jobs are scheduled first, so the digest falls due only when the test moves the clock past the hour.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == "SendDigestsJob"))
            || !await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == nameof(NotifyPollClosedJob))))
        {
            Assert.True(DateTime.UtcNow < deadline, "The recurring jobs were never scheduled.");
            await Task.Delay(25);
        }
        await app.SettleAsync();

        var member = await app.Given.Member();
        await (await app.As(member).PutAsJsonAsync("/api/v1/me/digest", new { enabled = true })).AssertStatusAsync(HttpStatusCode.OK);

        // A quiz series the member follows releases an item.
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner, "members");
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        await (await app.As(member).PostAsync($"/api/v1/quizzes/series/{series.Id}/follow", null)).AssertStatusAsync(HttpStatusCode.OK);
        // The member's poll closes.
        var poll = await app.Given.Poll(member, closesIn: TimeSpan.FromMinutes(30), question: "Which digest question is this?");
        // A colleague shares a goal with the member.
        var colleague = await app.Given.VerifiedClinician();
        var goal = await app.Given.Goal(colleague, title: "Forty credits before the audit", partners: member);

        var item = await app.Given.ReleasedQuizItem(owner, editor, series.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        await app.SettleAsync();
        await app.SettleAsync();
        var kinds = await app.WithDbAsync(db => db.Notifications.Where(n => n.MemberId == member.Id).Select(n => n.Kind).ToListAsync());
        Assert.Equal([NotificationKind.GoalShared, NotificationKind.PollClosed, NotificationKind.QuizReleased], kinds.Order());
        Assert.Empty(app.Mail.To(member.Email));

        await app.RunHourlyJobsAsync();
        var mail = Assert.Single(app.Mail.To(member.Email));
        Assert.Contains("Subject: Your Rounds digest: 3 new notifications", mail);
        Assert.Contains("1 new quiz question", mail);
        Assert.Contains("1 closed poll", mail);
        Assert.Contains("1 goal shared with you", mail);
        Assert.DoesNotContain("other notification", mail);
        Assert.Contains($"Rounds opened a new quiz item in a series you follow — http://localhost/quizzes/items/{item.Id}", mail);
        Assert.Contains($"Rounds closed a poll you took part in — http://localhost/polls/{poll.Id}", mail);
        Assert.Contains($"@{colleague.Handle} shared a learning goal with you — http://localhost/learning#goal-{goal.Id}", mail);
        // What they are about stays behind sign-in: no series title, poll question or goal title in the email.
        Assert.DoesNotContain("Which digest question is this?", mail);
        Assert.DoesNotContain("Forty credits before the audit", mail);
        Assert.DoesNotContain("Rounds other", mail);
    }
}
