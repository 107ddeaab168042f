using System.Net;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Notifications;

namespace Rounds.Tests.Features.Events;

/// <summary>Members who RSVP'd are reminded (notification and email) before each live window, once, and never for a skipped occurrence.</summary>
public class ReminderTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task RunAsync() => app.Given.Run<EventReminderJob, EventReminderJob.Handler>(new EventReminderJob());

    private Task<int> RemindersAsync(TestMember m) => app.WithDbAsync(db => db.Notifications.CountAsync(n => n.MemberId == m.Id && n.Kind == NotificationKind.EventReminder));

    private void MoveTo(DateTime instant) => app.Given.ClockAtLeast(new DateTimeOffset(instant, TimeSpan.Zero));

    [Fact]
    public async Task Each_occurrence_is_reminded_once_before_it_starts_and_a_skipped_one_never()
    {
        var owner = await app.Given.VerifiedClinician();
        var member = await app.Given.Member();
        var absent = await app.Given.Member();
        var chat = await app.Given.Chat(owner, hashtag: "RemindMe");
        await (await app.As(member).PostAsync($"/api/v1/events/{chat.Id}/rsvp", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        var (first, second, third) = (chat.Sessions[0], chat.Sessions[1], chat.Sessions[2]);
        await (await app.As(owner).PutAsync($"/api/v1/events/{chat.Id}/sessions/{second.Id}", System.Net.Http.Json.JsonContent.Create(new { skipped = true })))
            .AssertStatusAsync(HttpStatusCode.OK);

        // Not yet: more than an hour before.
        MoveTo(first.StartsAt.AddMinutes(-61));
        await RunAsync();
        await app.SettleAsync();
        Assert.Equal(0, await RemindersAsync(member));

        MoveTo(first.StartsAt.AddMinutes(-59));
        await RunAsync();
        await RunAsync(); // a second run (or node) reminds nobody twice
        await app.SettleAsync();
        Assert.Equal(1, await RemindersAsync(member));
        Assert.Equal(0, await RemindersAsync(absent));
        var notification = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.MemberId == member.Id && n.Kind == NotificationKind.EventReminder));
        Assert.Equal($"/events/{chat.Id}#session-{first.Id}", notification.Link);
        Assert.NotNull(await app.WithDbAsync(db => db.EventSessions.Where(s => s.Id == first.Id).Select(s => s.ReminderSentAt).SingleAsync()));
        var mail = Assert.Single(app.Mail.To(member.Email));
        Assert.Contains($"/events/{chat.Id}#session-{first.Id}", mail);
        Assert.Contains("21:00", mail);
        Assert.DoesNotContain("Medical education chat", mail); // fixed wording: no title or description by email
        Assert.DoesNotContain("teaching and learning", mail);
        Assert.Equal(1, await RemindersAsync(owner)); // the organizer RSVP'd by creating it

        // The skipped occurrence is never reminded, the one after it is.
        MoveTo(second.StartsAt.AddMinutes(-30));
        await RunAsync();
        await app.SettleAsync();
        Assert.Equal(1, await RemindersAsync(member));
        Assert.Null(await app.WithDbAsync(db => db.EventSessions.Where(s => s.Id == second.Id).Select(s => s.ReminderSentAt).SingleAsync()));
        MoveTo(third.StartsAt.AddMinutes(-10));
        await RunAsync();
        await app.SettleAsync();
        Assert.Equal(2, await RemindersAsync(member));
        Assert.Equal(2, app.Mail.To(member.Email).Count);
    }

    [Fact]
    public async Task A_member_who_can_no_longer_see_the_event_or_took_the_RSVP_back_is_not_reminded()
    {
        var owner = await app.Given.VerifiedClinician();
        var blocker = await app.Given.VerifiedClinician();
        var leaver = await app.Given.VerifiedClinician();
        var stays = await app.Given.VerifiedClinician();
        var club = await app.Given.JournalClub(owner, audience: "clinicians", startsIn: TimeSpan.FromHours(3), hashtag: "RemindClub");
        foreach (var m in new[] { blocker, leaver, stays })
            await (await app.As(m).PostAsync($"/api/v1/events/{club.Id}/rsvp", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        await app.Given.Block(blocker, owner);
        await (await app.As(leaver).DeleteAsync($"/api/v1/events/{club.Id}/rsvp")).AssertStatusAsync(HttpStatusCode.NoContent);

        MoveTo(club.Sessions[0].StartsAt.AddMinutes(-45));
        await RunAsync();
        await app.SettleAsync();
        Assert.Equal(1, await RemindersAsync(stays));
        Assert.Equal(0, await RemindersAsync(blocker));
        Assert.Equal(0, await RemindersAsync(leaver));
        Assert.Empty(app.Mail.To(blocker.Email));

        // A window that has already started is not reminded late (e.g. after downtime).
        var late = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromHours(2), hashtag: "LateClub");
        await (await app.As(stays).PostAsync($"/api/v1/events/{late.Id}/rsvp", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        MoveTo(late.Sessions[0].StartsAt.AddMinutes(5));
        await RunAsync();
        await app.SettleAsync();
        Assert.Equal(1, await RemindersAsync(stays));
    }
}
