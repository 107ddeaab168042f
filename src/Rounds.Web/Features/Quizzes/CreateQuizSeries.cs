using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>An educator starts a series: what it is, for whom, and its weekly release slot in a named time zone.</summary>
public static partial class CreateQuizSeries
{
    public sealed record Request(
        [MaxLength(QuizSeries.MaxTitle)] string? Title,
        [MaxLength(QuizSeries.MaxDescription)] string? Description,
        string? SpecialtyCode,
        string? Hashtag = null,
        string? Audience = "members",
        long? GroupId = null,
        string? ReleaseDay = "Monday",
        string? ReleaseTime = "09:00",
        string? TimeZone = "UTC",
        int? OpenDays = 7,
        bool OverridePrivacy = false);

    public const int MaxOpenDays = 60;

    public static async Task<Outcome<QuizSeries>> RunAsync(Member owner, Viewer viewer, Request r, RoundsDb db, SpecialtyTaxonomy specialties,
        TimeProvider clock, CancellationToken ct)
    {
        if (!QuizAccess.IsEducator(viewer)) return Outcome.Forbidden("Only verified clinicians, moderators and admins can run a quiz series.");
        var errors = Validation.Check(r);
        var title = r.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", "Give the series a title.");
        if (string.IsNullOrWhiteSpace(r.Description)) errors.Add("description", "Say what the series is about.");
        if (specialties.Find(r.SpecialtyCode?.Trim()) is null) errors.Add("specialtyCode", "Choose the specialty from the list.");
        var hashtag = r.Hashtag?.Trim().TrimStart('#');
        if (!string.IsNullOrEmpty(hashtag) && !HashtagPattern().IsMatch(hashtag)) errors.Add("hashtag", "A hashtag is letters, digits and underscores (up to 50), e.g. RheumIOW.");
        var audience = ParseAudience(r.Audience);
        if (audience is null) errors.Add("audience", "Choose public, members, clinicians or group.");
        if (audience == Infrastructure.Audiences.Audience.Group && r.GroupId is null) errors.Add("groupId", "Choose the group the series is for.");
        if (audience == Infrastructure.Audiences.Audience.Group && r.GroupId is { } gid
            && !await db.GroupMemberships.AnyAsync(m => m.GroupId == gid && m.MemberId == owner.Id, ct))
            errors.Add("groupId", "You can run a series only in a group you belong to.");
        if (audience is not null && audience != Infrastructure.Audiences.Audience.Group && r.GroupId is not null) errors.Add("groupId", "Only a group series names a group.");
        if (!Enum.TryParse<DayOfWeek>(r.ReleaseDay?.Trim(), true, out var day) || !Enum.IsDefined(day) || int.TryParse(r.ReleaseDay, out _))
            errors.Add("releaseDay", "Choose the weekday of the release (Monday … Sunday).");
        if (!TimeOnly.TryParseExact(r.ReleaseTime?.Trim(), ["HH:mm", "H:mm"], out var time)) errors.Add("releaseTime", "Give the local release time as HH:mm, e.g. 09:00.");
        var zone = QuizSchedule.FindZone(r.TimeZone);
        if (zone is null) errors.Add("timeZone", "Give an IANA time zone such as Europe/London or America/New_York.");
        if (r.OpenDays is not (>= 1 and <= MaxOpenDays)) errors.Add("openDays", $"An item stays open for 1 to {MaxOpenDays} days.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var guard = PrivacyGuard.Scan([("title", r.Title), ("description", r.Description)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        var now = clock.GetUtcNow().UtcDateTime;
        var series = new QuizSeries
        {
            OwnerId = owner.Id, Title = title, Description = r.Description!.Trim(), SpecialtyCode = r.SpecialtyCode!.Trim(),
            Hashtag = string.IsNullOrEmpty(hashtag) ? null : hashtag.ToLowerInvariant(), Audience = audience!.Value,
            GroupId = audience == Infrastructure.Audiences.Audience.Group ? r.GroupId : null, ReleaseDay = day, ReleaseMinute = time.Hour * 60 + time.Minute,
            TimeZone = zone!.Id, OpenDays = r.OpenDays!.Value, CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.QuizSeries.Add(series);
        await db.SaveChangesAsync(ct);
        db.QuizEditors.Add(new QuizEditor { SeriesId = series.Id, MemberId = owner.Id, AddedAt = now });
        db.QuizFollows.Add(new QuizFollow { SeriesId = series.Id, MemberId = owner.Id, CreatedAt = now });
        PrivacyGuard.Record(db, owner.Id, "quiz-series", series.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return series;
    }

    public static Audience? ParseAudience(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "public" => Infrastructure.Audiences.Audience.Public,
        null or "" or "members" => Infrastructure.Audiences.Audience.Members,
        "clinicians" => Infrastructure.Audiences.Audience.Clinicians,
        "group" => Infrastructure.Audiences.Audience.Group,
        _ => null,
    };

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,50}$")]
    private static partial Regex HashtagPattern();

    public static async Task<Results<Created<SeriesView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, request, db, specialties, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetQuiz.SeriesAsync(db, audiences, specialties, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/quizzes/series/{view!.Id}", view);
    }
}
