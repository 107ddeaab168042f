using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rounds.Web.Infrastructure.Jobs;

public enum JobState { Pending, Running, Done, Failed }

/// <summary>
/// A slow side effect persisted in the same transaction as the change that caused it (an outbox row),
/// run by <see cref="JobWorker"/> on any node.
/// </summary>
public sealed class Job
{
    public long Id { get; set; }
    /// <summary>The payload type's name, e.g. "DeliverPostJob".</summary>
    public string Kind { get; set; } = "";
    public string Payload { get; set; } = "{}";
    public JobState State { get; set; }
    public DateTime RunAt { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Set for recurring jobs: one row per kind, rescheduled after each run.</summary>
    public string? UniqueKey { get; set; }
}

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Kind).HasMaxLength(100);
        b.Property(j => j.State).HasConversion<string>().HasMaxLength(10);
        b.Property(j => j.LockedBy).HasMaxLength(100);
        b.Property(j => j.LastError).HasMaxLength(4000);
        b.Property(j => j.UniqueKey).HasMaxLength(100);
        b.HasIndex(j => new { j.State, j.RunAt });
        b.HasIndex(j => j.UniqueKey).IsUnique();
    }
}
