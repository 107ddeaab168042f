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

/// <summary>What authoring operations share: the author's own lesson (someone else's is 403 if they can see it, else 404), and the step rules.</summary>
public static class LessonAuthoring
{
    public const string Locked = "This lesson is published: its steps can no longer be added, removed or reordered, and a question keeps its options and answer. Edit the texts instead.";

    public static Failure Fail<T>(Outcome<T> o) => new(o.Kind, o.Errors, o.Message, o.Guard);

    public static async Task<Outcome<Lesson>> LoadOwnAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var lesson = await GetLesson.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (lesson is null) return Outcome.NotFound();
        if (lesson.AuthorId != viewer.Id) return Outcome.Forbidden("Only the lesson's author can change it.");
        return lesson;
    }

    public static void Renumber(Lesson lesson)
    {
        for (var i = 0; i < lesson.Steps.Count; i++) lesson.Steps[i].Position = i + 1;
    }
}

/// <summary>A step as the author writes it: a slide (Markdown, optional image with alt text) or a question (stem, 2–6 options, the correct one, why).</summary>
public sealed record LessonStepRequest(
    string? Kind,
    [MaxLength(LessonStep.MaxText)] string? Text,
    long? ImageId = null,
    [MaxLength(Posts.UploadMedia.MaxAltText)] string? AltText = null,
    bool ConsentAttested = false,
    List<string?>? Options = null,
    int? CorrectOption = null,
    [MaxLength(LessonStep.MaxExplanation)] string? Explanation = null,
    int? Position = null,
    bool OverridePrivacy = false);

/// <summary>Adds, edits, removes and reorders a lesson's steps. Structure changes only while a draft (see <see cref="Lesson"/>).</summary>
public static class LessonStepEditing
{
    private sealed record Checked(LessonStepKind Kind, string Text, List<string> Options, int? Correct, string? Explanation, Posts.PostMedia? Image,
        string? AltText, GuardReport Guard);

    private static async Task<Outcome<Checked>> CheckAsync(Member author, Lesson lesson, LessonStep? existing, LessonStepRequest r, RoundsDb db, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        LessonStepKind? kind = r.Kind?.Trim().ToLowerInvariant() switch { "slide" => LessonStepKind.Slide, "question" => LessonStepKind.Question, _ => null };
        if (kind is null) errors.Add("kind", "A step is a \"slide\" or a \"question\".");
        var text = r.Text?.Trim() ?? "";
        var options = (r.Options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
        var explanation = string.IsNullOrWhiteSpace(r.Explanation) ? null : r.Explanation.Trim();
        if (kind == LessonStepKind.Slide)
        {
            if (text.Length == 0) errors.Add("text", "Write the slide's text.");
            if (options.Count > 0 || r.CorrectOption is not null) errors.Add("options", "A slide has no options; make it a question instead.");
        }
        if (kind == LessonStepKind.Question)
        {
            if (text.Length == 0) errors.Add("text", "Write the question.");
            else if (text.Length > LessonStep.MaxStem) errors.Add("text", $"A question has at most {LessonStep.MaxStem} characters.");
            if (options.Count < LessonStep.MinOptions || options.Count > LessonStep.MaxOptions)
                errors.Add("options", $"A question has {LessonStep.MinOptions} to {LessonStep.MaxOptions} options.");
            if (options.Any(o => o.Length > LessonStep.MaxOption)) errors.Add("options", $"Each option has at most {LessonStep.MaxOption} characters.");
            if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count) errors.Add("options", "An option is listed twice.");
            if (r.CorrectOption is null) errors.Add("correctOption", "Say which option is correct.");
            else if (r.CorrectOption < 0 || r.CorrectOption >= options.Count) errors.Add("correctOption", "The correct option must be one of the options (counted from 0).");
            if (explanation is null) errors.Add("explanation", "Explain the answer: learners see it once they answer.");
            if (r.ImageId is not null) errors.Add("imageId", "Images go on slides; put the image on the slide before the question.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        Posts.PostMedia? image = null;
        string? alt = null;
        if (kind == LessonStepKind.Slide && r.ImageId is { } imageId)
        {
            image = await db.PostMedia.SingleOrDefaultAsync(m => m.Id == imageId && m.OwnerId == author.Id && m.PostId == null && m.CaseId == null && m.QuizItemId == null
                && (m.LessonId == null || m.LessonId == lesson.Id), ct);
            if (image is null || lesson.Steps.Any(s => s.ImageId == imageId && s != existing))
                return Outcome.Invalid("imageId", "The image does not exist, is not yours or is already used elsewhere.");
            alt = string.IsNullOrWhiteSpace(r.AltText) ? image.AltText : r.AltText.Trim();
            if (string.IsNullOrWhiteSpace(alt)) errors.Add("altText", "Describe the image for people who cannot see it (alt text is required).");
            // As for cases: a face, or an image the detector could not check, is a person until masked or consented.
            if (image.FaceCount is not 0 && !r.ConsentAttested)
                errors.Add("imageId", image.FaceCount is null
                    ? "The image could not be checked for faces. Mask any face, or attest that the person consented."
                    : "A face was found in the image. Mask it, or attest that the person consented to sharing a recognisable image.");
            if (errors.Count > 0) return Outcome.Invalid(errors);
        }

        var guard = PrivacyGuard.Scan(
        [
            ("text", text), ("explanation", explanation), ("altText", image is null ? null : alt),
            .. options.Select((o, i) => ($"options[{i}]", (string?)o)),
        ]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } identifying) return identifying;
        return new Checked(kind!.Value, text, options, kind == LessonStepKind.Question ? r.CorrectOption : null,
            kind == LessonStepKind.Question ? explanation : null, image, alt, guard);
    }

    private static void Apply(Lesson lesson, LessonStep step, Checked c, bool consent)
    {
        step.Kind = c.Kind;
        step.Text = c.Text;
        step.CorrectOption = c.Correct;
        step.Explanation = c.Explanation;
        if (step.Image is { } old && old != c.Image) old.LessonId = null; // a replaced image is the author's own again
        step.Image = c.Image;
        step.ImageId = c.Image?.Id;
        step.ConsentAttested = c.Image is not null && consent;
        if (c.Image is not null)
        {
            c.Image.LessonId = lesson.Id;
            c.Image.AltText = c.AltText;
        }
        // Option rows keep their ids while their count stays the same, so an edit changes only the wording.
        for (var i = 0; i < c.Options.Count; i++)
        {
            if (i < step.Options.Count) step.Options[i].Text = c.Options[i];
            else step.Options.Add(new LessonOption { Position = i, Text = c.Options[i] });
        }
        if (step.Options.Count > c.Options.Count) step.Options.RemoveRange(c.Options.Count, step.Options.Count - c.Options.Count);
    }

    public static async Task<Outcome<LessonStep>> AddAsync(Member author, Viewer viewer, long lessonId, LessonStepRequest r, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, lessonId, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        if (lesson.IsPublished) return Outcome.Conflict(LessonAuthoring.Locked);
        if (lesson.Steps.Count >= Lesson.MaxSteps) return Outcome.Invalid("steps", $"A lesson has at most {Lesson.MaxSteps} steps.");
        if (r.Position is { } p && (p < 1 || p > lesson.Steps.Count + 1))
            return Outcome.Invalid("position", $"The position is from 1 to {lesson.Steps.Count + 1}.");
        var checkedStep = await CheckAsync(author, lesson, null, r, db, ct);
        if (!checkedStep.IsOk) return LessonAuthoring.Fail(checkedStep);

        var now = clock.GetUtcNow().UtcDateTime;
        var step = new LessonStep { LessonId = lesson.Id };
        Apply(lesson, step, checkedStep.Value!, r.ConsentAttested);
        lesson.Steps.Insert((r.Position ?? lesson.Steps.Count + 1) - 1, step);
        LessonAuthoring.Renumber(lesson);
        lesson.UpdatedAt = now;
        PrivacyGuard.Record(db, author.Id, "lesson", lesson.Id, checkedStep.Value!.Guard, now);
        await db.SaveChangesAsync(ct);
        return step;
    }

    public static async Task<Outcome<LessonStep>> UpdateAsync(Member author, Viewer viewer, long lessonId, int n, LessonStepRequest r, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, lessonId, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        var step = lesson.Steps.SingleOrDefault(s => s.Position == n);
        if (step is null) return Outcome.NotFound();
        var checkedStep = await CheckAsync(author, lesson, step, r, db, ct);
        if (!checkedStep.IsOk) return LessonAuthoring.Fail(checkedStep);
        var c = checkedStep.Value!;
        if (lesson.IsPublished && (c.Kind != step.Kind || c.Options.Count != step.Options.Count || c.Correct != step.CorrectOption))
            return Outcome.Conflict(LessonAuthoring.Locked);
        if (r.Position is { } p && p != n) return Outcome.Invalid("position", "Move steps with the reorder operation.");

        var now = clock.GetUtcNow().UtcDateTime;
        Apply(lesson, step, c, r.ConsentAttested);
        lesson.UpdatedAt = now;
        PrivacyGuard.Record(db, author.Id, "lesson", lesson.Id, c.Guard, now);
        await db.SaveChangesAsync(ct);
        return step;
    }

    public static async Task<Outcome<bool>> DeleteAsync(Viewer viewer, long lessonId, int n, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, lessonId, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        var step = lesson.Steps.SingleOrDefault(s => s.Position == n);
        if (step is null) return Outcome.NotFound();
        if (lesson.IsPublished) return Outcome.Conflict(LessonAuthoring.Locked);
        if (step.Image is { } image) image.LessonId = null;
        lesson.Steps.Remove(step);
        db.LessonSteps.Remove(step);
        LessonAuthoring.Renumber(lesson);
        lesson.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public sealed record ReorderRequest(List<long>? StepIds);

    public static async Task<Outcome<Lesson>> ReorderAsync(Viewer viewer, long lessonId, ReorderRequest r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, lessonId, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        if (lesson.IsPublished) return Outcome.Conflict(LessonAuthoring.Locked);
        var ids = r.StepIds ?? [];
        if (ids.Count != lesson.Steps.Count || ids.Distinct().Count() != ids.Count || ids.Any(id => lesson.Steps.All(s => s.Id != id)))
            return Outcome.Invalid("stepIds", "List every step of the lesson exactly once, in the new order.");
        lesson.Steps = ids.Select(id => lesson.Steps.Single(s => s.Id == id)).ToList();
        LessonAuthoring.Renumber(lesson);
        lesson.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return lesson;
    }

    /// <summary>Moves one step up or down (the pages' buttons), through the same rules as a full reorder.</summary>
    public static Task<Outcome<Lesson>> MoveAsync(Viewer viewer, Lesson lesson, int n, int by, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var ids = lesson.Steps.Select(s => s.Id).ToList();
        var i = n - 1;
        var j = i + by;
        if (i >= 0 && i < ids.Count && j >= 0 && j < ids.Count) (ids[i], ids[j]) = (ids[j], ids[i]);
        return ReorderAsync(viewer, lesson.Id, new ReorderRequest(ids), db, audiences, clock, ct);
    }

    public static async Task<Results<Created<LessonStepView>, ProblemHttpResult>> AddHandleAsync(long id, LessonStepRequest request, CurrentUser me,
        RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await AddAsync((await me.MemberAsync(ct))!, viewer, id, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = (await GetLesson.StepForAsync(db, audiences, viewer, id, outcome.Value!.Position, ct)).Value!;
        return TypedResults.Created($"/api/v1/lessons/{id}/steps/{view.Position}", view);
    }

    public static async Task<Results<Ok<LessonStepView>, ProblemHttpResult>> UpdateHandleAsync(long id, int n, LessonStepRequest request, CurrentUser me,
        RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await UpdateAsync((await me.MemberAsync(ct))!, viewer, id, n, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetLesson.StepForAsync(db, audiences, viewer, id, n, ct)).Value!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteHandleAsync(long id, int n, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await DeleteAsync(await me.ViewerAsync(ct), id, n, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }

    public static async Task<Results<Ok<LessonView>, ProblemHttpResult>> ReorderHandleAsync(long id, ReorderRequest request, CurrentUser me, RoundsDb db,
        Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await ReorderAsync(viewer, id, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok(await GetLesson.ViewOfAsync(db, specialties, viewer, outcome.Value!, clock.GetUtcNow().UtcDateTime, ct));
    }
}

/// <summary>Publishes a draft with at least one step; from then its audience sees it and its structure is fixed.</summary>
public static class PublishLesson
{
    public static async Task<Outcome<Lesson>> RunAsync(Viewer viewer, long id, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var loaded = await LessonAuthoring.LoadOwnAsync(db, audiences, viewer, id, ct);
        if (!loaded.IsOk) return LessonAuthoring.Fail(loaded);
        var lesson = loaded.Value!;
        if (lesson.IsPublished) return Outcome.Conflict("This lesson is already published.");
        if (lesson.Steps.Count == 0) return Outcome.Invalid("steps", "Add at least one step before publishing.");
        var now = clock.GetUtcNow().UtcDateTime;
        lesson.Status = LessonStatus.Published;
        lesson.PublishedAt = now;
        lesson.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return lesson;
    }

    public static async Task<Results<Ok<LessonView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok(await GetLesson.ViewOfAsync(db, specialties, viewer, outcome.Value!, clock.GetUtcNow().UtcDateTime, ct));
    }
}
