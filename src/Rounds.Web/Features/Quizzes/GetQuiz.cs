using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Cases;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

public sealed record SeriesSummary(long Id, string Title, string Description, Labelled Specialty, string? Hashtag, string Audience, string Schedule,
    bool Following, int Followers, int Released, bool IsEditor);

public sealed record ItemSummary(long Id, long SeriesId, string Stem, string State, DateTime? ReleaseAt, DateTime? ClosesAt, int ImageCount,
    bool? Answered, bool? Correct);

public sealed record SeriesView(long Id, string Title, string Description, Labelled Specialty, string? Hashtag, string Audience, long? GroupId,
    MemberSummary Owner, string Schedule, string ReleaseDay, string ReleaseTime, string TimeZone, int OpenDays, bool IsOwner, bool IsEditor,
    bool Following, int Followers, IReadOnlyList<MemberSummary> Editors, ItemSummary? Current, IReadOnlyList<ItemSummary> Past,
    DateTime? NextReleaseAt, IReadOnlyList<ItemSummary> Workbench);

public sealed record OptionView(int Position, string Text);
public sealed record ReferenceView(string Kind, string Value, string Url);
/// <summary>How many learners chose each option (by position), and how many answered in all.</summary>
public sealed record DistributionView(int Answers, IReadOnlyList<int> Counts);

/// <summary>
/// An item as the viewer may see it. Until the viewer answered (or the item closed) there is no correct option, no
/// explanation, no references and no distribution in it at all: the learner commits before anything is revealed.
/// </summary>
public sealed record ItemView(long Id, long SeriesId, string SeriesTitle, string Stem, IReadOnlyList<MediaView> Images, IReadOnlyList<OptionView> Options,
    string State, DateTime? ReleaseAt, DateTime? ClosesAt, bool IsEditor, bool IsAuthor, bool CanAnswer, bool CanSubmit, bool CanApprove,
    int? MyAnswer, bool? Correct, bool Revealed, int? CorrectOption, string? Explanation, IReadOnlyList<ReferenceView>? References,
    DistributionView? Distribution, MemberSummary Author, MemberSummary? Reviewer, bool ConsentAttested);

public static class GetQuiz
{
    public static string StateOf(QuizItem i, DateTime now) => i.Status switch
    {
        QuizItemStatus.Draft => "draft",
        QuizItemStatus.Submitted => "submitted",
        _ when !i.IsReleased(now) => "scheduled",
        _ when i.IsClosed(now) => "closed",
        _ => "open",
    };

    public static string Excerpt(string s, int max = 140) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";

    public static async Task<List<SeriesSummary>> ListAsync(RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, Viewer viewer, DateTime now,
        CancellationToken ct)
    {
        var all = await db.QuizSeries.AsNoTracking().OrderBy(s => s.Title).Take(500).ToListAsync(ct);
        var editing = viewer.Id is { } me ? (await db.QuizEditors.Where(e => e.MemberId == me).Select(e => e.SeriesId).ToListAsync(ct)).ToHashSet() : [];
        var visible = (await audiences.FilterAsync(viewer, all, s => s.Target, ct)).Select(s => s.Id).ToHashSet();
        var shown = all.Where(s => visible.Contains(s.Id)).ToList(); // editors too: a block or a group left hides the series from them
        var ids = shown.Select(s => s.Id).ToList();
        var followers = await db.QuizFollows.Where(f => ids.Contains(f.SeriesId)).GroupBy(f => f.SeriesId).Select(g => new { g.Key, N = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var following = viewer.Id is { } id ? (await db.QuizFollows.Where(f => f.MemberId == id && ids.Contains(f.SeriesId)).Select(f => f.SeriesId).ToListAsync(ct)).ToHashSet() : [];
        var released = await db.QuizItems.Where(i => ids.Contains(i.SeriesId) && i.Status == QuizItemStatus.Approved && i.ReleaseAt <= now)
            .GroupBy(i => i.SeriesId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        return shown.Select(s => new SeriesSummary(s.Id, s.Title, Excerpt(s.Description, 200), GetCase.Specialty(specialties, s.SpecialtyCode), s.Hashtag,
            s.Audience.ToString().ToLowerInvariant(), QuizSchedule.Describe(s), following.Contains(s.Id), followers.GetValueOrDefault(s.Id),
            released.GetValueOrDefault(s.Id), editing.Contains(s.Id))).ToList();
    }

    public static async Task<IReadOnlyList<MemberSummary>> EditorsAsync(RoundsDb db, long seriesId, DateTime now, CancellationToken ct) =>
        (await db.QuizEditors.Where(e => e.SeriesId == seriesId).OrderBy(e => e.AddedAt)
            .Join(db.Users, e => e.MemberId, u => u.Id, (_, u) => u).AsNoTracking().ToListAsync(ct)).Select(u => MemberSummary.From(u, now)).ToList();

    public static async Task<SeriesView?> SeriesAsync(RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties, Viewer viewer, long id, DateTime now,
        CancellationToken ct)
    {
        var s = await QuizAccess.LoadSeriesAsync(db, audiences, viewer, id, ct);
        if (s is null) return null;
        var isEditor = await QuizAccess.IsEditorAsync(db, id, viewer, ct);
        var items = await db.QuizItems.AsNoTracking().Where(i => i.SeriesId == id).OrderByDescending(i => i.ReleaseAt).ThenByDescending(i => i.Id).Take(300)
            .ToListAsync(ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var images = await db.PostMedia.Where(m => m.QuizItemId != null && itemIds.Contains(m.QuizItemId.Value)).GroupBy(m => m.QuizItemId!.Value)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var mine = viewer.Id is { } me
            ? await db.QuizAnswers.Where(a => a.SeriesId == id && a.MemberId == me).ToDictionaryAsync(a => a.ItemId, a => a.Correct, ct)
            : [];
        ItemSummary Summary(QuizItem i) => new(i.Id, i.SeriesId, Excerpt(i.Stem), StateOf(i, now), i.ReleaseAt, i.ClosesAt, images.GetValueOrDefault(i.Id),
            viewer.Id is null ? null : mine.ContainsKey(i.Id), mine.TryGetValue(i.Id, out var c) ? c : null);
        var released = items.Where(i => i.IsReleased(now)).ToList();
        var current = released.FirstOrDefault(i => !i.IsClosed(now));
        var next = items.Where(i => i.Status == QuizItemStatus.Approved && i.ReleaseAt > now).Select(i => i.ReleaseAt).Min();
        return new SeriesView(s.Id, s.Title, s.Description, GetCase.Specialty(specialties, s.SpecialtyCode), s.Hashtag, s.Audience.ToString().ToLowerInvariant(),
            s.GroupId, MemberSummary.From(s.Owner, now), QuizSchedule.Describe(s), s.ReleaseDay.ToString(),
            TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(s.ReleaseMinute)).ToString("HH:mm"), s.TimeZone, s.OpenDays, s.OwnerId == viewer.Id, isEditor,
            viewer.Id is { } v && await db.QuizFollows.AnyAsync(f => f.SeriesId == id && f.MemberId == v, ct),
            await db.QuizFollows.CountAsync(f => f.SeriesId == id, ct), await EditorsAsync(db, id, now, ct),
            current is null ? null : Summary(current), released.Where(i => i != current).Select(Summary).ToList(), next,
            isEditor ? items.Where(i => !i.IsReleased(now)).OrderBy(i => i.Status).ThenBy(i => i.ReleaseAt).Select(Summary).ToList() : []);
    }

    /// <summary>The item as the viewer may see it; opening a released item records the learner's first view (learners reached).</summary>
    public static async Task<ItemView?> ItemAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct,
        bool recordView = false)
    {
        var loaded = await QuizAccess.LoadItemAsync(db, audiences, viewer, id, now, ct);
        if (loaded is not { } l) return null;
        var (item, isEditor) = l;
        if (recordView && viewer.Id is { } learner && !isEditor && item.IsReleased(now)
            && !await db.QuizItemViews.AnyAsync(v => v.ItemId == id && v.MemberId == learner, ct))
        {
            db.QuizItemViews.Add(new QuizItemView { ItemId = id, MemberId = learner, SeriesId = item.SeriesId, FirstViewedAt = now });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // opened twice at once: the first view is recorded
        }
        var answer = viewer.Id is { } me ? await db.QuizAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.ItemId == id && a.MemberId == me, ct) : null;
        var closed = item.IsClosed(now);
        var revealed = isEditor || answer is not null || closed;
        DistributionView? distribution = null;
        if (revealed)
        {
            var counts = await db.QuizAnswers.Where(a => a.ItemId == id).GroupBy(a => a.Option).Select(g => new { g.Key, N = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.N, ct);
            distribution = new DistributionView(counts.Values.Sum(), item.Options.OrderBy(o => o.Position).Select(o => counts.GetValueOrDefault(o.Position)).ToList());
        }
        var images = await db.PostMedia.AsNoTracking().Where(m => m.QuizItemId == id).OrderBy(m => m.Position).ToListAsync(ct);
        var people = await db.Users.AsNoTracking().Where(u => u.Id == item.AuthorId || u.Id == item.ReviewerId).ToListAsync(ct);
        var author = people.Single(u => u.Id == item.AuthorId);
        var reviewer = people.SingleOrDefault(u => u.Id == item.ReviewerId);
        return new ItemView(item.Id, item.SeriesId, item.Series.Title, item.Stem, images.Select(PostViews.ToView).ToList(),
            item.Options.OrderBy(o => o.Position).Select(o => new OptionView(o.Position, o.Text)).ToList(), StateOf(item, now), item.ReleaseAt, item.ClosesAt,
            isEditor, item.AuthorId == viewer.Id, viewer.Id is not null && !isEditor && answer is null && item.IsReleased(now) && !closed,
            isEditor && item.AuthorId == viewer.Id && item.Status == QuizItemStatus.Draft,
            isEditor && item.AuthorId != viewer.Id && item.Status == QuizItemStatus.Submitted,
            answer?.Option, answer?.Correct, revealed, revealed ? item.CorrectOption : null, revealed ? item.Explanation : null,
            revealed ? item.References.OrderBy(r => r.Position).Select(r => new ReferenceView(r.Kind, r.Value, CreateQuizItem.ReferenceUrl(r))).ToList() : null,
            distribution, MemberSummary.From(author, now), reviewer is null ? null : MemberSummary.From(reviewer, now), item.ConsentAttested);
    }

    public static async Task<Ok<List<SeriesSummary>>> ListHandleAsync(CurrentUser me, RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties,
        TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, audiences, specialties, await me.ViewerAsync(ct), clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Results<Ok<SeriesView>, NotFound<ProblemDetails>>> SeriesHandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var view = await SeriesAsync(db, audiences, specialties, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<ItemView>, NotFound<ProblemDetails>>> ItemHandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ItemAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct, recordView: true);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }
}
