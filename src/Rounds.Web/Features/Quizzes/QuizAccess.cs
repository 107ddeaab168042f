using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>
/// Who may see and do what in a series. Seeing goes through the one audience check with the series' owner; an item is
/// visible to its series' audience once released, and before that to the series' editors only (who must still see the series). Hidden is "not found".
/// </summary>
public static class QuizAccess
{
    /// <summary>Educators may run a series: verified clinicians, moderators and admins.</summary>
    public static bool IsEducator(Viewer viewer) => viewer.Kind is ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin;

    public static bool IsModerator(Viewer viewer) => viewer.Kind is ViewerKind.Moderator or ViewerKind.Admin;

    public static Task<bool> IsEditorAsync(RoundsDb db, long seriesId, Viewer viewer, CancellationToken ct) =>
        viewer.Id is { } id ? db.QuizEditors.AnyAsync(e => e.SeriesId == seriesId && e.MemberId == id, ct) : Task.FromResult(false);

    public static async Task<QuizSeries?> LoadSeriesAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var s = await db.QuizSeries.Include(x => x.Owner).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return null;
        // Editors too: one who can no longer see the series (a block with its owner, a group left) loses it and its items.
        return await audiences.CanSeeAsync(viewer, s.Target, ct) ? s : null;
    }

    /// <summary>The item with its series, or null when the viewer may not see it (unreleased items are the editors' alone).</summary>
    public static async Task<(QuizItem Item, bool IsEditor)?> LoadItemAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now,
        CancellationToken ct)
    {
        var item = await db.QuizItems.Include(i => i.Series).ThenInclude(s => s.Owner).Include(i => i.Options).Include(i => i.References)
            .AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return null;
        if (!await audiences.CanSeeAsync(viewer, item.Series.Target, ct)) return null;
        if (await IsEditorAsync(db, item.SeriesId, viewer, ct)) return (item, true);
        return item.IsReleased(now) ? (item, false) : null;
    }
}
