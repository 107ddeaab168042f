using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Tests.Features;
using Rounds.Web.Data;
using Rounds.Web.Features.Admin;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Tests.Infrastructure.Jobs;

/// <summary>A job that fails a set number of times before it succeeds, counting its runs.</summary>
public sealed record FlakyJob(string Name, int Failures) : IJob
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();

    public sealed class Handler : IJobHandler<FlakyJob>
    {
        public Task RunAsync(FlakyJob job, CancellationToken ct)
        {
            var run = Runs.AddOrUpdate(job.Name, 1, (_, n) => n + 1);
            if (run <= job.Failures) throw new InvalidOperationException($"{job.Name} failed on run {run}");
            return Task.CompletedTask;
        }
    }
}

/// <summary>A job that runs until the test releases it, counting how often it was started.</summary>
public sealed record LongJob(string Name) : IJob
{
    public static readonly ConcurrentDictionary<string, int> Starts = new();
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Release = new();

    public static TaskCompletionSource ReleaseOf(string name) => Release.GetOrAdd(name, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public sealed class Handler : IJobHandler<LongJob>
    {
        public async Task RunAsync(LongJob job, CancellationToken ct)
        {
            Starts.AddOrUpdate(job.Name, 1, (_, n) => n + 1);
            await ReleaseOf(job.Name).Task.WaitAsync(ct);
        }
    }
}

public class JobsApp : RoundsApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Rounds:Jobs:MaxAttempts", "3"),
        new("Rounds:Jobs:RetrySeconds", "60"),
        new("Rounds:Jobs:LeaseSeconds", "6"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddJob<FlakyJob, FlakyJob.Handler>().AddJob<LongJob, LongJob.Handler>());
    }
}

/// <summary>The same app with no worker of its own: a test starts its nodes (with workers) from it.</summary>
public sealed class QuietJobsApp : JobsApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. base.Settings, new("Rounds:Jobs:Worker", "false")];
}

public class JobQueueTests(JobsApp app) : IClassFixture<JobsApp>
{
    private Task<long> EnqueueAsync(FlakyJob job, IServiceProvider? services = null) => EnqueueWith(services ?? app.Services, job);

    private static async Task<long> EnqueueWith(IServiceProvider services, FlakyJob job)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
        scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(job);
        await db.SaveChangesAsync();
        return await db.Jobs.Where(j => j.Kind == nameof(FlakyJob)).OrderByDescending(j => j.Id).Select(j => j.Id).FirstAsync();
    }

    private Task<Job> JobAsync(long id) => app.WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));

    [Fact]
    public async Task A_failing_job_retries_with_growing_delays_then_stays_failed_and_an_admin_can_retry_it()
    {
        var name = Guid.NewGuid().ToString("N");
        var id = await EnqueueAsync(new FlakyJob(name, Failures: 3));
        await app.SettleAsync();

        var first = await JobAsync(id);
        Assert.Equal(JobState.Pending, first.State);
        Assert.Equal(1, first.Attempts);
        Assert.Contains("failed on run 1", first.LastError);
        var start = app.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(start.AddSeconds(60), first.RunAt, TimeSpan.FromSeconds(1));

        // Not before its time.
        await Task.Delay(300);
        Assert.Equal(1, FlakyJob.Runs[name]);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.SettleAsync();
        var second = await JobAsync(id);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(120), second.RunAt, TimeSpan.FromSeconds(1)); // doubled

        app.Clock.Advance(TimeSpan.FromSeconds(121));
        await app.SettleAsync();
        var failed = await JobAsync(id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(3, FlakyJob.Runs[name]);

        var admin = await app.Given.Admin();
        var listed = await app.As(admin).GetFromJsonAsync<JobsResponse>("/api/v1/admin/jobs?state=failed");
        var view = Assert.Single(listed!.Jobs, j => j.Id == id);
        Assert.Contains("failed on run 3", view.LastError);
        Assert.True(listed.Counts.Failed >= 1);

        var member = await app.Given.Member();
        await (await app.As(member).PostAsync($"/api/v1/admin/jobs/{id}/retry", null)).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(admin).PostAsync($"/api/v1/admin/jobs/{id}/retry", null)).AssertStatusAsync(HttpStatusCode.NoContent);
        await app.SettleAsync();
        Assert.Equal(JobState.Done, (await JobAsync(id)).State);
        Assert.Equal(4, FlakyJob.Runs[name]);
        await (await app.As(admin).PostAsync($"/api/v1/admin/jobs/{id}/retry", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.JobRetried && a.ActorId == admin.Id)));
    }

    [Fact]
    public async Task A_job_committed_while_no_worker_runs_is_done_by_the_next_node_that_starts()
    {
        var name = Guid.NewGuid().ToString("N");
        long id;
        await using (var stopped = app.WithWebHostBuilder(b => b.UseSetting("Rounds:Jobs:Worker", "false")))
        {
            // The main fixture's worker is running too, so enqueue a job it cannot see yet: due in the future.
            using var scope = stopped.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(new FlakyJob(name, 0), delay: TimeSpan.FromMinutes(10));
            await db.SaveChangesAsync();
            id = await db.Jobs.Where(j => j.Kind == nameof(FlakyJob)).OrderByDescending(j => j.Id).Select(j => j.Id).FirstAsync();
        }
        Assert.Equal(JobState.Pending, (await JobAsync(id)).State);
        Assert.False(FlakyJob.Runs.ContainsKey(name));

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await app.SettleAsync();
        Assert.Equal(JobState.Done, (await JobAsync(id)).State);
        Assert.Equal(1, FlakyJob.Runs[name]);
    }

    [Fact]
    public async Task A_job_that_outlives_its_lease_keeps_it_and_is_not_run_again_by_another_node()
    {
        var name = Guid.NewGuid().ToString("N");
        var release = LongJob.ReleaseOf(name);
        // A second node on the same database, its worker polling every second: it would take over a job whose lease ran out.
        await using var other = app.WithWebHostBuilder(_ => { });
        _ = other.Services;
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(new LongJob(name));
            await scope.ServiceProvider.GetRequiredService<RoundsDb>().SaveChangesAsync();
        }
        await WaitForStartsAsync(name, 1);

        // Sixteen seconds of app time pass while it runs, well past its six-second lease, with both workers polling meanwhile.
        for (var i = 0; i < 16; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(500);
        }
        Assert.Equal(1, LongJob.Starts[name]);

        release.SetResult();
        await app.SettleAsync();
        Assert.Equal(JobState.Done, await app.WithDbAsync(db => db.Jobs.Where(j => j.Kind == nameof(LongJob) && j.Payload.Contains(name)).Select(j => j.State).SingleAsync()));
        Assert.Equal(1, LongJob.Starts[name]);
    }

    [Fact]
    public async Task A_job_running_on_a_node_that_stops_is_handed_back_and_the_next_node_runs_it_at_once()
    {
        var quiet = new QuietJobsApp();
        await quiet.InitializeAsync();
        try
        {
            var name = Guid.NewGuid().ToString("N");
            var release = LongJob.ReleaseOf(name);
            long id;
            var first = quiet.WithWebHostBuilder(b => b.UseSetting("Rounds:Jobs:Worker", "true"));
            using (var scope = first.Services.CreateScope())
            {
                scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(new LongJob(name));
                var db = scope.ServiceProvider.GetRequiredService<RoundsDb>();
                await db.SaveChangesAsync();
                id = await db.Jobs.Where(j => j.Kind == nameof(LongJob)).OrderByDescending(j => j.Id).Select(j => j.Id).FirstAsync();
            }
            await WaitForStartsAsync(name, 1);

            await first.DisposeAsync(); // a graceful stop (a restart, a deploy) while the job runs
            var handedBack = await quiet.WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));
            Assert.Equal(JobState.Pending, handedBack.State);
            Assert.Null(handedBack.LockedBy);
            Assert.Equal(0, handedBack.Attempts); // the interrupted run does not count against its attempts

            // The next node takes it at once: no time passes on the app's clock, so no lease could have run out.
            await using var next = quiet.WithWebHostBuilder(b => b.UseSetting("Rounds:Jobs:Worker", "true"));
            _ = next.Services;
            await WaitForStartsAsync(name, 2);
            release.SetResult();
            await quiet.SettleAsync();
            var done = await quiet.WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));
            Assert.Equal(JobState.Done, done.State);
            Assert.Equal(1, done.Attempts);
        }
        finally
        {
            await ((IAsyncLifetime)quiet).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_long_job_holds_one_slot_and_jobs_enqueued_meanwhile_run_beside_it()
    {
        var name = Guid.NewGuid().ToString("N");
        var release = LongJob.ReleaseOf(name);
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(new LongJob(name));
            await scope.ServiceProvider.GetRequiredService<RoundsDb>().SaveChangesAsync();
        }
        await WaitForStartsAsync(name, 1);
        try
        {
            // A post's fan-out must not wait for a trimming pass: jobs enqueued while a long one runs go through the other slot.
            var ids = new List<long>();
            for (var i = 0; i < 3; i++) ids.Add(await EnqueueAsync(new FlakyJob($"{name}-{i}", 0)));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await app.WithDbAsync(db => db.Jobs.Where(j => ids.Contains(j.Id)).Select(j => j.State).ToListAsync())).Any(s => s != JobState.Done))
            {
                Assert.True(DateTime.UtcNow < deadline, "the jobs enqueued beside the long one did not run");
                await Task.Delay(25);
            }
            Assert.False(release.Task.IsCompleted);
            Assert.Equal(JobState.Running, await app.WithDbAsync(db => db.Jobs.Where(j => j.Kind == nameof(LongJob) && j.Payload.Contains(name)).Select(j => j.State).SingleAsync()));
        }
        finally
        {
            release.TrySetResult();
        }
        await app.SettleAsync();
        Assert.Equal(1, LongJob.Starts[name]);
    }

    private static async Task WaitForStartsAsync(string name, int starts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (LongJob.Starts.GetValueOrDefault(name) < starts)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the job did not start (run {starts})");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task A_job_whose_node_died_mid_run_is_reclaimed_when_its_lease_runs_out()
    {
        var name = Guid.NewGuid().ToString("N");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var id = await app.WithDbAsync(async db =>
        {
            var job = new Job
            {
                Kind = nameof(FlakyJob), Payload = $$"""{"Name":"{{name}}","Failures":0}""", State = JobState.Running, Attempts = 1, MaxAttempts = 3,
                LockedBy = "a-node-that-crashed", LockedUntil = now.AddMinutes(5), RunAt = now, CreatedAt = now,
            };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
        await Task.Delay(300);
        Assert.False(FlakyJob.Runs.ContainsKey(name)); // still leased

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.SettleAsync();
        var job = await JobAsync(id);
        Assert.Equal(JobState.Done, job.State);
        Assert.NotEqual("a-node-that-crashed", job.LockedBy);
        Assert.Equal(1, FlakyJob.Runs[name]);
    }
}
