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
    public sealed class Handler(RoundsDb db, TimelineOptions timelines, JobOptions jobs, IFileStore files, TimeProvider clock) : IJobHandler<TrimFeedsJob>
    {
        public async Task RunAsync(TrimFeedsJob job, CancellationToken ct)
        {
            var capacity = Math.Max(1, timelines.HomeCapacity);
            // Find the members over capacity with a read (it blocks no writer), then trim them in small batches so no
            // single statement holds the database's write lock for long (a whole-table DELETE stalled posting for seconds).
            var over = await db.FeedEntries.GroupBy(f => f.MemberId).Where(g => g.Count() > capacity).Select(g => g.Key).ToListAsync(ct);
            foreach (var batch in over.Chunk(100))
            {
                var members = string.Join(",", batch); // numbers only
#pragma warning disable EF1002
                await db.Database.ExecuteSqlRawAsync($"""
                    DELETE FROM "FeedEntries" WHERE ("MemberId", "PostId") IN (
                        SELECT "MemberId", "PostId" FROM (
                            SELECT "MemberId", "PostId", ROW_NUMBER() OVER (PARTITION BY "MemberId" ORDER BY "PostId" DESC) AS "Rank"
                            FROM "FeedEntries" WHERE "MemberId" IN ({members})
                        ) AS "Ranked"
                        WHERE "Rank" > {capacity})
                    """, ct);
#pragma warning restore EF1002
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
