using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Ical.Net.DataTypes;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Calendar = Ical.Net.Calendar;

namespace Rounds.Tests.Features.Events;

/// <summary>The iCalendar feeds parsed back with Ical.Net: a chat series across a daylight-saving change, and a member's own feed.</summary>
public class CalendarTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static async Task<Calendar> LoadAsync(HttpResponseMessage response)
    {
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        return Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_series_feed_expands_to_9_pm_local_each_week_across_the_change_without_the_skipped_one_and_with_the_moved_one_moved()
    {
        var owner = await app.Given.VerifiedClinician();
        var change = ChatTests.NextChange(app.Clock.GetUtcNow(), spring: true);
        var first = ChatTests.ThursdayBefore(change);
        app.Given.ClockAtLeast(new DateTimeOffset(first.AddDays(-3), TimeSpan.Zero));
        var chat = await app.Given.Chat(owner, rule: "FREQ=WEEKLY;BYDAY=TH", firstStartLocal: first.ToString("yyyy-MM-dd") + "T21:00");
        var client = app.As(owner);
        var skipped = chat.Sessions[1];
        var moved = chat.Sessions[3];
        var movedTo = moved.StartsAt.AddDays(1).AddHours(-2);
        await (await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{skipped.Id}", new { skipped = true })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{moved.Id}", new { startsAt = new DateTimeOffset(movedTo, TimeSpan.Zero), topic = "Moved for a conference" }))
            .AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"/api/v1/events/{chat.Id}/sessions/{chat.Sessions[4].Id}", new { topic = "Assessment" })).AssertStatusAsync(HttpStatusCode.OK);

        var response = await app.As(await app.Given.Member()).GetAsync($"/events/{chat.Id}/calendar.ics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VTIMEZONE", text);
        Assert.Contains("TZID:America/New_York", text);
        Assert.Contains("RRULE:FREQ=WEEKLY;BYDAY=TH", text);
        Assert.Contains("EXDATE;TZID=America/New_York:", text);
        Assert.Contains("RECURRENCE-ID;TZID=America/New_York:", text);
        var calendar = await LoadAsync(response);
        var uids = calendar.Events.Select(e => e.Uid).Distinct().ToList();
        Assert.Single(uids); // one series: the overrides share its UID
        Assert.Equal(uids, Calendar.Load(await (await client.GetAsync($"/events/{chat.Id}/calendar.ics")).Content.ReadAsStringAsync())!.Events.Select(e => e.Uid).Distinct());

        var from = new CalDateTime(first.AddDays(-1), "UTC");
        var to = new CalDateTime(first.AddDays(7 * 8), "UTC");
        var occurrences = calendar.GetOccurrences(from).TakeWhileBefore(to).Select(o => o.Period.StartTime.AsUtc).ToList();
        Assert.Equal(8 - 1, occurrences.Count); // eight Thursdays, one skipped
        Assert.DoesNotContain(skipped.StartsAt, occurrences);
        Assert.DoesNotContain(moved.StartsAt, occurrences);
        Assert.Contains(movedTo, occurrences);
        var regular = occurrences.Where(o => o != movedTo).Select(o => TimeZoneInfo.ConvertTimeFromUtc(o, NewYork)).ToList();
        Assert.All(regular, l => Assert.Equal((DayOfWeek.Thursday, new TimeSpan(21, 0, 0)), (l.DayOfWeek, l.TimeOfDay)));
        Assert.Contains(occurrences, o => o.Hour == 2); // before the change
        Assert.Contains(occurrences, o => o.Hour == 1); // after it
        Assert.Contains(calendar.Events, e => e.Summary!.Contains("Assessment"));
    }

    [Fact]
    public async Task A_member_feed_lists_the_upcoming_sessions_of_events_they_RSVPd_to_and_may_still_see()
    {
        var owner = await app.Given.VerifiedClinician();
        var member = await app.Given.VerifiedClinician();
        var groupId = await app.Given.Group(owner);
        await app.WithDbAsync(async db =>
        {
            db.GroupMemberships.Add(new Rounds.Web.Features.Groups.GroupMembership { GroupId = groupId, MemberId = member.Id, JoinedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var chat = await app.Given.Chat(owner);
        var club = await app.Given.JournalClub(owner, audience: "group", groupId: groupId, startsIn: TimeSpan.FromDays(2));
        var notGoing = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromDays(2), hashtag: "Elsewhere");
        var client = app.As(member);
        foreach (var id in new[] { chat.Id, club.Id }) await (await client.PostAsync($"/api/v1/events/{id}/rsvp", null)).AssertStatusAsync(HttpStatusCode.NoContent);

        var feed = (await client.GetFromJsonAsync<CalendarFeedView>("/api/v1/calendar/feed"))!;
        Assert.Equal(feed.Token, (await client.GetFromJsonAsync<CalendarFeedView>("/api/v1/calendar/feed"))!.Token); // stable until rotated
        var path = new Uri(feed.Url).PathAndQuery;
        Assert.Equal($"/calendar/{feed.Token}.ics", path);
        var calendar = await LoadAsync(await app.Anonymous().GetAsync(path)); // calendar clients do not sign in
        var summaries = calendar.Events.Select(e => e.Summary!).ToList();
        Assert.Equal(chat.Sessions.Count + 1, calendar.Events.Count);
        Assert.Contains(summaries, s => s.Contains("#rheumjc"));
        Assert.DoesNotContain(summaries, s => s.Contains("#elsewhere"));
        Assert.All(calendar.Events, e => Assert.False(string.IsNullOrEmpty(e.Uid)));
        Assert.Equal(calendar.Events.Count, calendar.Events.Select(e => e.Uid).Distinct().Count()); // each listed occurrence is its own entry
        Assert.Contains(calendar.TimeZones, z => z.TzId == "America/New_York");

        // Leaving the group hides the club from the feed too.
        await app.WithDbAsync(db => db.GroupMemberships.Where(m => m.GroupId == groupId && m.MemberId == member.Id).ExecuteDeleteAsync());
        calendar = await LoadAsync(await app.Anonymous().GetAsync(path));
        Assert.DoesNotContain(calendar.Events, e => e.Summary!.Contains("#rheumjc"));
        Assert.Equal(chat.Sessions.Count, calendar.Events.Count);

        // Rotating revokes the old address; unknown tokens are not found.
        var rotated = await client.PostAsync("/api/v1/calendar/feed", null);
        var fresh = (await rotated.Content.ReadFromJsonAsync<CalendarFeedView>())!;
        Assert.NotEqual(feed.Token, fresh.Token);
        await (await app.Anonymous().GetAsync(path)).AssertStatusAsync(HttpStatusCode.NotFound);
        await LoadAsync(await app.Anonymous().GetAsync($"/calendar/{fresh.Token}.ics"));
        await (await app.Anonymous().GetAsync("/calendar/not-a-real-token-at-all-0000000000.ics")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync("/calendar/x.ics")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync("/api/v1/calendar/feed")).AssertStatusAsync(HttpStatusCode.Unauthorized);
        _ = notGoing;
    }

    [Fact]
    public async Task A_hidden_event_has_no_calendar()
    {
        var owner = await app.Given.VerifiedClinician();
        var chat = await app.Given.Chat(owner, audience: "clinicians");
        await (await app.As(await app.Given.Patient()).GetAsync($"/events/{chat.Id}/calendar.ics")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync($"/events/{chat.Id}/calendar.ics")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync("/events/999999/calendar.ics")).AssertStatusAsync(HttpStatusCode.NotFound);
        var club = await LoadAsync(await app.As(owner).GetAsync($"/events/{(await app.Given.JournalClub(owner, startsIn: TimeSpan.FromDays(1))).Id}/calendar.ics"));
        Assert.Single(club.Events);
    }
}
