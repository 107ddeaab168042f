using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Features.Events;

/// <summary>What the new-conference and new-forum pages post: the common fields, and times entered as local wall-clock time in the event's zone.</summary>
public sealed class EventForm
{
    public string? Title { get; set; }
    public string? Hashtag { get; set; }
    public string? Description { get; set; }
    public string Audience { get; set; } = "members";
    public long? GroupId { get; set; }
    public string TimeZone { get; set; } = "UTC";

    public static EventForm From(IFormCollection f) => new()
    {
        Title = f["title"], Hashtag = f["hashtag"], Description = f["description"],
        Audience = f["audience"].ToString() is { Length: > 0 } a ? a : "members",
        GroupId = long.TryParse(f["groupId"], out var g) ? g : null,
        TimeZone = f["timeZone"].ToString() is { Length: > 0 } z ? z.Trim() : "UTC",
    };

    /// <summary>A datetime-local value ("2026-05-14T09:30") read as wall-clock time in the form's zone; null when empty or malformed.</summary>
    public DateTimeOffset? ToUtc(string? local)
    {
        if (string.IsNullOrWhiteSpace(local)) return null;
        if (!DateTime.TryParseExact(local.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return null;
        var zone = Quizzes.QuizSchedule.FindZone(TimeZone) ?? TimeZoneInfo.Utc;
        try { return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), zone), TimeSpan.Zero); }
        catch (ArgumentException) { return null; } // a wall-clock time skipped by a daylight-saving change
    }

    /// <summary>The form field value for a UTC time shown in the form's zone.</summary>
    public string Local(DateTime utc) =>
        ConferenceProgram.Local(utc, Quizzes.QuizSchedule.FindZone(TimeZone) ?? TimeZoneInfo.Utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public string? GroupIdFor => Audience == "group" ? GroupId?.ToString(CultureInfo.InvariantCulture) : null;

    public static Task<List<Groups.Group>> GroupsOfAsync(RoundsDb db, long me) =>
        db.Groups.Where(g => db.GroupMemberships.Any(m => m.GroupId == g.Id && m.MemberId == me)).OrderBy(g => g.Name).ToListAsync();

    /// <summary>Every error in one list, for the summary above a long form.</summary>
    public static IEnumerable<string> All(Dictionary<string, string[]>? errors) => errors?.SelectMany(e => e.Value) ?? [];
}
