namespace Rounds.Web.Features.Quizzes;

/// <summary>
/// Weekly release slots in the series' own time zone. The slot is a local wall-clock time, converted to UTC per date with
/// the zone's rules, so "Monday 09:00 Europe/London" is 08:00 UTC in summer and 09:00 UTC in winter.
/// </summary>
public static class QuizSchedule
{
    /// <summary>The IANA zone, or null when the id is not one this machine knows.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100) return null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone)) return null;
        // Accept IANA ids only (Windows ids are converted by .NET but are not what the API documents).
        return zone.HasIanaId ? zone : null;
    }

    /// <summary>The first slot strictly after <paramref name="afterUtc"/>.</summary>
    public static DateTime NextSlot(QuizSeries s, DateTime afterUtc)
    {
        var zone = FindZone(s.TimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), zone);
        var date = DateOnly.FromDateTime(local);
        var days = ((int)s.ReleaseDay - (int)date.DayOfWeek + 7) % 7;
        date = date.AddDays(days);
        for (var i = 0; i < 3; i++, date = date.AddDays(7))
        {
            var slot = SlotUtc(s, zone, date);
            if (slot > afterUtc) return slot;
        }
        throw new InvalidOperationException("No slot found.");
    }

    /// <summary>
    /// The UTC instant of the slot on a local date. A time skipped by a spring-forward change moves to the first valid time
    /// after the gap; a time that happens twice (autumn) is the first occurrence.
    /// </summary>
    public static DateTime SlotUtc(QuizSeries s, TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(s.ReleaseMinute)), DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return DateTime.SpecifyKind(local - offsets.Max(), DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>
    /// Whole local days later, at the same wall-clock time: an item released Monday 09:00 and open 7 days closes the next Monday at
    /// 09:00 local, even when the clocks changed in between (then it is open an hour more or less).
    /// </summary>
    public static DateTime AddLocalDays(QuizSeries s, DateTime utc, int days)
    {
        var zone = FindZone(s.TimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).AddDays(days);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        if (zone.IsAmbiguousTime(local)) return DateTime.SpecifyKind(local - zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    }

    /// <summary>The series' slot as a person reads it: "Mondays at 09:00 (Europe/London)".</summary>
    public static string Describe(QuizSeries s) =>
        $"{s.ReleaseDay}s at {TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(s.ReleaseMinute)):HH\\:mm} ({s.TimeZone})";

    /// <summary>A UTC instant shown in the series' zone.</summary>
    public static DateTime ToLocal(QuizSeries s, DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), FindZone(s.TimeZone) ?? TimeZoneInfo.Utc);
}
