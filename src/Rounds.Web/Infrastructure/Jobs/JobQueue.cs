using System.Text.Json;
using Rounds.Web.Data;

namespace Rounds.Web.Infrastructure.Jobs;

/// <summary>A job's payload; its type name is the job's kind.</summary>
public interface IJob;

/// <summary>Runs one kind of job. Handlers must tolerate running again after a crash (at-least-once).</summary>
public interface IJobHandler<in T> where T : IJob
{
    Task RunAsync(T job, CancellationToken ct);
}

public sealed class JobOptions
{
    /// <summary>Run the worker on this node (a node may be web-only).</summary>
    public bool Worker { get; set; } = true;
    public int PollMilliseconds { get; set; } = 1000;
    public int MaxAttempts { get; set; } = 5;
    /// <summary>First retry delay; each further attempt doubles it (capped at an hour).</summary>
    public double RetrySeconds { get; set; } = 10;
    public int Concurrency { get; set; } = 2;
    public int LeaseSeconds { get; set; } = 300;
    /// <summary>Finished jobs are deleted after this many days; failed ones stay until retried or removed.</summary>
    public int KeepDoneDays { get; set; } = 2;
}

/// <summary>Enqueues jobs into the caller's unit of work: the job commits with the change that caused it, or not at all.</summary>
public sealed class JobQueue(RoundsDb db, TimeProvider clock, JobSignal signal, JobOptions options)
{
    private bool _hooked;

    public void Enqueue<T>(T job, TimeSpan? delay = null) where T : IJob
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Jobs.Add(new Job
        {
            Kind = typeof(T).Name, Payload = JsonSerializer.Serialize(job), State = JobState.Pending,
            RunAt = now + (delay ?? TimeSpan.Zero), MaxAttempts = options.MaxAttempts, CreatedAt = now,
        });
        if (_hooked) return;
        _hooked = true;
        db.SavedChanges += (_, _) => signal.Wake();
    }
}

/// <summary>Wakes the local worker as soon as a job is committed on this node; other nodes find it by polling.</summary>
public sealed class JobSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, int.MaxValue);

    public void Wake()
    {
        if (_semaphore.CurrentCount == 0) _semaphore.Release();
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}

/// <summary>Maps job kinds to their payload types and handlers; recurring kinds carry their interval.</summary>
public sealed class JobRegistry
{
    internal readonly Dictionary<string, Func<IServiceProvider, string, CancellationToken, Task>> Runners = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, TimeSpan> Recurring = new(StringComparer.Ordinal);

    internal void Add<T, THandler>(TimeSpan? every) where T : IJob where THandler : IJobHandler<T>
    {
        Runners[typeof(T).Name] = (sp, payload, ct) =>
            sp.GetRequiredService<THandler>().RunAsync(JsonSerializer.Deserialize<T>(payload)!, ct);
        if (every is { } e) Recurring[typeof(T).Name] = e;
    }
}

public static class JobSetup
{
    public static IServiceCollection AddJob<T, THandler>(this IServiceCollection services, TimeSpan? every = null)
        where T : IJob where THandler : class, IJobHandler<T>
    {
        services.AddScoped<THandler>();
        Registry(services).Add<T, THandler>(every);
        return services;
    }

    public static IServiceCollection AddRoundsJobs(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Rounds:Jobs").Get<JobOptions>() ?? new();
        services.AddSingleton(options);
        services.AddSingleton<JobSignal>();
        services.AddScoped<JobQueue>();
        Registry(services);
        if (options.Worker) services.AddHostedService<JobWorker>();
        return services;
    }

    private static JobRegistry Registry(IServiceCollection services)
    {
        if (services.FirstOrDefault(s => s.ServiceType == typeof(JobRegistry))?.ImplementationInstance is JobRegistry r) return r;
        var registry = new JobRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
