using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Events;

/// <summary>
/// A recurring chat's rule (RFC 5545 RRULE) evaluated by Ical.Net in the chat's IANA zone: the first start is local wall-clock time,
/// so 9 pm America/New_York stays 9 pm local across the March and November changes (an occurrence in a skipped hour moves past the
/// gap, an ambiguous one takes the first). Occurrences are materialized as <see cref="EventSession"/> rows for a rolling horizon.
/// </summary>
public static class ChatSeries
{
    /// <summary>Occurrences are written ahead for this long …</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(84);
    /// <summary>… and at most this many not yet over.</summary>
    public const int MaxAhead = 50;
    public const int MaxCount = 500;
    public static readonly TimeSpan MaxUntil = TimeSpan.FromDays(366 * 5);
    public const int MinDuration = 15;
    public const int MaxDuration = 12 * 60;

    /// <summary>Parses a rule, or says what is wrong with it (in words for the form).</summary>
    public static RecurrencePattern? Parse(string? rule, out string? error)
    {
        error = null;
        var text = rule?.Trim() ?? "";
        if (text.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase)) text = text[6..].Trim();
        if (text.Length == 0) { error = "Give the recurrence rule, e.g. FREQ=WEEKLY;BYDAY=TH."; return null; }
        if (text.Length > 300) { error = "The recurrence rule is too long."; return null; }
        RecurrencePattern pattern;
        try { pattern = new RecurrencePattern(text); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            error = "This is not an RFC 5545 recurrence rule (e.g. FREQ=WEEKLY;BYDAY=TH).";
            return null;
        }
        if (pattern.Frequency is not (Ical.Net.FrequencyType.Daily or Ical.Net.FrequencyType.Weekly or Ical.Net.FrequencyType.Monthly or Ical.Net.FrequencyType.Yearly))
            error = "A chat recurs daily, weekly, monthly or yearly.";
        else if (pattern.ByHour.Count > 0 || pattern.ByMinute.Count > 0 || pattern.BySecond.Count > 0)
            error = "The time of day comes from the first start: leave out BYHOUR, BYMINUTE and BYSECOND.";
        else if (pattern.Interval is < 1 or > 52) error = "INTERVAL is between 1 and 52.";
        else if (pattern.Count is { } c && (c < 1 || c > MaxCount)) error = $"COUNT is between 1 and {MaxCount}.";
        else if (pattern.Count is not null && pattern.Until is not null) error = "Give COUNT or UNTIL, not both.";
        else if (pattern.Until is { } u && (!u.IsUtc || !u.HasTime)) error = "UNTIL is a UTC time such as 20270601T000000Z.";
        return error is null ? pattern : null;
    }

    /// <summary>The rule's canonical text (as stored and written to calendars).</summary>
    public static string Canonical(RecurrencePattern pattern) => pattern.ToString() ?? "";

    /// <summary>
    /// Occurrences (UTC start, UTC end) of the series from its first start, in order, while they start before <paramref name="beforeUtc"/>,
    /// at most <paramref name="max"/>. A rule that can never match throws <see cref="EvaluationLimitExceededException"/>.
    /// </summary>
    public static IEnumerable<(DateTime Start, DateTime End)> Occurrences(string rule, string zone, DateTime firstLocal, int durationMinutes, DateTime beforeUtc, int max = 10_000)
    {
        var ev = new CalendarEvent
        {
            DtStart = new CalDateTime(DateTime.SpecifyKind(firstLocal, DateTimeKind.Unspecified), zone, true),
            Duration = Duration.FromMinutes(durationMinutes),
        };
        ev.RecurrenceRule = new RecurrencePattern(rule);
        var count = 0;
        foreach (var o in ev.GetOccurrences(null, new EvaluationOptions { MaxUnmatchedIncrementsLimit = 2000 }))
        {
            var start = o.Period.StartTime.AsUtc;
            if (start >= beforeUtc || count++ >= max) yield break;
            yield return (start, start.AddMinutes(durationMinutes));
        }
    }

    /// <summary>Local wall-clock time of a UTC instant in the zone.</summary>
    public static DateTime Local(DateTime utc, string zone)
    {
        var tz = Quizzes.QuizSchedule.FindZone(zone) ?? TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), tz);
    }

    public static string LocalLabel(DateTime utc, string zone) =>
        Local(utc, zone).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the occurrences missing from the horizon (by their original start, so moved and skipped ones stay as they are).
    /// Adds to the unit of work; the caller saves. Returns how many were added.
    /// </summary>
    public static async Task<int> MaterializeAsync(RoundsDb db, Event ev, DateTime now, long? defaultHostId, CancellationToken ct)
    {
        if (ev.Kind != EventKind.Chat || ev.Recurrence is null || ev.SeriesStartLocal is null || ev.DurationMinutes is null || ev.CancelledAt is not null) return 0;
        var known = ev.Id == 0 ? [] : await db.EventSessions.Where(s => s.EventId == ev.Id && s.OccurrenceStart != null).Select(s => s.OccurrenceStart!.Value).ToListAsync(ct);
        var ahead = ev.Id == 0 ? 0 : await db.EventSessions.CountAsync(s => s.EventId == ev.Id && s.OccurrenceStart != null && s.EndsAt > now, ct);
        var seen = known.ToHashSet();
        var added = 0;
        List<(DateTime Start, DateTime End)> list;
        try { list = Occurrences(ev.Recurrence, ev.TimeZone, ev.SeriesStartLocal.Value, ev.DurationMinutes.Value, now + Horizon).ToList(); }
        catch (EvaluationLimitExceededException) { return 0; }
        foreach (var (start, end) in list)
        {
            if (end <= now || seen.Contains(start)) continue;
            if (ahead + added >= MaxAhead) break;
            db.EventSessions.Add(new EventSession
            {
                Event = ev, EventId = ev.Id, Title = "", StartsAt = start, EndsAt = end, OccurrenceStart = start, HostId = defaultHostId, CreatedAt = now,
            });
            added++;
        }
        return added;
    }
}

/// <summary>Daily: extends every running chat series to the rolling horizon.</summary>
public sealed record ExtendChatSeriesJob : IJob
{
    public sealed class Handler(RoundsDb db, TimeProvider clock, ILogger<ExtendChatSeriesJob> logger) : IJobHandler<ExtendChatSeriesJob>
    {
        public async Task RunAsync(ExtendChatSeriesJob job, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var ids = await db.Events.Where(e => e.Kind == EventKind.Chat && e.Recurrence != null && e.CancelledAt == null).Select(e => e.Id).ToListAsync(ct);
            foreach (var id in ids)
            {
                var ev = await db.Events.SingleAsync(e => e.Id == id, ct);
                // The next occurrence's host follows the last one that named one only when the series has a standing host.
                var host = await db.EventSessions.Where(s => s.EventId == id && s.OccurrenceStart != null).OrderBy(s => s.OccurrenceStart).Select(s => s.HostId).FirstOrDefaultAsync(ct);
                var added = await ChatSeries.MaterializeAsync(db, ev, now, host, ct);
                try { if (added > 0) await db.SaveChangesAsync(ct); }
                catch (DbUpdateException e)
                {
                    logger.LogInformation(e, "Chat series {Id} was extended by another run", id);
                    db.ChangeTracker.Clear();
                }
            }
        }
    }
}
