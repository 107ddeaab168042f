using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Calendar = Ical.Net.Calendar;

namespace Rounds.Web.Features.Events;

public sealed record CalendarFeedView(string Url, string Token, DateTime CreatedAt);

/// <summary>
/// iCalendar (RFC 5545) through Ical.Net. Per event (<c>/events/{id}/calendar.ics</c>, audience-checked like the event): a recurring chat
/// is one VEVENT with its RRULE in its zone (VTIMEZONE included), EXDATE for skipped occurrences and an override with RECURRENCE-ID
/// for each moved, retitled or re-hosted one; other events list their live windows. Per member (<c>/calendar/{token}.ics</c>, a secret
/// address because calendar clients cannot sign in): the upcoming live windows of the events they RSVP'd to and may still see.
/// </summary>
public static class EventCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const int MemberFeedLimit = 500;

    public static async Task<IResult> SeriesAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, RoundsUrls urls, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, await me.ViewerAsync(ct), id, ct);
        if (ev is null) return TypedResults.NotFound(Problems.NotFound());
        var sessions = await db.EventSessions.Where(s => s.EventId == ev.Id).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var calendar = NewCalendar();
        await AddEventAsync(calendar, db, ev, sessions, urls, ct);
        return Ics(calendar, $"{ev.Hashtag}-{ev.Id}.ics");
    }

    public static async Task<IResult> MemberAsync(string token, RoundsDb db, Audiences audiences, RoundsUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (token.EndsWith(".ics", StringComparison.OrdinalIgnoreCase)) token = token[..^4];
        if (token.Length is < 20 or > 100) return TypedResults.NotFound(Problems.NotFound());
        var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.Token == token, ct);
        if (feed is null) return TypedResults.NotFound(Problems.NotFound());
        var now = clock.GetUtcNow().UtcDateTime;
        var viewer = await audiences.ViewerOfAsync(feed.MemberId, now, ct);
        var eventIds = await db.EventRsvps.Where(r => r.MemberId == feed.MemberId).Select(r => r.EventId).ToListAsync(ct);
        var events = await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id) && e.CancelledAt == null).ToListAsync(ct);
        var visible = await audiences.FilterAsync(viewer, events, e => e.Target, ct);
        var ids = visible.Select(e => e.Id).ToList();
        var sessions = await db.EventSessions.AsNoTracking().Where(s => ids.Contains(s.EventId) && !s.Skipped && s.EndsAt > now)
            .OrderBy(s => s.StartsAt).Take(MemberFeedLimit).ToListAsync(ct);
        var calendar = NewCalendar();
        calendar.Properties.Add(new CalendarProperty("X-WR-CALNAME", "Rounds events"));
        var hosts = await HostHandlesAsync(db, sessions, ct);
        foreach (var ev in visible)
        {
            var mine = sessions.Where(s => s.EventId == ev.Id).ToList();
            if (mine.Count == 0) continue;
            AddZone(calendar, ev.TimeZone);
            foreach (var s in mine)
            {
                // Listed one by one (no RRULE here), so each occurrence needs its own UID, or clients keep only one of them.
                var e = SessionEvent(ev, s, hosts, urls);
                e.Uid = $"event-{ev.Id}-session-{s.Id}@{new Uri(urls.Absolute("/")).Host}";
                calendar.Events.Add(e);
            }
        }
        return Ics(calendar, "rounds.ics");
    }

    private static Calendar NewCalendar()
    {
        var calendar = new Calendar { ProductId = "-//Rounds//Events//EN" };
        calendar.Properties.Add(new CalendarProperty("CALSCALE", "GREGORIAN"));
        return calendar;
    }

    private static void AddZone(Calendar calendar, string zone)
    {
        if (zone is "UTC" or "Etc/UTC" || calendar.TimeZones.Any(z => z.TzId == zone)) return;
        calendar.AddTimeZone(zone);
    }

    private static async Task<Dictionary<long, string>> HostHandlesAsync(RoundsDb db, IEnumerable<EventSession> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.HostId).OfType<long>().Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);
    }

    public static string Uid(Event ev, EventSession? s, RoundsUrls urls)
    {
        var host = new Uri(urls.Absolute("/")).Host;
        return s is null || (ev.Kind == EventKind.Chat && ev.Recurrence is not null) ? $"event-{ev.Id}@{host}" : $"event-{ev.Id}-session-{s.Id}@{host}";
    }

    private static async Task AddEventAsync(Calendar calendar, RoundsDb db, Event ev, List<EventSession> sessions, RoundsUrls urls, CancellationToken ct)
    {
        AddZone(calendar, ev.TimeZone);
        var hosts = await HostHandlesAsync(db, sessions, ct);
        var link = urls.Absolute($"/events/{ev.Id}");
        if (ev.Kind == EventKind.Chat && ev.Recurrence is not null && ev.SeriesStartLocal is { } first && ev.DurationMinutes is { } minutes)
        {
            var series = new CalendarEvent
            {
                Uid = Uid(ev, null, urls), Summary = $"{ev.Title} #{ev.Hashtag}", Description = $"{link}",
                DtStart = new CalDateTime(DateTime.SpecifyKind(first, DateTimeKind.Unspecified), ev.TimeZone, true), Duration = Duration.FromMinutes(minutes),
                Url = new Uri(link), DtStamp = new CalDateTime(ev.CreatedAt, "UTC", true),
            };
            series.RecurrenceRule = new RecurrencePattern(ev.Recurrence);
            if (ev.CancelledAt is not null) series.Status = "CANCELLED";
            foreach (var s in sessions.Where(s => s.OccurrenceStart is not null && s.Skipped))
                series.ExceptionDates.Add(Zoned(s.OccurrenceStart!.Value, ev.TimeZone));
            calendar.Events.Add(series);
            foreach (var s in sessions.Where(s => s.OccurrenceStart is not null && !s.Skipped && (s.StartsAt != s.OccurrenceStart || s.Title.Length > 0 || s.HostId is not null)))
            {
                var o = SessionEvent(ev, s, hosts, urls);
#pragma warning disable CS0618 // RECURRENCE-ID without RANGE: this one occurrence
                o.RecurrenceId = Zoned(s.OccurrenceStart!.Value, ev.TimeZone);
#pragma warning restore CS0618
                o.Sequence = 1;
                calendar.Events.Add(o);
            }
            return;
        }
        foreach (var s in sessions.Where(s => !s.Skipped))
        {
            var e = SessionEvent(ev, s, hosts, urls);
            if (ev.CancelledAt is not null) e.Status = "CANCELLED";
            calendar.Events.Add(e);
        }
    }

    private static CalDateTime Zoned(DateTime utc, string zone) =>
        zone is "UTC" or "Etc/UTC" ? new CalDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc), "UTC", true)
            : new CalDateTime(ChatSeries.Local(utc, zone), zone, true);

    private static CalendarEvent SessionEvent(Event ev, EventSession s, Dictionary<long, string> hosts, RoundsUrls urls)
    {
        var link = urls.Absolute($"/events/{ev.Id}");
        var zone = s.TimeZone ?? ev.TimeZone;
        var title = s.Title.Length > 0 && s.Title != ev.Title ? $"{ev.Title}: {s.Title}" : ev.Title;
        var description = s.HostId is { } h && hosts.TryGetValue(h, out var handle) ? $"Host: @{handle}\n{link}" : link;
        return new CalendarEvent
        {
            Uid = Uid(ev, s, urls), Summary = $"{title} #{ev.Hashtag}", Description = description, Location = s.Room,
            DtStart = Zoned(s.StartsAt, zone), DtEnd = Zoned(s.EndsAt, zone), Url = new Uri(link), DtStamp = new CalDateTime(s.CreatedAt, "UTC", true),
        };
    }

    private static IResult Ics(Calendar calendar, string name)
    {
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return Results.Text(text, ContentType, System.Text.Encoding.UTF8);
    }

    // The member's secret address.

    public static async Task<CalendarFeed> FeedAsync(RoundsDb db, long memberId, bool rotate, DateTime now, CancellationToken ct)
    {
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.MemberId == memberId, ct);
        if (feed is not null && !rotate) return feed;
        if (feed is null) db.CalendarFeeds.Add(feed = new CalendarFeed { MemberId = memberId });
        feed.Token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        feed.CreatedAt = now;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (!rotate)
        {
            // Asked for twice at once: the other request made it.
            db.ChangeTracker.Clear();
            return await db.CalendarFeeds.SingleAsync(f => f.MemberId == memberId, ct);
        }
        return feed;
    }

    public static string FeedUrl(RoundsUrls urls, CalendarFeed feed) => urls.Absolute($"/calendar/{feed.Token}.ics");

    public static async Task<Results<Ok<CalendarFeedView>, UnauthorizedHttpResult>> GetFeedAsync(CurrentUser me, RoundsDb db, RoundsUrls urls, TimeProvider clock,
        CancellationToken ct) => await FeedHandleAsync(false, me, db, urls, clock, ct);

    public static async Task<Results<Ok<CalendarFeedView>, UnauthorizedHttpResult>> RotateFeedAsync(CurrentUser me, RoundsDb db, RoundsUrls urls, TimeProvider clock,
        CancellationToken ct) => await FeedHandleAsync(true, me, db, urls, clock, ct);

    private static async Task<Results<Ok<CalendarFeedView>, UnauthorizedHttpResult>> FeedHandleAsync(bool rotate, CurrentUser me, RoundsDb db, RoundsUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        if (viewer.Id is not { } id) return TypedResults.Unauthorized();
        var feed = await FeedAsync(db, id, rotate, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new CalendarFeedView(FeedUrl(urls, feed), feed.Token, feed.CreatedAt));
    }
}
