using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Features.Connections;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Notifications;

namespace Rounds.Tests.Features.Notifications;

public class DigestTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<TestMember> MemberWithDigestAsync()
    {
        var member = await app.Given.Member();
        var response = await (await app.As(member).PutAsJsonAsync("/api/v1/me/digest", new { enabled = true })).ReadAsync<SetEmailDigest.Response>();
        Assert.True(response.Enabled);
        return member;
    }

    [Fact]
    public async Task The_daily_digest_counts_unread_notifications_by_kind_with_links_and_is_sent_once_a_day()
    {
        var member = await MemberWithDigestAsync();
        var follower = await app.Given.Member();
        var colleague = await app.Given.VerifiedClinician();
        await app.As(follower).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        var post = await app.PostAsync(colleague, $"@{member.Handle} thoughts on this rash? Confidential detail here");
        await app.SettleAsync();

        await app.RunHourlyJobsAsync();
        var mail = Assert.Single(app.Mail.To(member.Email));
        Assert.Contains("Subject: Your Rounds digest: 2 new notifications", mail);
        Assert.Contains("1 mention", mail);
        Assert.Contains("1 new follower", mail);
        Assert.Contains($"@{colleague.Handle} mentioned you — http://localhost/posts/{post.Id}", mail);
        Assert.Contains("http://localhost/notifications", mail);
        Assert.DoesNotContain("Confidential detail", mail); // post text never leaves the server by email

        // Within the day nothing more is sent, even with news.
        await app.PostAsync(colleague, $"@{member.Handle} and another one");
        await app.SettleAsync();
        await app.RunHourlyJobsAsync();
        Assert.Single(app.Mail.To(member.Email));

        // A day later only what arrived since the last digest is counted.
        await app.RunHourlyJobsAsync(TimeSpan.FromHours(24));
        Assert.Equal(2, app.Mail.To(member.Email).Count);
        var second = app.Mail.Last(member.Email);
        Assert.Contains("Subject: Your Rounds digest: 1 new notification", second);
        Assert.Contains("since your last digest", second);
    }

    [Fact]
    public async Task No_digest_is_sent_when_it_is_off_or_everything_was_read()
    {
        var off = await app.Given.Member();
        var readAll = await MemberWithDigestAsync();
        var follower = await app.Given.Member();
        await app.As(follower).PostAsync($"/api/v1/members/{off.Handle}/follow", null);
        await app.As(follower).PostAsync($"/api/v1/members/{readAll.Handle}/follow", null);
        await app.SettleAsync();
        await app.As(readAll).PostAsync("/api/v1/notifications/read", null);

        await app.RunHourlyJobsAsync(TimeSpan.FromHours(25));
        Assert.Empty(app.Mail.To(off.Email));
        Assert.Empty(app.Mail.To(readAll.Email));
    }

    [Fact]
    public async Task Turning_the_digest_off_stops_it()
    {
        var member = await MemberWithDigestAsync();
        await (await app.As(member).PutAsJsonAsync("/api/v1/me/digest", new { enabled = false })).AssertStatusAsync(HttpStatusCode.OK);
        var follower = await app.Given.Member();
        await app.As(follower).PostAsync($"/api/v1/members/{member.Handle}/follow", null);
        await app.SettleAsync();

        await app.RunHourlyJobsAsync(TimeSpan.FromHours(25));
        Assert.Empty(app.Mail.To(member.Email));
    }

    [Fact]
    public async Task The_digest_setting_needs_a_yes_or_no()
    {
        var member = await app.Given.Member();
        await (await app.As(member).PutAsJsonAsync("/api/v1/me/digest", new { })).AssertInvalidAsync("enabled");
    }
}
