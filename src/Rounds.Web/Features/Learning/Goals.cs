using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Learning;

public enum GoalStatus { OnTrack, Behind, Achieved, Missed }

public sealed record GoalPartnerView(long Id, string Handle, string DisplayName);

public sealed record GoalView(long Id, string Title, decimal TargetCredits, string? SpecialtyCode, string? Activity, string StartsOn, string Deadline,
    decimal EarnedCredits, int Entries, double Progress, string Status, bool IsMine, GoalPartnerView Owner, IReadOnlyList<GoalPartnerView> Partners);

/// <summary>Progress of goals: the credit of matching entries made between the goal's start and the end of its deadline day.</summary>
public static class GoalProgress
{
    public static GoalStatus StatusOf(LearningGoal g, decimal earned, DateTime now)
    {
        if (earned >= g.TargetCredits) return GoalStatus.Achieved;
        if (now >= g.EndsAt) return GoalStatus.Missed;
        // Behind when less of the target is done than of the time has passed.
        var elapsed = now <= g.StartsAt ? 0 : (now - g.StartsAt).TotalSeconds / (g.EndsAt - g.StartsAt).TotalSeconds;
        return (double)(earned / g.TargetCredits) + 1e-9 >= elapsed ? GoalStatus.OnTrack : GoalStatus.Behind;
    }

    public static string Label(string status) => status switch
    {
        "achieved" => "Achieved",
        "missed" => "Missed",
        "behind" => "Behind pace",
        _ => "On track",
    };

    public static string Code(GoalStatus s) => s switch
    {
        GoalStatus.Achieved => "achieved",
        GoalStatus.Missed => "missed",
        GoalStatus.Behind => "behind",
        _ => "on-track",
    };

    public static async Task<List<GoalView>> ViewsAsync(RoundsDb db, IReadOnlyList<LearningGoal> goals, long viewerId, DateTime now, CancellationToken ct)
    {
        if (goals.Count == 0) return [];
        var ownerIds = goals.Select(g => g.MemberId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(m => ownerIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var earliest = goals.Min(g => g.StartsAt);
        var latest = goals.Max(g => g.EndsAt);
        var entries = await db.LearningEntries.AsNoTracking()
            .Where(e => ownerIds.Contains(e.MemberId) && e.OccurredAt >= earliest && e.OccurredAt < latest)
            .Select(e => new { e.MemberId, e.OccurredAt, e.Activity, e.SpecialtyCode, e.Credit }).ToListAsync(ct);
        return goals.Select(g =>
        {
            var matching = entries.Where(e => e.MemberId == g.MemberId && e.OccurredAt >= g.StartsAt && e.OccurredAt < g.EndsAt
                && (g.Activity == null || e.Activity == g.Activity) && (g.SpecialtyCode == null || e.SpecialtyCode == g.SpecialtyCode)).ToList();
            var earned = matching.Sum(e => e.Credit);
            var owner = owners[g.MemberId];
            return new GoalView(g.Id, g.Title, g.TargetCredits, g.SpecialtyCode, g.Activity?.ToString(),
                DateOnly.FromDateTime(g.StartsAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.FromDateTime(g.EndsAt).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                earned, matching.Count, Math.Min(1, (double)(earned / g.TargetCredits)), Code(StatusOf(g, earned, now)), g.MemberId == viewerId,
                new GoalPartnerView(owner.Id, owner.Handle, owner.DisplayName),
                g.Partners.OrderBy(p => p.AddedAt).Select(p => new GoalPartnerView(p.PartnerId, p.Partner.Handle, p.Partner.DisplayName)).ToList());
        }).ToList();
    }
}

/// <summary>Who may see a goal: its owner and the partners it is shared with (a block either way hides it), nobody else.</summary>
public static class GoalAccess
{
    public static AudienceTarget TargetOf(LearningGoal g) => new(Audience.Direct, g.MemberId, null, g.Partners.Select(p => p.PartnerId).ToList());

    public static async Task<LearningGoal?> LoadVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        if (viewer.Id is null) return null;
        var goal = await db.LearningGoals.Include(g => g.Partners).ThenInclude(p => p.Partner).SingleOrDefaultAsync(g => g.Id == id, ct);
        return goal is not null && await audiences.CanSeeAsync(viewer, TargetOf(goal), ct) ? goal : null;
    }

    /// <summary>The goal when the viewer owns it; a partner may look but not change it (403); anyone else: not found.</summary>
    public static async Task<Outcome<LearningGoal>> LoadOwnAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var goal = await LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (goal is null) return Outcome.NotFound();
        if (goal.MemberId != viewer.Id) return Outcome.Forbidden("Only the goal's owner can change it.");
        return goal;
    }
}

/// <summary>A member sets (or changes) a learning goal. The title is free text, so the privacy guard reads it (warn and override).</summary>
public static class SaveGoal
{
    public sealed record Request(string? Title, decimal? TargetCredits, string? Deadline, string? StartsOn = null, string? SpecialtyCode = null,
        string? Activity = null, bool OverridePrivacy = false);

    public static async Task<Outcome<LearningGoal>> RunAsync(Viewer viewer, long? goalId, Request r, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        LearningGoal? goal = null;
        if (goalId is { } id)
        {
            var own = await GoalAccess.LoadOwnAsync(db, audiences, viewer, id, ct);
            if (!own.IsOk) return own;
            goal = own.Value!;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var errors = new Dictionary<string, string[]>();
        var title = r.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", "Name the goal (e.g. “25 credits in rheumatology this year”).");
        else if (title.Length > LearningGoal.MaxTitle) errors.Add("title", $"At most {LearningGoal.MaxTitle} characters.");
        if (r.TargetCredits is not { } target) errors.Add("targetCredits", "Give the credit you aim for.");
        else if (target <= 0) errors.Add("targetCredits", "The target must be more than 0 credits.");
        else if (target > LearningGoal.MaxTarget) errors.Add("targetCredits", $"At most {LearningGoal.MaxTarget} credits.");
        else if (decimal.Round(target, 2) != target) errors.Add("targetCredits", "Use at most two decimals.");
        DateOnly deadline = default, start = goal is null ? today : DateOnly.FromDateTime(goal.StartsAt);
        if (string.IsNullOrWhiteSpace(r.Deadline) || !DateOnly.TryParseExact(r.Deadline.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out deadline))
            errors.Add("deadline", "Give the deadline as yyyy-mm-dd.");
        else if (deadline < today) errors.Add("deadline", "The deadline has already passed.");
        else if (deadline > today.AddYears(10)) errors.Add("deadline", "Choose a deadline within ten years.");
        if (!string.IsNullOrWhiteSpace(r.StartsOn))
        {
            if (!DateOnly.TryParseExact(r.StartsOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
                errors.Add("startsOn", "Give the first day as yyyy-mm-dd.");
            else if (start < today.AddYears(-10)) errors.Add("startsOn", "Choose a start within ten years.");
        }
        // Also when only the deadline changes: a kept start may now lie after it.
        if (deadline != default && !errors.ContainsKey("startsOn") && !errors.ContainsKey("deadline") && start > deadline)
            errors.Add(string.IsNullOrWhiteSpace(r.StartsOn) ? "deadline" : "startsOn", "The goal starts after its deadline.");
        var specialty = string.IsNullOrWhiteSpace(r.SpecialtyCode) ? null : r.SpecialtyCode.Trim();
        if (specialty is not null && specialties.Find(specialty) is null) errors.Add("specialtyCode", "Choose the specialty from the list.");
        LearningActivity? activity = null;
        if (!string.IsNullOrWhiteSpace(r.Activity))
        {
            if (Enum.TryParse<LearningActivity>(r.Activity.Trim(), true, out var a) && Enum.IsDefined(a) && !int.TryParse(r.Activity, out _)) activity = a;
            else errors.Add("activity", $"Choose an activity type: {string.Join(", ", Enum.GetNames<LearningActivity>())}.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var guard = PrivacyGuard.Scan([("title", title)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;
        if (goal is null && await db.LearningGoals.CountAsync(g => g.MemberId == viewer.Id, ct) >= 100)
            return Outcome.Conflict("You have 100 goals; delete one you no longer need first.");

        goal ??= db.LearningGoals.Add(new LearningGoal { MemberId = viewer.Id!.Value, CreatedAt = now }).Entity;
        goal.Title = title;
        goal.TargetCredits = r.TargetCredits!.Value;
        goal.StartsAt = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        goal.EndsAt = deadline.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        goal.SpecialtyCode = specialty;
        goal.Activity = activity;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        PrivacyGuard.Record(db, viewer.Id!.Value, "learning-goal", goal.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return goal;
    }

    public static async Task<Results<Created<GoalView>, ProblemHttpResult>> CreateHandleAsync(Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, null, request, db, audiences, specialties, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetGoal.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/learning/goals/{view!.Id}", view);
    }

    public static async Task<Results<Ok<GoalView>, ProblemHttpResult>> UpdateHandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync(viewer, id, request, db, audiences, specialties, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetGoal.ViewAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}

public static class DeleteGoal
{
    public static async Task<Outcome<bool>> RunAsync(Viewer viewer, long id, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var own = await GoalAccess.LoadOwnAsync(db, audiences, viewer, id, ct);
        if (!own.IsOk) return new Failure(own.Kind, own.Errors, own.Message);
        db.LearningGoals.Remove(own.Value!);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}

public static class GetGoal
{
    public static async Task<GoalView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var goal = await GoalAccess.LoadVisibleAsync(db, audiences, viewer, id, ct);
        return goal is null ? null : (await GoalProgress.ViewsAsync(db, [goal], viewer.Id!.Value, now, ct)).Single();
    }

    /// <summary>The member's own goals, soonest deadline first.</summary>
    public static async Task<List<GoalView>> MineAsync(RoundsDb db, long memberId, DateTime now, CancellationToken ct)
    {
        var goals = await db.LearningGoals.AsNoTracking().Include(g => g.Partners).ThenInclude(p => p.Partner)
            .Where(g => g.MemberId == memberId).OrderBy(g => g.EndsAt).ThenBy(g => g.Id).ToListAsync(ct);
        return await GoalProgress.ViewsAsync(db, goals, memberId, now, ct);
    }

    /// <summary>Goals others shared with the member (each through the audience check, so a block hides it).</summary>
    public static async Task<List<GoalView>> SharedWithAsync(RoundsDb db, Audiences audiences, Viewer viewer, DateTime now, CancellationToken ct)
    {
        if (viewer.Id is not { } me) return [];
        var goals = await db.LearningGoals.AsNoTracking().Include(g => g.Partners).ThenInclude(p => p.Partner)
            .Where(g => g.Partners.Any(p => p.PartnerId == me)).OrderBy(g => g.EndsAt).ThenBy(g => g.Id).ToListAsync(ct);
        var visible = await audiences.FilterAsync(viewer, goals, GoalAccess.TargetOf, ct);
        return await GoalProgress.ViewsAsync(db, visible, me, now, ct);
    }

    public static async Task<Results<Ok<GoalView>, NotFound>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<List<GoalView>>, NotFound>> MineHandleAsync(CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct) =>
        me.Id is { } id ? TypedResults.Ok(await MineAsync(db, id, clock.GetUtcNow().UtcDateTime, ct)) : TypedResults.NotFound();

    public static async Task<Results<Ok<List<GoalView>>, NotFound>> SharedHandleAsync(CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        return viewer.Id is null ? TypedResults.NotFound() : TypedResults.Ok(await SharedWithAsync(db, audiences, viewer, clock.GetUtcNow().UtcDateTime, ct));
    }
}

/// <summary>
/// The owner shares a goal with an accountability partner (by handle), who is told and from then on sees that goal and its
/// progress. Nobody blocked either way can be a partner; the answer does not say which.
/// </summary>
public static class ShareGoal
{
    public sealed record Request(string? Handle);

    public static async Task<Outcome<LearningGoal>> AddAsync(Viewer viewer, long goalId, Request r, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var own = await GoalAccess.LoadOwnAsync(db, audiences, viewer, goalId, ct);
        if (!own.IsOk) return own;
        var goal = own.Value!;
        var handle = r.Handle?.Trim().TrimStart('@') ?? "";
        if (handle.Length is 0 or > 64) return Outcome.Invalid("handle", "Give your partner's handle.");
        var normalized = handle.ToUpperInvariant();
        var partner = await db.Users.SingleOrDefaultAsync(m => m.NormalizedUserName == normalized, ct);
        if (partner is null || await audiences.IsBlockedAsync(viewer.Id!.Value, partner.Id, ct))
            return Outcome.Invalid("handle", $"There is no member @{handle} you can share a goal with.");
        if (partner.Id == viewer.Id) return Outcome.Invalid("handle", "The goal is already yours: choose a colleague as a partner.");
        if (goal.Partners.Any(p => p.PartnerId == partner.Id)) return Outcome.Conflict($"@{partner.Handle} is already a partner on this goal.");
        if (goal.Partners.Count >= LearningGoal.MaxPartners) return Outcome.Conflict($"A goal has at most {LearningGoal.MaxPartners} partners.");
        goal.Partners.Add(new LearningGoalPartner { GoalId = goal.Id, PartnerId = partner.Id, Partner = partner, AddedAt = clock.GetUtcNow().UtcDateTime });
        jobs.Enqueue(new GoalSharedJob(goal.Id, partner.Id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Outcome.Conflict($"@{partner.Handle} is already a partner on this goal.");
        }
        return goal;
    }

    public static async Task<Outcome<LearningGoal>> RemoveAsync(Viewer viewer, long goalId, string handle, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var own = await GoalAccess.LoadOwnAsync(db, audiences, viewer, goalId, ct);
        if (!own.IsOk) return own;
        var normalized = handle.Trim().TrimStart('@').ToUpperInvariant();
        var row = own.Value!.Partners.FirstOrDefault(p => p.Partner.NormalizedUserName == normalized);
        if (row is null) return Outcome.NotFound();
        own.Value.Partners.Remove(row);
        await db.SaveChangesAsync(ct);
        return own.Value;
    }

    public static async Task<Results<Ok<GoalView>, ProblemHttpResult>> AddHandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await AddAsync(viewer, id, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetGoal.ViewAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }

    public static async Task<Results<Ok<GoalView>, ProblemHttpResult>> RemoveHandleAsync(long id, string handle, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RemoveAsync(viewer, id, handle, db, audiences, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok((await GetGoal.ViewAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct))!);
    }
}

/// <summary>Tells a new partner about the goal, while they are still a partner and may see it.</summary>
public sealed record GoalSharedJob(long GoalId, long PartnerId) : IJob
{
    public sealed class Handler(RoundsDb db, Audiences audiences, Notifier notifier, TimeProvider clock) : IJobHandler<GoalSharedJob>
    {
        public async Task RunAsync(GoalSharedJob job, CancellationToken ct)
        {
            var viewer = await audiences.ViewerOfAsync(job.PartnerId, clock.GetUtcNow().UtcDateTime, ct);
            var goal = await GoalAccess.LoadVisibleAsync(db, audiences, viewer, job.GoalId, ct);
            if (goal is null || goal.MemberId == job.PartnerId) return;
            await notifier.NotifyAsync(job.PartnerId, NotificationKind.GoalShared, goal.MemberId,
                text: $"made you an accountability partner on the learning goal “{goal.Title}”", link: $"/learning#goal-{goal.Id}", ct: ct);
        }
    }
}
