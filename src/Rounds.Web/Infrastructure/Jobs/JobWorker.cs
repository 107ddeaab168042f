using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;

namespace Rounds.Web.Infrastructure.Jobs;

/// <summary>
/// Claims due jobs and runs them. Claiming is one UPDATE … RETURNING; on PostgreSQL its inner SELECT takes
/// row locks with SKIP LOCKED, so several nodes share the queue without running a job twice. A job whose
/// node died is reclaimed once its lease runs out; failures retry with exponential backoff and end in the
/// Failed state after the last attempt.
/// </summary>
public sealed class JobWorker(IServiceProvider services, JobRegistry registry, JobSignal signal, JobOptions options,
    TimeProvider clock, ILogger<JobWorker> logger) : BackgroundService
{
    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        BackgroundWork.Begin();
        try
        {
            await EnsureRecurringAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not schedule recurring jobs; will retry on the next start");
        }
        // Jobs run in slots (Concurrency): a slot that frees up is filled at once, so a long job (a trimming pass) holds one slot and
        // never the queue — waiting for a whole claimed batch to finish held a post's fan-out back for as long as the pass ran.
        var running = new List<Task>();
        Task<bool>? wake = null; // one outstanding wait at a time, so no wake-up is swallowed by an abandoned wait
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            var claimed = 0;
            if (running.Count < options.Concurrency)
            {
                try
                {
                    foreach (var job in await ClaimAsync(options.Concurrency - running.Count, stoppingToken))
                    {
                        running.Add(RunAsync(job, stoppingToken));
                        claimed++;
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Claiming jobs failed");
                }
                catch (OperationCanceledException) { break; }
            }
            if (claimed > 0 && running.Count < options.Concurrency) continue; // more may be due
            try
            {
                wake ??= signal.WaitAsync(TimeSpan.FromMilliseconds(options.PollMilliseconds), stoppingToken);
                await Task.WhenAny([.. running, wake]);
                if (wake.IsCompleted)
                {
                    await wake; // throws when stopping
                    wake = null;
                }
            }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(running); // each sees the stop and hands its job back
    }

    private async Task<List<Job>> ClaimAsync(int max, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddSeconds(options.LeaseSeconds);
        const string pending = nameof(JobState.Pending), running = nameof(JobState.Running);
        // Due jobs and jobs whose lease ran out are read as two index range scans, each stopping after `max` rows, then merged: one
        // scan with an OR between them sorted the whole backlog on every claim (with 36,000 posts' fan-out waiting, 28–42 ms a claim
        // on PostgreSQL, one claim per finished job — the queue drained at ~20 jobs/s and the sorting took a core from the posts).
        var query = db.Database.IsNpgsql()
            ? db.Jobs.FromSql($"""
                WITH due AS (SELECT "Id", "RunAt" FROM "Jobs" WHERE "State" = {pending} AND "RunAt" <= {now}
                             ORDER BY "RunAt" LIMIT {max} FOR UPDATE SKIP LOCKED),
                     lapsed AS (SELECT "Id", "RunAt" FROM "Jobs" WHERE "State" = {running} AND "LockedUntil" < {now}
                                ORDER BY "RunAt" LIMIT {max} FOR UPDATE SKIP LOCKED)
                UPDATE "Jobs" SET "State" = {running}, "LockedBy" = {Node}, "LockedUntil" = {until}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (SELECT "Id" FROM (SELECT * FROM due UNION ALL SELECT * FROM lapsed) AS c ORDER BY "RunAt" LIMIT {max})
                RETURNING *
                """)
            : db.Jobs.FromSql($"""
                UPDATE "Jobs" SET "State" = {running}, "LockedBy" = {Node}, "LockedUntil" = {until}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (SELECT "Id" FROM (
                                   SELECT * FROM (SELECT "Id", "RunAt" FROM "Jobs" WHERE "State" = {pending} AND "RunAt" <= {now} ORDER BY "RunAt" LIMIT {max})
                                   UNION ALL
                                   SELECT * FROM (SELECT "Id", "RunAt" FROM "Jobs" WHERE "State" = {running} AND "LockedUntil" < {now} ORDER BY "RunAt" LIMIT {max}))
                               ORDER BY "RunAt" LIMIT {max})
                RETURNING *
                """);
        return await query.AsNoTracking().ToListAsync(ct);
    }

    private async Task RunAsync(Job job, CancellationToken ct)
    {
        string? error = null;
        var stopping = false;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lease = KeepLeaseAsync(job, running.Token);
        try
        {
            if (!registry.Runners.TryGetValue(job.Kind, out var run)) throw new InvalidOperationException($"No handler for job kind '{job.Kind}'.");
            using var scope = services.CreateScope();
            await run(scope.ServiceProvider, job.Payload, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stopping = true;
        }
        catch (Exception e)
        {
            error = e.ToString();
            logger.LogWarning(e, "Job {Id} ({Kind}) failed on attempt {Attempt} of {Max}", job.Id, job.Kind, job.Attempts, job.MaxAttempts);
        }
        finally
        {
            await running.CancelAsync();
            await lease;
        }
        try
        {
            if (stopping) await ReleaseAsync(job);
            else await FinishAsync(job, error, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record the end of job {Id} ({Kind}); it is claimed again when its lease runs out", job.Id, job.Kind);
        }
    }

    /// <summary>
    /// Hands back a job this node stops in the middle of (a restart, a deploy): pending again at once, without the attempt it used,
    /// so the next node or the next start runs it now instead of when the lease would have run out (a post's fan-out waited
    /// five minutes after every restart). When this fails the lease still runs out as for a node that died.
    /// </summary>
    private async Task ReleaseAsync(Job job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
            await Held(db, job).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.Attempts, j => j.Attempts - 1)
                    .SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTime?)null), timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not hand back job {Id} ({Kind}) on shutdown; it is reclaimed when its lease runs out", job.Id, job.Kind);
        }
    }

    /// <summary>The job's row while this node still holds it (not reclaimed by another node after its lease ran out).</summary>
    private IQueryable<Job> Held(RoundsDb db, Job job) => db.Jobs.Where(j => j.Id == job.Id && j.LockedBy == Node && j.State == JobState.Running);

    /// <summary>
    /// Renews the lease of a running job every third of its length: a job that outlives its lease (a trimming pass after a busy
    /// hour) would otherwise be claimed again by the next poll and run twice at once. A node that dies
    /// stops renewing, so its jobs are still reclaimed when the lease runs out.
    /// </summary>
    private async Task KeepLeaseAsync(Job job, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.LeaseSeconds / 3.0)));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    using var scope = services.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
                    var until = clock.GetUtcNow().UtcDateTime.AddSeconds(options.LeaseSeconds);
                    await Held(db, job).ExecuteUpdateAsync(s => s.SetProperty(j => j.LockedUntil, until), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing the lease of job {Id} ({Kind}) failed; will retry", job.Id, job.Kind);
                }
            }
        }
        catch (OperationCanceledException) { } // the job finished (or the node is stopping)
    }

    private async Task FinishAsync(Job job, string? error, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = Held(db, job);
        if (registry.Recurring.TryGetValue(job.Kind, out var every))
        {
            // A recurring job is one row: back to pending at its next time, whatever this run did.
            await mine.ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.RunAt, now + every)
                .SetProperty(j => j.Attempts, 0).SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTime?)null)
                .SetProperty(j => j.LastError, Truncate(error)).SetProperty(j => j.FinishedAt, now), ct);
        }
        else if (error is null)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Done).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LockedUntil, (DateTime?)null), ct);
        }
        else if (job.Attempts >= job.MaxAttempts)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LastError, Truncate(error)).SetProperty(j => j.LockedUntil, (DateTime?)null), ct);
        }
        else
        {
            var delay = TimeSpan.FromSeconds(Math.Min(3600, options.RetrySeconds * Math.Pow(2, job.Attempts - 1)));
            await mine.ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.RunAt, now + delay)
                .SetProperty(j => j.LastError, Truncate(error)).SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTime?)null), ct);
        }
    }

    private static string? Truncate(string? s) => s is { Length: > 4000 } ? s[..4000] : s;

    private async Task EnsureRecurringAsync(CancellationToken ct)
    {
        foreach (var (kind, every) in registry.Recurring)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
            if (await db.Jobs.AnyAsync(j => j.UniqueKey == kind, ct)) continue;
            var now = clock.GetUtcNow().UtcDateTime;
            db.Jobs.Add(new Job { Kind = kind, Payload = "{}", State = JobState.Pending, RunAt = now + every, MaxAttempts = 1, CreatedAt = now, UniqueKey = kind });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { } // another node scheduled it first
        }
    }
}
