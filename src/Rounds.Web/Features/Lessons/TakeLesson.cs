using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Lessons;

/// <summary>
/// Answers a question of a published lesson: once per learner (a replay is a 409, the key settles races), never past a question
/// still unanswered. Starts the learner's progress if this is their first step.
/// </summary>
public static class AnswerLessonQuestion
{
    public sealed record Request(int? Option);

    public static async Task<Outcome<LessonAnswerView>> RunAsync(Viewer viewer, long id, int n, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only members answer.");
        var lesson = await GetLesson.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (lesson is null || !lesson.IsPublished) return Outcome.NotFound();
        var step = lesson.Steps.SingleOrDefault(s => s.Position == n);
        if (step is null) return Outcome.NotFound();
        if (step.Kind != LessonStepKind.Question) return Outcome.Invalid("option", "This step is a slide; there is nothing to answer.");
        if (r.Option is not { } option || option < 0 || option >= step.Options.Count)
            return Outcome.Invalid("option", $"Choose one of the {step.Options.Count} options (counted from 0).");
        var answered = await db.LessonAnswers.Where(a => a.LessonId == id && a.MemberId == me).Select(a => a.StepId).ToListAsync(ct);
        if (answered.Contains(step.Id)) return Outcome.Conflict("You have already answered this question.");
        var reachable = GetLesson.Reachable(lesson, answered);
        if (n > reachable) return Outcome.Conflict($"Answer the question at step {reachable} first.");

        var now = clock.GetUtcNow().UtcDateTime;
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.LessonId == id && p.MemberId == me, ct);
        if (progress is null) db.LessonProgress.Add(progress = new LessonProgress { LessonId = id, MemberId = me, StartedAt = now });
        progress.CurrentPosition = n;
        progress.UpdatedAt = now;
        var answer = new LessonAnswer { LessonId = id, StepId = step.Id, MemberId = me, Option = option, Correct = option == step.CorrectOption, AnsweredAt = now };
        db.LessonAnswers.Add(answer);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Two requests racing: the keys decide, and the loser says which one it lost to.
            db.ChangeTracker.Clear();
            return await db.LessonAnswers.AnyAsync(a => a.StepId == step.Id && a.MemberId == me, ct)
                ? Outcome.Conflict("You have already answered this question.")
                : Outcome.Conflict("Your progress changed in another window; look again.");
        }
        return GetLesson.AnswerOf(step, answer);
    }

    public static async Task<Results<Ok<LessonAnswerView>, ProblemHttpResult>> HandleAsync(long id, int n, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, n, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>
/// Moves a learner through a published lesson: "start" (or resume), "next", "previous", "to" a step already reached, or
/// "complete". Next from an unanswered question is a 409; next from the last step (or complete), with every question answered,
/// completes the lesson and records one learning entry in the same save (completing again changes nothing).
/// </summary>
public static class AdvanceLesson
{
    public sealed record Request(string? Direction, int? To = null);

    public static async Task<Outcome<LessonProgressView>> RunAsync(Viewer viewer, long id, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only members take lessons.");
        var direction = r.Direction?.Trim().ToLowerInvariant();
        if (direction is not ("start" or "next" or "previous" or "to" or "complete"))
            return Outcome.Invalid("direction", "Say \"start\", \"next\", \"previous\", \"to\" or \"complete\".");
        if (direction == "to" && r.To is null) return Outcome.Invalid("to", "Say which step to go to.");
        var lesson = await GetLesson.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (lesson is null || !lesson.IsPublished) return Outcome.NotFound();
        var answers = await db.LessonAnswers.Where(a => a.LessonId == id && a.MemberId == me).ToListAsync(ct);
        var answered = answers.Select(a => a.StepId).ToHashSet();
        var reachable = GetLesson.Reachable(lesson, answered);

        var now = clock.GetUtcNow().UtcDateTime;
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.LessonId == id && p.MemberId == me, ct);
        if (progress is null) db.LessonProgress.Add(progress = new LessonProgress { LessonId = id, MemberId = me, CurrentPosition = 1, StartedAt = now });
        var current = lesson.Steps.Single(s => s.Position == Math.Clamp(progress.CurrentPosition, 1, lesson.Steps.Count));
        var complete = false;
        switch (direction)
        {
            case "previous":
                progress.CurrentPosition = Math.Max(1, current.Position - 1);
                break;
            case "to":
                if (r.To < 1 || r.To > lesson.Steps.Count) return Outcome.Invalid("to", $"The lesson has steps 1 to {lesson.Steps.Count}.");
                if (r.To > reachable) return Outcome.Conflict($"Answer the question at step {reachable} before going further.");
                progress.CurrentPosition = r.To!.Value;
                break;
            case "complete":
                if (lesson.Steps.Any(s => s.Kind == LessonStepKind.Question && !answered.Contains(s.Id)))
                    return Outcome.Conflict($"Answer the question at step {reachable} to complete the lesson.");
                progress.CurrentPosition = lesson.Steps.Count;
                complete = progress.CompletedAt is null;
                break;
            case "next":
                if (current.Kind == LessonStepKind.Question && !answered.Contains(current.Id))
                    return Outcome.Conflict("Answer this question before moving on.");
                if (current.Position < lesson.Steps.Count) progress.CurrentPosition = current.Position + 1;
                else if (lesson.Steps.Any(s => s.Kind == LessonStepKind.Question && !answered.Contains(s.Id)))
                    return Outcome.Conflict($"Answer the question at step {reachable} to complete the lesson.");
                else complete = progress.CompletedAt is null;
                break;
        }
        progress.UpdatedAt = now;
        if (complete)
        {
            progress.CompletedAt = now;
            // An author going through their own lesson is checking it, not learning from it: no credit.
            if (lesson.AuthorId != me)
                await LearningRecord.RecordAsync(db, me, new LearningRecord.Activity(LearningActivity.LessonCompleted, "lesson", lesson.Id, lesson.Title,
                lesson.SpecialtyCode, $"/lessons/{lesson.Id}", lesson.EstimatedMinutes), now, ct);
        }
        // The completion and its learning entry are written together; the entry's unique key stops a racing second completion.
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return Outcome.Conflict("Your progress changed in another window; look again."); }
        return GetLesson.ProgressOf(lesson, progress, answers);
    }

    public static async Task<Results<Ok<LessonProgressView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
