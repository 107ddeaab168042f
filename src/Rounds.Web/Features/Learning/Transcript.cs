using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Learning;

public sealed record LearningEntryView(long Id, string Activity, string ActivityLabel, string SourceKind, long SourceId, string Title, string? Url,
    string? SpecialtyCode, DateTime OccurredAt, int Minutes, decimal Credit, string? RuleName, long? CreditRuleId, bool AwaitingReflection,
    string? Reflection, DateTime? ReflectedAt)
{
    public static LearningEntryView From(LearningEntry e) => new(e.Id, e.Activity.ToString(), CreditRules.Label(e.Activity), e.SourceKind, e.SourceId,
        e.Title, e.Url, e.SpecialtyCode, e.OccurredAt, e.Minutes, e.Credit, e.RuleName, e.CreditRuleId, e.AwaitingReflection, e.Reflection, e.ReflectedAt);
}

public sealed record TranscriptTotals(int Entries, int Minutes, decimal Credit, int AwaitingReflection);

public sealed record TranscriptPage(IReadOnlyList<LearningEntryView> Items, string? NextCursor, TranscriptTotals Totals);

/// <summary>Which of a member's entries a transcript (page, API, export) shows: a date range (whole UTC days), an activity type, a specialty.</summary>
public sealed record TranscriptFilter(DateOnly? From = null, DateOnly? To = null, LearningActivity? Activity = null, string? Specialty = null)
{
    /// <summary>Reads the filter from query values; unreadable values are errors (field → message), never silently ignored.</summary>
    public static (TranscriptFilter Filter, Dictionary<string, string[]> Errors) Parse(string? from, string? to, string? activity, string? specialty,
        SpecialtyTaxonomy specialties)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? f = null, t = null;
        LearningActivity? a = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) f = d;
            else errors.Add("from", "Give the first day as yyyy-mm-dd.");
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (DateOnly.TryParseExact(to.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) t = d;
            else errors.Add("to", "Give the last day as yyyy-mm-dd.");
        }
        if (f is { } ff && t is { } tt && tt < ff) errors.Add("to", "The last day is before the first.");
        if (!string.IsNullOrWhiteSpace(activity))
        {
            if (Enum.TryParse<LearningActivity>(activity.Trim(), true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(activity, out _)) a = parsed;
            else errors.Add("activity", $"Choose an activity type: {string.Join(", ", Enum.GetNames<LearningActivity>())}.");
        }
        var s = string.IsNullOrWhiteSpace(specialty) ? null : specialty.Trim();
        if (s is not null && specialties.Find(s) is null) errors.Add("specialty", "Choose the specialty from the list.");
        return (new TranscriptFilter(f, t, a, s), errors);
    }

    public IQueryable<LearningEntry> Apply(IQueryable<LearningEntry> q)
    {
        if (From is { } f) { var start = f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(e => e.OccurredAt >= start); }
        if (To is { } t) { var end = t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(e => e.OccurredAt < end); }
        if (Activity is { } a) q = q.Where(e => e.Activity == a);
        if (Specialty is { } s) q = q.Where(e => e.SpecialtyCode == s);
        return q;
    }

    /// <summary>The filter as a query string (for export links), empty when nothing is filtered.</summary>
    public string Query()
    {
        var parts = new List<string>();
        if (From is { } f) parts.Add($"from={f:yyyy-MM-dd}");
        if (To is { } t) parts.Add($"to={t:yyyy-MM-dd}");
        if (Activity is { } a) parts.Add($"activity={a}");
        if (Specialty is { } s) parts.Add($"specialty={Uri.EscapeDataString(s)}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public string Describe() =>
        (From, To) switch
        {
            (null, null) => "all dates",
            ({ } f, null) => $"from {f:yyyy-MM-dd}",
            (null, { } t) => $"up to {t:yyyy-MM-dd}",
            ({ } f, { } t) => $"{f:yyyy-MM-dd} to {t:yyyy-MM-dd}",
        } + (Activity is { } a ? $", {CreditRules.Label(a)}" : "") + (Specialty is { } s ? $", {s}" : "");
}

/// <summary>
/// A member's own transcript. It has no other audience: whoever asks sees only their own entries, and an entry id of
/// someone else's is not found, for moderators and admins too.
/// </summary>
public static class Transcript
{
    public const int DefaultLimit = 50, MaxLimit = 200;

    /// <summary>The audience of a member's learning record: its owner alone (a direct audience with no recipients).</summary>
    public static AudienceTarget TargetOf(long ownerId) => new(Audience.Direct, ownerId, null, []);

    public static IQueryable<LearningEntry> Of(RoundsDb db, long memberId, TranscriptFilter filter) =>
        filter.Apply(db.LearningEntries.AsNoTracking().Where(e => e.MemberId == memberId));

    public static async Task<TranscriptTotals> TotalsAsync(RoundsDb db, long memberId, TranscriptFilter filter, CancellationToken ct)
    {
        // Summed in memory: SQLite cannot SUM a decimal column, and a transcript is a few thousand rows at most.
        var rows = await Of(db, memberId, filter).Select(e => new { e.Minutes, e.Credit, e.AwaitingReflection }).ToListAsync(ct);
        return new(rows.Count, rows.Sum(r => r.Minutes), rows.Sum(r => r.Credit), rows.Count(r => r.AwaitingReflection));
    }

    /// <summary>All entries of the filter, newest first (for exports).</summary>
    public static Task<List<LearningEntry>> AllAsync(RoundsDb db, long memberId, TranscriptFilter filter, CancellationToken ct) =>
        Of(db, memberId, filter).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).ToListAsync(ct);

    public static async Task<Outcome<TranscriptPage>> PageAsync(RoundsDb db, long memberId, TranscriptFilter filter, string? cursor, int? limit,
        CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) return Outcome.Invalid("limit", $"Between 1 and {MaxLimit}.");
        var q = Of(db, memberId, filter);
        if (!string.IsNullOrEmpty(cursor))
        {
            var parts = cursor.Split('_');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || !long.TryParse(parts[1], out var id) || ticks < 0 || ticks > DateTime.MaxValue.Ticks)
                return Outcome.Invalid("cursor", "This cursor is not one the transcript gave out.");
            var at = new DateTime(ticks, DateTimeKind.Utc);
            q = q.Where(e => e.OccurredAt < at || (e.OccurredAt == at && e.Id < id));
        }
        var rows = await q.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? $"{rows[take - 1].OccurredAt.Ticks}_{rows[take - 1].Id}" : null;
        return new TranscriptPage(rows.Take(take).Select(LearningEntryView.From).ToList(), next, await TotalsAsync(db, memberId, filter, ct));
    }

    /// <summary>One entry, only for its owner (everyone else: null, i.e. not found).</summary>
    public static async Task<LearningEntry?> OwnEntryAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        if (viewer.Id is null) return null;
        var entry = await db.LearningEntries.SingleOrDefaultAsync(e => e.Id == id, ct);
        return entry is not null && await audiences.CanSeeAsync(viewer, TargetOf(entry.MemberId), ct) ? entry : null;
    }

    public static async Task<Results<Ok<TranscriptPage>, NotFound, ProblemHttpResult>> ListHandleAsync(CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? activity, [FromQuery] string? specialty,
        [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken ct)
    {
        if (me.Id is not { } id) return TypedResults.NotFound();
        var (filter, errors) = TranscriptFilter.Parse(from, to, activity, specialty, specialties);
        if (errors.Count > 0) return ((Outcome<TranscriptPage>)Outcome.Invalid(errors)).Problem();
        var page = await PageAsync(db, id, filter, cursor, limit, ct);
        return page.IsOk ? TypedResults.Ok(page.Value!) : page.Problem();
    }

    public static async Task<Results<Ok<LearningEntryView>, NotFound>> GetHandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        CancellationToken ct)
    {
        var entry = await OwnEntryAsync(db, audiences, await me.ViewerAsync(ct), id, ct);
        return entry is null ? TypedResults.NotFound() : TypedResults.Ok(LearningEntryView.From(entry));
    }
}
