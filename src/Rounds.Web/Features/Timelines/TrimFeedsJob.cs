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
            // One set-based statement on both providers; only members over capacity are ranked.
            await db.Database.ExecuteSqlAsync($"""
                DELETE FROM "FeedEntries" WHERE ("MemberId", "PostId") IN (
                    SELECT "MemberId", "PostId" FROM (
                        SELECT "MemberId", "PostId", ROW_NUMBER() OVER (PARTITION BY "MemberId" ORDER BY "PostId" DESC) AS "Rank"
                        FROM "FeedEntries"
                        WHERE "MemberId" IN (SELECT "MemberId" FROM "FeedEntries" GROUP BY "MemberId" HAVING COUNT(*) > {capacity})
                    ) AS "Ranked"
                    WHERE "Rank" > {capacity})
                """, ct);

            var before = clock.GetUtcNow().UtcDateTime.AddDays(-jobs.KeepDoneDays);
            await db.Jobs.Where(j => j.State == JobState.Done && j.FinishedAt < before).ExecuteDeleteAsync(ct);

            var abandoned = clock.GetUtcNow().UtcDateTime.AddDays(-1);
            var orphans = await db.PostMedia.Where(m => m.PostId == null && m.CreatedAt < abandoned).Take(1000).ToListAsync(ct);
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
