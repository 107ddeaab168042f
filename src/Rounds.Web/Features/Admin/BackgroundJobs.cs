using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Admin;

public sealed record JobView(long Id, string Kind, string State, int Attempts, int MaxAttempts, DateTime RunAt, DateTime CreatedAt,
    DateTime? FinishedAt, string? LockedBy, string? LastError, string Payload);

public sealed record JobCounts(int Pending, int Running, int Done, int Failed);

public sealed record JobsResponse(JobCounts Counts, IReadOnlyList<JobView> Jobs);

/// <summary>The job queue as an operator sees it: counts by state and the jobs in one state, failed ones first.</summary>
public static class ListJobs
{
    public static async Task<Outcome<JobsResponse>> RunAsync(string? state, long? maxId, RoundsDb db, CancellationToken ct)
    {
        var wanted = JobState.Failed;
        if (!string.IsNullOrWhiteSpace(state) && !Enum.TryParse(state, ignoreCase: true, out wanted))
            return Outcome.Invalid("state", "State is pending, running, done or failed.");
        var counts = await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(JobState s) => counts.SingleOrDefault(c => c.Key == s)?.Count ?? 0;
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.State == wanted && (maxId == null || j.Id < maxId))
            .OrderByDescending(j => j.Id).Take(50).ToListAsync(ct);
        return new JobsResponse(new JobCounts(Count(JobState.Pending), Count(JobState.Running), Count(JobState.Done), Count(JobState.Failed)),
            jobs.Select(j => new JobView(j.Id, j.Kind, j.State.ToString().ToLowerInvariant(), j.Attempts, j.MaxAttempts, j.RunAt, j.CreatedAt, j.FinishedAt,
                j.LockedBy, j.LastError, j.Payload)).ToList());
    }

    public static async Task<Results<Ok<JobsResponse>, ProblemHttpResult>> HandleAsync([FromQuery] string? state, [FromQuery(Name = "max_id")] long? maxId,
        RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(state, maxId, db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Puts a failed job back in the queue for a fresh set of attempts.</summary>
public static class RetryJob
{
    public static async Task<Outcome<bool>> RunAsync(long id, long actorId, RoundsDb db, JobSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Jobs.Where(j => j.Id == id && j.State == JobState.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.Attempts, 0).SetProperty(j => j.RunAt, now)
            .SetProperty(j => j.FinishedAt, (DateTime?)null), ct);
        if (changed == 0)
            return await db.Jobs.AnyAsync(j => j.Id == id, ct) ? Outcome.Conflict("Only a failed job can be retried.") : Outcome.NotFound();
        AuditLog.Record(db, now, AuditActions.JobRetried, actorId, null, $"job {id}");
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, JobSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(id, me.Id!.Value, db, signal, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}
