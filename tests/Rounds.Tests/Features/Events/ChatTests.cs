using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>Recurring chats: the rule in its zone across daylight-saving changes, the rolling horizon, one occurrence changed, bad input refused.</summary>
public class ChatTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    internal static DateTime NthSunday(int year, int month, int n)
    {
        var d = new DateTime(year, month, 1);
        while (d.DayOfWeek != DayOfWeek.Sunday) d = d.AddDays(1);
        return d.AddDays(7 * (n - 1));
    }

    /// <summary>The next US change (second Sunday of March, or first Sunday of November) at least three weeks after now.</summary>
    internal static DateTime NextChange(DateTimeOffset now, bool spring)
    {
        for (var y = now.Year; ; y++)
        {
            var d = spring ? NthSunday(y, 3, 2) : NthSunday(y, 11, 1);
            if (d > now.UtcDateTime.AddDays(21)) return d;
        }
    }

    /// <summary>The Thursday two or three weeks before the change.</summary>
    internal static DateTime ThursdayBefore(DateTime change)
    {
        var d = change.AddDays(-14);
        while (d.DayOfWeek != DayOfWeek.Thursday) d = d.AddDays(-1);
        return d;
    }

    private static DateTime LocalOf(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), NewYork);

    [Fact]
    public async Task A_weekly_chat_at_9_pm_New_York_time_stays_at_9_pm_local_in_March_and_November()
    {
        var owner = await app.Given.VerifiedClinician();
        var spring = ThursdayBefore(NextChange(app.Clock.GetUtcNow(), spring: true));
        app.Given.ClockAtLeast(new DateTimeOffset(spring.AddDays(-3), TimeSpan.Zero));
        var chat = await app.Given.Chat(owner, rule: "FREQ=WEEKLY;BYDAY=TH", firstStartLocal: spring.ToString("yyyy-MM-dd") + "T21:00");

        Assert.Equal("chat", chat.Kind);
        Assert.Equal("FREQ=WEEKLY;BYDAY=TH", chat.Recurrence);
        Assert.InRange(chat.Sessions.Count, 11, 13); // twelve weeks ahead
        foreach (var s in chat.Sessions)
        {
            Assert.Equal(new TimeSpan(21, 0, 0), LocalOf(s.StartsAt).TimeOfDay);
            Assert.Equal(DayOfWeek.Thursday, LocalOf(s.StartsAt).DayOfWeek);
            Assert.Equal(s.StartsAt, s.OccurrenceStart);
            Assert.Equal(TimeSpan.FromHours(1), s.EndsAt - s.StartsAt);
        }
        // Before the change 21:00 EST is 02:00 UTC, after it 21:00 EDT is 01:00 UTC.
        Assert.Equal(2, chat.Sessions[0].StartsAt.Hour);
        Assert.Equal(1, chat.Sessions[^1].StartsAt.Hour);

        // The daily job keeps the horizon rolling; in November it is still 21:00 local.
        var fall = NextChange(app.Clock.GetUtcNow(), spring: false);
        app.Given.ClockAtLeast(new DateTimeOffset(fall.AddDays(-20), TimeSpan.Zero));
        await app.Given.Run<ExtendChatSeriesJob, ExtendChatSeriesJob.Handler>(new ExtendChatSeriesJob());
        await app.Given.Run<ExtendChatSeriesJob, ExtendChatSeriesJob.Handler>(new ExtendChatSeriesJob()); // twice changes nothing
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var ahead = await app.WithDbAsync(db => db.EventSessions.Where(s => s.EventId == chat.Id && s.EndsAt > now).OrderBy(s => s.StartsAt).ToListAsync());
        Assert.InRange(ahead.Count, 11, 13);
        Assert.Equal(ahead.Count, ahead.Select(s => s.OccurrenceStart).Distinct().Count());
        Assert.All(ahead, s => Assert.Equal(new TimeSpan(21, 0, 0), LocalOf(s.StartsAt).TimeOfDay));
        Assert.Contains(ahead, s => s.StartsAt.Hour == 1);
        Assert.Contains(ahead, s => s.StartsAt.Hour == 2);
    }

    [Fact]
    public async Task An_occurrence_in_the_skipped_hour_moves_past_the_gap_and_COUNT_limits_the_series()
    {
        var owner = await app.Given.VerifiedClinician();
        var change = NextChange(app.Clock.GetUtcNow(), spring: true);
        app.Given.ClockAtLeast(new DateTimeOffset(change.AddDays(-3), TimeSpan.Zero));
        var chat = await app.Given.Chat(owner, rule: "FREQ=DAILY;COUNT=3", firstStartLocal: change.AddDays(-1).ToString("yyyy-MM-dd") + "T02:30", durationMinutes: 30);

        Assert.Equal(3, chat.Sessions.Count);
        Assert.Equal([new TimeSpan(2, 30, 0), new TimeSpan(3, 30, 0), new TimeSpan(2, 30, 0)], chat.Sessions.Select(s => LocalOf(s.StartsAt).TimeOfDay));
        Assert.Equal(change.AddHours(7).AddMinutes(30), chat.Sessions[1].StartsAt); // 03:30 EDT
        await app.Given.Run<ExtendChatSeriesJob, ExtendChatSeriesJob.Handler>(new ExtendChatSeriesJob());
        Assert.Equal(3, await app.WithDbAsync(db => db.EventSessions.CountAsync(s => s.EventId == chat.Id)));

        // A series whose very first date falls in the gap moves that one occurrence only; the rest keep 02:30.
        var fromGap = await app.Given.Chat(owner, rule: "FREQ=DAILY;COUNT=3", firstStartLocal: change.ToString("yyyy-MM-dd") + "T02:30", durationMinutes: 30);
        Assert.Equal([new TimeSpan(3, 30, 0), new TimeSpan(2, 30, 0), new TimeSpan(2, 30, 0)], fromGap.Sessions.Select(s => LocalOf(s.StartsAt).TimeOfDay));
    }

    [Fact]
    public async Task A_host_sets_topic_and_host_skips_one_occurrence_and_moves_another_keeping_its_original_start()
    {
        var owner = await app.Given.VerifiedClinician();
        var guest = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, hostHandle: guest.Handle);
        Assert.All(chat.Sessions, s => Assert.Equal(guest.Handle, s.HostHandle));
        Assert.Contains(chat.Hosts, h => h.Id == guest.Id && h.Role == "host");
        var client = app.As(owner);
        var (first, second, third) = (chat.Sessions[0], chat.Sessions[1], chat.Sessions[2]);

        var topic = await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{first.Id}", new { topic = "Feedback that lands", hostHandle = "" });
        await topic.AssertStatusAsync(HttpStatusCode.OK);
        var skip = await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{second.Id}", new { skipped = true });
        await skip.AssertStatusAsync(HttpStatusCode.OK);
        var newStart = third.StartsAt.AddDays(1).AddHours(-1);
        var move = await app.As(guest).PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{third.Id}", new { startsAt = new DateTimeOffset(newStart, TimeSpan.Zero) });
        await move.AssertStatusAsync(HttpStatusCode.OK);

        var view = (await move.Content.ReadFromJsonAsync<EventView>())!;
        var s1 = view.Sessions.Single(s => s.Id == first.Id);
        Assert.Equal("Feedback that lands", s1.Title);
        Assert.Null(s1.HostHandle);
        Assert.True(view.Sessions.Single(s => s.Id == second.Id).Skipped);
        var s3 = view.Sessions.Single(s => s.Id == third.Id);
        Assert.Equal(newStart, s3.StartsAt);
        Assert.Equal(newStart.AddHours(1), s3.EndsAt);
        Assert.Equal(third.StartsAt, s3.OccurrenceStart);

        // The daily job does not bring the skipped or moved occurrence back.
        var count = view.Sessions.Count;
        await app.Given.Run<ExtendChatSeriesJob, ExtendChatSeriesJob.Handler>(new ExtendChatSeriesJob());
        Assert.Equal(count, await app.WithDbAsync(db => db.EventSessions.CountAsync(s => s.EventId == chat.Id)));
        // Taking the skip back.
        await (await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{second.Id}", new { skipped = false })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(await app.WithDbAsync(db => db.EventSessions.Where(s => s.Id == second.Id).Select(s => s.Skipped).SingleAsync()));
    }

    [Fact]
    public async Task Bad_occurrence_changes_are_refused_and_nothing_changes()
    {
        var owner = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, audience: "clinicians");
        var other = await app.Given.Chat(owner);
        var session = chat.Sessions[0];
        var url = $"/api/v1/events/{chat.Id}/sessions/{session.Id}";
        var client = app.As(owner);

        await (await client.PutAsJsonAsync(url, new { startsAt = app.Clock.GetUtcNow().AddHours(-1) })).AssertInvalidAsync("startsAt");
        await (await client.PutAsJsonAsync(url, new { startsAt = app.Clock.GetUtcNow().AddDays(90) })).AssertInvalidAsync("startsAt");
        await (await client.PutAsJsonAsync(url, new { hostHandle = "nobody_here_at_all" })).AssertInvalidAsync("hostHandle");
        await (await client.PutAsJsonAsync(url, new { hostHandle = (await app.Given.Patient()).Handle })).AssertInvalidAsync("hostHandle");
        await (await client.PutAsJsonAsync(url, new { topic = new string('x', 300) })).AssertInvalidAsync("topic");
        await (await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{other.Sessions[0].Id}", new { skipped = true })).AssertStatusAsync(HttpStatusCode.NotFound);
        // Not a host: a clinician who sees the chat is refused; a patient does not see it at all; anonymous is not signed in.
        await (await app.As(await app.Given.VerifiedClinician()).PutAsJsonAsync(url, new { skipped = true })).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(await app.Given.Patient()).PutAsJsonAsync(url, new { skipped = true })).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().PutAsJsonAsync(url, new { skipped = true })).AssertStatusAsync(HttpStatusCode.Unauthorized);

        var stored = await app.WithDbAsync(db => db.EventSessions.AsNoTracking().SingleAsync(s => s.Id == session.Id));
        Assert.Equal((session.StartsAt, "", false, (long?)null), (stored.StartsAt, stored.Title, stored.Skipped, stored.HostId));
        Assert.False((await app.WithDbAsync(db => db.EventSessions.AnyAsync(s => s.EventId == other.Id && s.Skipped))));

        // A journal club's windows are not occurrences.
        var club = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromDays(1));
        await (await client.PutAsJsonAsync($"/api/v1/events/{club.Id}/sessions/{club.Sessions[0].Id}", new { topic = "Other" })).AssertStatusAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_chat_requests_are_refused_with_the_field_and_nothing_is_written()
    {
        var owner = await app.Given.VerifiedClinician();
        var client = app.As(owner);
        var first = app.Given.NextLocal("America/New_York", 3, 21);
        object Chat(string? rule = "FREQ=WEEKLY;BYDAY=TH", string? firstStart = null, string timeZone = "America/New_York", int durationMinutes = 60,
            string? hashtag = "MedEd", string? title = "Chat") =>
            new { title, hashtag, rule, firstStart = firstStart ?? first, timeZone, durationMinutes };
        var before = await app.WithDbAsync(db => db.Events.CountAsync());
        var sessionsBefore = await app.WithDbAsync(db => db.EventSessions.CountAsync());
        foreach (var (request, field) in new (object, string)[]
        {
            (Chat(rule: "every thursday"), "rule"),
            (Chat(rule: ""), "rule"),
            (Chat(rule: "FREQ=WEEKLY;BYDAY=XX"), "rule"),
            (Chat(rule: "FREQ=HOURLY"), "rule"),
            (Chat(rule: "FREQ=DAILY;BYHOUR=9,21"), "rule"),
            (Chat(rule: "FREQ=WEEKLY;COUNT=0"), "rule"),
            (Chat(rule: "FREQ=WEEKLY;COUNT=5000"), "rule"),
            (Chat(rule: "FREQ=WEEKLY;UNTIL=20200101T000000Z"), "rule"),
            (Chat(rule: "FREQ=WEEKLY;UNTIL=20990101T000000Z"), "rule"),
            (Chat(rule: "FREQ=WEEKLY;UNTIL=20990101"), "rule"),
            (Chat(rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), "rule"),
            (Chat(rule: new string('A', 400)), "rule"),
            (Chat(firstStart: "next thursday"), "firstStart"),
            (Chat(firstStart: first + ":00+02:00"), "firstStart"),
            (Chat(firstStart: "2020-01-02T21:00", rule: "FREQ=WEEKLY;COUNT=2"), "firstStart"),
            (Chat(timeZone: "Mars/Olympus"), "timeZone"),
            (Chat(durationMinutes: 5), "durationMinutes"),
            (Chat(durationMinutes: 60 * 24), "durationMinutes"),
            (Chat(hashtag: "no spaces"), "hashtag"),
            (Chat(title: ""), "title"),
            (new { title = "Chat", hashtag = "MedEd", rule = "FREQ=WEEKLY", firstStart = first, timeZone = "UTC", hostHandle = "nobody_here_at_all" }, "hostHandle"),
        })
            await (await client.PostAsJsonAsync("/api/v1/events/chats", request)).AssertInvalidAsync(field);
        // A chat is not created through the generic endpoint, nor by someone who cannot organize.
        await (await client.PostAsJsonAsync("/api/v1/events", new { kind = "chat", title = "Chat", hashtag = "MedEd", sessions = Array.Empty<object>() })).AssertInvalidAsync("kind");
        await (await app.As(await app.Given.UnverifiedClinician()).PostAsJsonAsync("/api/v1/events/chats", Chat())).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().PostAsJsonAsync("/api/v1/events/chats", Chat())).AssertStatusAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await app.WithDbAsync(db => db.Events.CountAsync()));
        Assert.Equal(sessionsBefore, await app.WithDbAsync(db => db.EventSessions.CountAsync()));
    }

    [Fact]
    public async Task An_unbounded_daily_rule_is_written_only_to_the_horizon()
    {
        var owner = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, rule: "FREQ=DAILY", firstStartLocal: app.Given.NextLocal("Europe/London", 1, 19), timeZone: "Europe/London");
        Assert.Equal(ChatSeries.MaxAhead, chat.Sessions.Count);
        Assert.True(chat.Sessions[^1].StartsAt < app.Clock.GetUtcNow().UtcDateTime + ChatSeries.Horizon);
    }
}
