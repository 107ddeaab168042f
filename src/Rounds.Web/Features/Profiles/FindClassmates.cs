using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Profiles;

public sealed record ClassmateView(MemberSummary Member, string SharedPlace, int? StartYear, int? EndYear);

/// <summary>Members who shared an institution or training program with overlapping years.</summary>
public static class FindClassmates
{
    public static async Task<List<ClassmateView>> QueryAsync(Member me, Viewer viewer, RoundsDb db, Audiences audiences, DateTime now, CancellationToken ct)
    {
        if (me.TrainingStartYear is not { } start || me.TrainingEndYear is not { } end) return [];
        if (me.InstitutionKey is null && me.TrainingProgramKey is null) return [];
        var candidates = await db.Users
            .Where(m => m.Id != me.Id
                && ((me.InstitutionKey != null && m.InstitutionKey == me.InstitutionKey) || (me.TrainingProgramKey != null && m.TrainingProgramKey == me.TrainingProgramKey))
                && m.TrainingStartYear <= end && m.TrainingEndYear >= start)
            .OrderBy(m => m.DisplayName)
            .Take(60)
            .ToListAsync(ct);
        var found = new List<ClassmateView>();
        foreach (var m in candidates)
        {
            if (!await audiences.CanSeeAsync(viewer, new AudienceTarget(m.ProfileAudience, m.Id), ct)) continue;
            var place = me.TrainingProgramKey is not null && m.TrainingProgramKey == me.TrainingProgramKey ? m.TrainingProgram! : m.Institution!;
            found.Add(new ClassmateView(MemberSummary.From(m, now), place, m.TrainingStartYear, m.TrainingEndYear));
            if (found.Count == 20) break;
        }
        return found;
    }

    public static async Task<Ok<List<ClassmateView>>> HandleAsync(CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await QueryAsync((await me.MemberAsync(ct))!, await me.ViewerAsync(ct), db, audiences, clock.GetUtcNow().UtcDateTime, ct));
}
