using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Cases;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Lessons;

public sealed record LessonProgressView(int CurrentPosition, int StepCount, int Questions, int Answered, int Correct, int Reachable, DateTime StartedAt,
    DateTime? CompletedAt)
{
    public bool Completed => CompletedAt is not null;
}

public sealed record LessonStepOutline(long Id, int Position, string Kind, string Label, bool HasImage);

public sealed record LessonSummary(long Id, string Title, string Summary, Labelled Specialty, int EstimatedMinutes, string Audience, string Status,
    MemberSummary Author, int StepCount, int QuestionCount, LessonProgressView? MyProgress, DateTime? PublishedAt);

public sealed record LessonView(long Id, string Title, string Summary, Labelled Specialty, int EstimatedMinutes, string Audience, long? GroupId,
    string Status, MemberSummary Author, bool IsMine, IReadOnlyList<LessonStepOutline> Steps, LessonProgressView? MyProgress, DateTime CreatedAt,
    DateTime? PublishedAt);

public sealed record LessonAnswerView(int Option, bool Correct, int CorrectOption, string? Explanation, string ExplanationHtml);

/// <summary>
/// A step as the viewer sees it. A question's correct option and explanation appear only once the viewer answered it
/// (its author always sees them).
/// </summary>
public sealed record LessonStepView(long Id, long LessonId, int Position, int StepCount, string Kind, string Text, string Html, MediaView? Image,
    bool ConsentAttested, IReadOnlyList<string> Options, int? CorrectOption, string? Explanation, string? ExplanationHtml, LessonAnswerView? MyAnswer,
    bool IsLast, bool MayContinue);

public sealed record LessonListPage(IReadOnlyList<LessonSummary> Items, long? NextMaxId);

/// <summary>Reads lessons through the one audience check; a draft exists for its author only, anything hidden is a 404.</summary>
public static class GetLesson
{
    public static async Task<Lesson?> LoadVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct, bool steps = true)
    {
        var q = db.Lessons.Include(l => l.Author).AsQueryable();
        if (steps) q = q.Include(l => l.Steps).ThenInclude(s => s.Options).Include(l => l.Steps).ThenInclude(s => s.Image);
        var lesson = await q.AsSplitQuery().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (lesson is null) return null;
        lesson.Steps = lesson.Steps.OrderBy(s => s.Position).ToList();
        foreach (var s in lesson.Steps) s.Options = s.Options.OrderBy(o => o.Position).ToList();
        if (viewer.Id == lesson.AuthorId) return lesson;
        return lesson.IsPublished && await audiences.CanSeeAsync(viewer, lesson.Target, ct) ? lesson : null;
    }

    /// <summary>The furthest step a learner may open: the first question they have not answered, or the last step.</summary>
    public static int Reachable(Lesson lesson, IReadOnlyCollection<long> answered) =>
        lesson.Steps.FirstOrDefault(s => s.Kind == LessonStepKind.Question && !answered.Contains(s.Id))?.Position ?? Math.Max(1, lesson.Steps.Count);

    public static async Task<LessonProgressView?> ProgressAsync(RoundsDb db, Lesson lesson, long? memberId, CancellationToken ct)
    {
        if (memberId is not { } me) return null;
        var p = await db.LessonProgress.AsNoTracking().SingleOrDefaultAsync(x => x.LessonId == lesson.Id && x.MemberId == me, ct);
        if (p is null) return null;
        var answers = await db.LessonAnswers.AsNoTracking().Where(a => a.LessonId == lesson.Id && a.MemberId == me).ToListAsync(ct);
        return ProgressOf(lesson, p, answers);
    }

    public static LessonProgressView ProgressOf(Lesson lesson, LessonProgress p, IReadOnlyCollection<LessonAnswer> answers) =>
        new(p.CurrentPosition, lesson.Steps.Count, lesson.Steps.Count(s => s.Kind == LessonStepKind.Question), answers.Count, answers.Count(a => a.Correct),
            Reachable(lesson, answers.Select(a => a.StepId).ToHashSet()), p.StartedAt, p.CompletedAt);

    public static string AudienceName(Audience a) => a.ToString().ToLowerInvariant();

    public static async Task<LessonView?> ViewAsync(RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, Viewer viewer, long id, DateTime now,
        CancellationToken ct)
    {
        var lesson = await LoadVisibleAsync(db, audiences, viewer, id, ct);
        return lesson is null ? null : await ViewOfAsync(db, specialties, viewer, lesson, now, ct);
    }

    public static async Task<LessonView> ViewOfAsync(RoundsDb db, SpecialtyTaxonomy specialties, Viewer viewer, Lesson lesson, DateTime now, CancellationToken ct) =>
        new(lesson.Id, lesson.Title, lesson.Summary, GetCase.Specialty(specialties, lesson.SpecialtyCode), lesson.EstimatedMinutes, AudienceName(lesson.Audience),
            lesson.GroupId, lesson.Status.ToString().ToLowerInvariant(), MemberSummary.From(lesson.Author, now), viewer.Id == lesson.AuthorId,
            lesson.Steps.Select(s => new LessonStepOutline(s.Id, s.Position, s.Kind.ToString().ToLowerInvariant(), Label(s), s.ImageId is not null)).ToList(),
            await ProgressAsync(db, lesson, viewer.Id, ct), lesson.CreatedAt, lesson.PublishedAt);

    /// <summary>A short label for a step in outlines: its first heading or line.</summary>
    public static string Label(LessonStep s)
    {
        var line = s.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        line = line.TrimStart('#', ' ', '*', '-', '>');
        return line.Length > 80 ? line[..77] + "…" : line;
    }

    public static async Task<LessonStepView?> StepAsync(RoundsDb db, Lesson lesson, Viewer viewer, int position, CancellationToken ct)
    {
        var step = lesson.Steps.SingleOrDefault(s => s.Position == position);
        if (step is null) return null;
        var mine = viewer.Id is { } me
            ? await db.LessonAnswers.AsNoTracking().Where(a => a.LessonId == lesson.Id && a.MemberId == me).ToListAsync(ct)
            : [];
        var answer = mine.SingleOrDefault(a => a.StepId == step.Id);
        var reveal = answer is not null || viewer.Id == lesson.AuthorId;
        var isQuestion = step.Kind == LessonStepKind.Question;
        return new LessonStepView(step.Id, lesson.Id, step.Position, lesson.Steps.Count, step.Kind.ToString().ToLowerInvariant(), step.Text,
            isQuestion ? "" : LessonMarkdown.ToHtml(step.Text), step.Image is null ? null : PostViews.ToView(step.Image), step.ConsentAttested,
            step.Options.Select(o => o.Text).ToList(), reveal ? step.CorrectOption : null, reveal ? step.Explanation : null,
            reveal ? LessonMarkdown.ToHtml(step.Explanation) : null, answer is null ? null : AnswerOf(step, answer),
            step.Position == lesson.Steps.Count, !isQuestion || answer is not null);
    }

    public static LessonAnswerView AnswerOf(LessonStep step, LessonAnswer a) =>
        new(a.Option, a.Correct, step.CorrectOption ?? 0, step.Explanation, LessonMarkdown.ToHtml(step.Explanation));

    /// <summary>Published lessons the viewer may see, newest first, with the viewer's progress; "mine" lists the viewer's own, drafts included.</summary>
    public static async Task<LessonListPage> ListAsync(RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, Viewer viewer, bool mine, string? specialty,
        long? maxId, int? limit, DateTime now, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 20, 1, 50);
        var q = db.Lessons.AsNoTracking().Include(l => l.Author).AsQueryable();
        q = mine ? (viewer.Id is { } me ? q.Where(l => l.AuthorId == me) : q.Where(l => false)) : q.Where(l => l.Status == LessonStatus.Published);
        if (!string.IsNullOrWhiteSpace(specialty)) q = q.Where(l => l.SpecialtyCode == specialty);
        var visible = new List<Lesson>();
        long? cursor = maxId, next = null;
        // Read in batches until the page is full: lessons the viewer may not see are skipped, never counted.
        while (visible.Count < take)
        {
            var batchQuery = cursor is { } m ? q.Where(l => l.Id < m) : q;
            var batch = await batchQuery.OrderByDescending(l => l.Id).Take(take * 2).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var l in await audiences.FilterAsync(viewer, batch, l => l.Target, ct))
            {
                if (visible.Count == take) { next = visible[^1].Id; break; }
                visible.Add(l);
            }
            cursor = batch[^1].Id;
            if (next is not null || batch.Count < take * 2) break;
        }
        var ids = visible.Select(l => l.Id).ToList();
        var steps = await db.LessonSteps.AsNoTracking().Where(s => ids.Contains(s.LessonId)).ToListAsync(ct);
        var progress = viewer.Id is { } viewerId
            ? await db.LessonProgress.AsNoTracking().Where(p => p.MemberId == viewerId && ids.Contains(p.LessonId)).ToListAsync(ct) : [];
        var answers = viewer.Id is { } v2 && progress.Count > 0
            ? await db.LessonAnswers.AsNoTracking().Where(a => a.MemberId == v2 && ids.Contains(a.LessonId)).ToListAsync(ct) : [];
        var items = visible.Select(l =>
        {
            l.Steps = steps.Where(s => s.LessonId == l.Id).OrderBy(s => s.Position).ToList();
            var p = progress.SingleOrDefault(x => x.LessonId == l.Id);
            return new LessonSummary(l.Id, l.Title, l.Summary, GetCase.Specialty(specialties, l.SpecialtyCode), l.EstimatedMinutes, AudienceName(l.Audience),
                l.Status.ToString().ToLowerInvariant(), MemberSummary.From(l.Author, now), l.Steps.Count, l.Steps.Count(s => s.Kind == LessonStepKind.Question),
                p is null ? null : ProgressOf(l, p, answers.Where(a => a.LessonId == l.Id).ToList()), l.PublishedAt);
        }).ToList();
        return new LessonListPage(items, next);
    }

    public static async Task<Results<Ok<LessonView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, specialties, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }

    public static async Task<Ok<LessonListPage>> ListHandleAsync(bool? mine, string? specialty, [FromQuery(Name = "max_id")] long? maxId, int? limit,
        CurrentUser me, RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, audiences, specialties, await me.ViewerAsync(ct), mine == true, specialty, maxId, limit,
            clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Results<Ok<LessonStepView>, NotFound<ProblemDetails>, ProblemHttpResult>> StepHandleAsync(long id, int n, CurrentUser me,
        RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var outcome = await StepForAsync(db, audiences, await me.ViewerAsync(ct), id, n, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Kind == OutcomeKind.NotFound ? TypedResults.NotFound(Problems.NotFound()) : outcome.Problem();
    }

    /// <summary>A step for reading: a learner may not open a step past a question they have not answered (409); the author previews any.</summary>
    public static async Task<Outcome<LessonStepView>> StepForAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, int n, CancellationToken ct)
    {
        var lesson = await LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (lesson is null || n < 1 || n > lesson.Steps.Count) return Outcome.NotFound();
        if (viewer.Id != lesson.AuthorId)
        {
            var answered = viewer.Id is { } me
                ? await db.LessonAnswers.Where(a => a.LessonId == id && a.MemberId == me).Select(a => a.StepId).ToListAsync(ct) : [];
            var reachable = Reachable(lesson, answered);
            if (n > reachable) return Outcome.Conflict($"Answer the question at step {reachable} before going further.");
        }
        return (await StepAsync(db, lesson, viewer, n, ct))!;
    }

    public static async Task<Results<Ok<LessonProgressView>, NotFound<ProblemDetails>>> ProgressHandleAsync(long id, CurrentUser me, RoundsDb db,
        Audiences audiences, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var lesson = await LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (lesson is null || !lesson.IsPublished) return TypedResults.NotFound(Problems.NotFound());
        var progress = await ProgressAsync(db, lesson, viewer.Id, ct);
        return progress is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(progress);
    }
}
