using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

public sealed record ProgramSpeaker(string Name, string? Handle, string? ProfileUrl);

public sealed record SummaryView(long Id, long SessionId, long MemberId, string Handle, string DisplayName, string Text, DateTime CreatedAt);

public sealed record ProgramSession(long Id, string Title, string? Room, DateTime StartsAt, DateTime EndsAt, string Starts, string Ends, bool Live, bool Ended,
    IReadOnlyList<ProgramSpeaker> Speakers, int Posts, IReadOnlyList<SummaryView> Summaries, bool Summarised, bool CanSummarise, string RoomUrl);

public sealed record ProgramDay(string Date, string Label, IReadOnlyList<ProgramSession> Sessions);

/// <summary>The viewer's check-in ("on-site", "remote" or null), whether it can be made or changed now, and how many attendees checked in each way.</summary>
public sealed record CheckInView(string? Mode, DateTime? At, bool Open, DateTime OpensAt, DateTime ClosesAt, int OnSite, int Remote);

public sealed record ProgramView(long EventId, string Title, string Hashtag, string TimeZone, IReadOnlyList<ProgramDay> Days, CheckInView CheckIn, bool Runs,
    bool IsOver, string Url, string ReportUrl);

/// <summary>
/// A conference's program: its sessions by day in the event's time zone, speakers linked to their profiles when they are members, the number of
/// room posts attached to each session and the attendees' key-point summaries (blocked members' left out).
/// </summary>
public static class ConferenceProgram
{
    public static TimeZoneInfo Zone(Event ev) => Quizzes.QuizSchedule.FindZone(ev.TimeZone) ?? TimeZoneInfo.Utc;

    public static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static string ProfileUrl(string handle) => $"/members/{handle}";

    /// <summary>Check-in opens a day before the first session and closes when the last one ends.</summary>
    public static (DateTime Opens, DateTime Closes) CheckInWindow(IReadOnlyCollection<EventSession> sessions)
    {
        var live = sessions.Where(s => !s.Skipped).ToList();
        if (live.Count == 0) return (DateTime.MinValue, DateTime.MinValue);
        return (live.Min(s => s.StartsAt).AddDays(-1), live.Max(s => s.EndsAt));
    }

    public static async Task<ProgramView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (ev is null || ev.Kind != EventKind.Conference) return null;
        return await ViewAsync(db, audiences, ev, viewer, now, ct);
    }

    public static async Task<ProgramView> ViewAsync(RoundsDb db, Audiences audiences, Event ev, Viewer viewer, DateTime now, CancellationToken ct)
    {
        var zone = Zone(ev);
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == ev.Id && !s.Skipped).Include(s => s.Speakers).OrderBy(s => s.StartsAt).ThenBy(s => s.Room)
            .AsSplitQuery().ToListAsync(ct);
        var memberIds = sessions.SelectMany(s => s.Speakers).Select(s => s.MemberId).OfType<long>().Distinct().ToList();
        var handles = memberIds.Count == 0 ? [] : await db.Users.Where(u => memberIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);
        var blocked = viewer.Id is { } me ? await audiences.BlockedAsync(me, ct) : [];
        var posts = await db.EventMessages.Where(m => m.EventId == ev.Id && m.SessionId != null && m.HiddenAt == null)
            .GroupBy(m => m.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.Count, ct);
        var summaries = (await db.SessionSummaries.AsNoTracking().Where(s => s.EventId == ev.Id).OrderBy(s => s.CreatedAt)
                .Join(db.Users, s => s.MemberId, u => u.Id, (s, u) => new SummaryView(s.Id, s.SessionId, s.MemberId, u.UserName!, u.DisplayName, s.Text, s.CreatedAt))
                .ToListAsync(ct))
            .Where(s => !blocked.Contains(s.MemberId)).ToLookup(s => s.SessionId);
        var checkIn = viewer.Id is { } vid ? await db.EventCheckIns.AsNoTracking().SingleOrDefaultAsync(c => c.EventId == ev.Id && c.MemberId == vid, ct) : null;
        var counts = await db.EventCheckIns.Where(c => c.EventId == ev.Id).GroupBy(c => c.OnSite).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var (opens, closes) = CheckInWindow(sessions);
        var runs = await EventAccess.RunsAsync(db, ev, viewer, ct);

        var days = sessions.GroupBy(s => Local(s.StartsAt, zone).Date).OrderBy(g => g.Key).Select(g => new ProgramDay(
            g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.Key.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture),
            g.Select(s =>
            {
                var mine = viewer.Id is { } m && summaries[s.Id].Any(x => x.MemberId == m);
                return new ProgramSession(s.Id, s.Title, s.Room, s.StartsAt, s.EndsAt, Local(s.StartsAt, zone).ToString("HH:mm", CultureInfo.InvariantCulture),
                    Local(s.EndsAt, zone).ToString("HH:mm", CultureInfo.InvariantCulture), s.IsLive(now), s.EndsAt <= now,
                    s.Speakers.OrderBy(x => x.Position).Select(x => x.MemberId is { } sm && handles.TryGetValue(sm, out var h)
                        ? new ProgramSpeaker(x.Name, h, ProfileUrl(h)) : new ProgramSpeaker(x.Name, null, null)).ToList(),
                    posts.GetValueOrDefault(s.Id), summaries[s.Id].ToList(), mine, checkIn is not null && s.EndsAt <= now && !mine,
                    $"/events/{ev.Id}/room");
            }).ToList())).ToList();
        return new ProgramView(ev.Id, ev.Title, ev.Hashtag, zone.Id, days,
            new CheckInView(checkIn is null ? null : CheckIn.ModeName(checkIn.OnSite), checkIn?.At, ev.CancelledAt is null && opens <= now && now < closes, opens, closes,
                counts.Where(c => c.Key).Sum(c => c.Count), counts.Where(c => !c.Key).Sum(c => c.Count)),
            runs, EventAccess.IsOver(ev, sessions, now), $"/events/{ev.Id}/program", $"/events/{ev.Id}/report");
    }

    public static async Task<Results<Ok<ProgramView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }
}
