using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Lessons;

/// <summary>Starts a lesson as a draft (its author's alone); steps are added next, then it is published.</summary>
public static class CreateLesson
{
    public sealed record Request(
        [MaxLength(Lesson.MaxTitle)] string? Title,
        [MaxLength(Lesson.MaxSummary)] string? Summary,
        string? SpecialtyCode,
        int? EstimatedMinutes,
        string? Audience = "members",
        long? GroupId = null,
        bool OverridePrivacy = false);

    /// <summary>The rules a lesson's description keeps, on creation and on every edit.</summary>
    public static async Task<(Dictionary<string, string[]> Errors, Audience? Audience)> CheckAsync(Member author, Request r, RoundsDb db,
        SpecialtyTaxonomy specialties, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        if (string.IsNullOrWhiteSpace(r.Title)) errors.Add("title", "Give the lesson a title.");
        if (string.IsNullOrWhiteSpace(r.Summary)) errors.Add("summary", "Say in a sentence or two what the lesson teaches.");
        if (specialties.Find(r.SpecialtyCode?.Trim()) is null) errors.Add("specialtyCode", "Choose the specialty from the list.");
        if (r.EstimatedMinutes is not (>= 1 and <= Lesson.MaxMinutes)) errors.Add("estimatedMinutes", $"Estimate the minutes it takes, from 1 to {Lesson.MaxMinutes}.");
        Audience? audience = r.Audience?.Trim().ToLowerInvariant() switch
        {
            "public" => Infrastructure.Audiences.Audience.Public,
            null or "" or "members" => Infrastructure.Audiences.Audience.Members,
            "clinicians" => Infrastructure.Audiences.Audience.Clinicians,
            "group" => Infrastructure.Audiences.Audience.Group,
            _ => null,
        };
        if (audience is null) errors.Add("audience", "A lesson is for everyone (public), members, verified clinicians or a group.");
        if (audience == Infrastructure.Audiences.Audience.Group && r.GroupId is null) errors.Add("groupId", "Choose the group the lesson is for.");
        if (audience == Infrastructure.Audiences.Audience.Group && r.GroupId is { } gid
            && !await db.GroupMemberships.AnyAsync(m => m.GroupId == gid && m.MemberId == author.Id, ct))
            errors.Add("groupId", "You can share lessons only in groups you belong to.");
        return (errors, audience);
    }

    public static GuardReport Scan(Request r) => PrivacyGuard.Scan([("title", r.Title), ("summary", r.Summary)]);

    public static async Task<Outcome<Lesson>> RunAsync(Member author, Request r, RoundsDb db, SpecialtyTaxonomy specialties, TimeProvider clock,
        CancellationToken ct)
    {
        var (errors, audience) = await CheckAsync(author, r, db, specialties, ct);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var guard = Scan(r);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } identifying) return identifying;

        var now = clock.GetUtcNow().UtcDateTime;
        var lesson = new Lesson
        {
            AuthorId = author.Id, Author = author, Title = r.Title!.Trim(), Summary = r.Summary!.Trim(), SpecialtyCode = r.SpecialtyCode!.Trim(),
            EstimatedMinutes = r.EstimatedMinutes!.Value, Audience = audience!.Value,
            GroupId = audience == Infrastructure.Audiences.Audience.Group ? r.GroupId : null, Status = LessonStatus.Draft, CreatedAt = now, UpdatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync(ct);
        PrivacyGuard.Record(db, author.Id, "lesson", lesson.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return lesson;
    }

    public static async Task<Results<Created<LessonView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync((await me.MemberAsync(ct))!, request, db, specialties, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetLesson.ViewOfAsync(db, specialties, await me.ViewerAsync(ct), outcome.Value!, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/lessons/{view.Id}", view);
    }
}

/// <summary>Changes a lesson's description (title, summary, specialty, minutes, audience): its author only, draft or published.</summary>
public static class UpdateLesson
{
    public static async Task<Outcome<Lesson>> RunAsync(Member author, Viewer viewer, long id, CreateLesson.Request r, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, id, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        var (errors, audience) = await CreateLesson.CheckAsync(author, r, db, specialties, ct);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var guard = CreateLesson.Scan(r);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } identifying) return identifying;

        var now = clock.GetUtcNow().UtcDateTime;
        lesson.Title = r.Title!.Trim();
        lesson.Summary = r.Summary!.Trim();
        lesson.SpecialtyCode = r.SpecialtyCode!.Trim();
        lesson.EstimatedMinutes = r.EstimatedMinutes!.Value;
        lesson.Audience = audience!.Value;
        lesson.GroupId = audience == Audience.Group ? r.GroupId : null;
        lesson.UpdatedAt = now;
        PrivacyGuard.Record(db, author.Id, "lesson", lesson.Id, guard, now);
        await db.SaveChangesAsync(ct);
        return lesson;
    }

    public static async Task<Results<Ok<LessonView>, ProblemHttpResult>> HandleAsync(long id, CreateLesson.Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, request, db, audiences, specialties, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok(await GetLesson.ViewOfAsync(db, specialties, viewer, outcome.Value!, clock.GetUtcNow().UtcDateTime, ct));
    }
}
