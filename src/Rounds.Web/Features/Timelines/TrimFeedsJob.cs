using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// Hourly upkeep: keeps the newest <see cref="TimelineOptions.HomeCapacity"/> rows of each home timeline (decision 0002: the
/// fan-out table stays bounded), deletes finished jobs older than <see cref="JobOptions.KeepDoneDays"/>, and removes images
/// uploaded but never attached to a post within a day (a compose abandoned after upload).
/// </summary>
public sealed record TrimFeedsJob() : IJob
{
    /// <summary>Members trimmed per transaction, and the pause after each (writers waiting for the lock get it then).</summary>
    private const int TrimBatch = 20;
    private static readonly TimeSpan TrimPause = TimeSpan.FromMilliseconds(10);

    public sealed class Handler(RoundsDb db, TimelineOptions timelines, JobOptions jobs, IFileStore files, TimeProvider clock) : IJobHandler<TrimFeedsJob>
    {
        public async Task RunAsync(TrimFeedsJob job, CancellationToken ct)
        {
            var capacity = Math.Max(1, timelines.HomeCapacity);
            // Everything that decides what goes is read first (reads block no writer): the members over capacity, then for each the
            // newest post id past the bound. The deletes are then short primary-key range deletes, a few members per transaction,
            // with a pause between transactions so posts and their fan-out take the write lock in between: a pass after a busy hour
            // deletes hundreds of thousands of rows, and done as window queries over a hundred members at a time it held SQLite's
            // write lock almost without a gap for half a minute (posting waited seconds). A post arriving meanwhile only adds newer
            // ids, so each member keeps at least the newest rows up to the bound.
            var over = await db.FeedEntries.GroupBy(f => f.MemberId).Where(g => g.Count() > capacity).Select(g => g.Key).ToListAsync(ct);
            foreach (var batch in over.Chunk(TrimBatch))
            {
                // One read per batch; no cut-off when the member fell back under the bound meanwhile (an unfollow or a block removes rows).
                var cutoffs = await db.Users.Where(u => batch.Contains(u.Id)).Select(u => new
                {
                    Member = u.Id,
                    Keep = db.FeedEntries.Where(f => f.MemberId == u.Id).OrderByDescending(f => f.PostId).Skip(capacity - 1).Select(f => (long?)f.PostId).FirstOrDefault(),
                }).ToListAsync(ct);
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    foreach (var c in cutoffs.Where(c => c.Keep is not null))
                        await db.FeedEntries.Where(f => f.MemberId == c.Member && f.PostId < c.Keep).ExecuteDeleteAsync(ct);
                    await tx.CommitAsync(ct);
                }
                // Wall time, not the app's clock: it is for the writers waiting now. PostgreSQL locks rows, not the database: no pause.
                if (db.Database.IsSqlite()) await Task.Delay(TrimPause, ct);
            }

            var before = clock.GetUtcNow().UtcDateTime.AddDays(-jobs.KeepDoneDays);
            await db.Jobs.Where(j => j.State == JobState.Done && j.FinishedAt < before).ExecuteDeleteAsync(ct);

            var abandoned = clock.GetUtcNow().UtcDateTime.AddDays(-1);
            var orphans = await db.PostMedia.Where(Posts.PostMedia.Unattached).Where(m => m.CreatedAt < abandoned).Take(1000).ToListAsync(ct);
            foreach (var m in orphans)
            {
                await files.DeleteAsync(m.Key, ct);
                if (m.ThumbnailKey is not null) await files.DeleteAsync(m.ThumbnailKey, ct);
            }
            db.PostMedia.RemoveRange(orphans);
            await db.SaveChangesAsync(ct);
        }
    }
}
