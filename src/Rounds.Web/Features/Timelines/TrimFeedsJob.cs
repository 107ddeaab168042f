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
    /// <summary>
    /// Members whose timelines one read sizes up (a few hundred thousand rows); members trimmed per transaction at most, and the pause after
    /// each read and each transaction — three times as long as it took, so trimming holds SQLite's write lock, a core or a PostgreSQL
    /// backend at most a quarter of the time (a transaction's wait for the lock counts too: the busier the writers, the longer trimming
    /// stays out of their way).
    /// </summary>
    private const int ScanBatch = 500, TrimBatch = 20;
    private static readonly TimeSpan TrimPause = TimeSpan.FromMilliseconds(10);
    private const int TrimDuty = 3;

    public sealed class Handler(RoundsDb db, TimelineOptions timelines, JobOptions jobs, IFileStore files, TimeProvider clock) : IJobHandler<TrimFeedsJob>
    {
        public async Task RunAsync(TrimFeedsJob job, CancellationToken ct)
        {
            var capacity = Math.Max(1, timelines.HomeCapacity);
            var budget = Math.Max(1, timelines.TrimRowsPerTransaction);
            // What decides what goes is read first (reads block no writer), a range of members at a time: which of them are over the
            // bound, then for each batch the newest post id past it. One read over all 40 M rows of a large home table
            // holds one snapshot for seconds, and on SQLite the log cannot be checkpointed past a reader's snapshot: under steady posting
            // it grew by hundreds of megabytes, and the checkpoints then lagged behind the posts. The deletes are short primary-key range
            // deletes of at most `budget` rows per transaction (a transaction is as long as a post waits for SQLite's write lock behind it:
            // twenty members' excess after a burst held it for tens of milliseconds), with a pause between transactions so posts and
            // their fan-out take the lock in between. A post arriving meanwhile only adds newer ids, so each member keeps at least the
            // newest rows up to the bound.
            var members = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
            foreach (var range in members.Chunk(ScanBatch))
            {
                var (first, last) = (range[0], range[^1]);
                // Reads are paced too: sizing up all 40 M rows of the benchmark's home table took tens of seconds of a core (100–700 ms
                // a read on PostgreSQL), which members' posts on a two-core node felt as much as the deletes.
                var read = System.Diagnostics.Stopwatch.GetTimestamp();
                var over = await db.FeedEntries.Where(f => f.MemberId >= first && f.MemberId <= last)
                    .GroupBy(f => f.MemberId).Where(g => g.Count() > capacity).Select(g => g.Key).ToListAsync(ct);
                await PauseAsync(read, ct);
                foreach (var batch in over.Chunk(TrimBatch))
                {
                    // One read per batch; no cut-off when the member fell back under the capacity meanwhile (an unfollow or a block removes rows).
                    read = System.Diagnostics.Stopwatch.GetTimestamp();
                    var cutoffs = new Queue<(long Member, long Keep)>((await db.Users.Where(u => batch.Contains(u.Id)).Select(u => new
                    {
                        Member = u.Id,
                        Keep = db.FeedEntries.Where(f => f.MemberId == u.Id).OrderByDescending(f => f.PostId).Skip(capacity - 1).Select(f => (long?)f.PostId).FirstOrDefault(),
                    }).ToListAsync(ct)).Where(c => c.Keep is not null).Select(c => (c.Member, c.Keep!.Value)));
                    await PauseAsync(read, ct);
                    while (cutoffs.Count > 0)
                    {
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        await using (var tx = await db.Database.BeginTransactionAsync(ct))
                        {
                            var left = budget;
                            while (left > 0 && cutoffs.TryPeek(out var c))
                            {
                                // The oldest `left` rows: where the member's excess is larger, this transaction stops at the row past them.
                                var stop = await db.FeedEntries.Where(f => f.MemberId == c.Member && f.PostId < c.Keep).OrderBy(f => f.PostId)
                                    .Skip(left).Select(f => (long?)f.PostId).FirstOrDefaultAsync(ct);
                                left -= await db.FeedEntries.Where(f => f.MemberId == c.Member && f.PostId < (stop ?? c.Keep)).ExecuteDeleteAsync(ct);
                                if (stop is null) cutoffs.Dequeue();
                                else break;
                            }
                            await tx.CommitAsync(ct);
                        }
                        await PauseAsync(started, ct, TrimPause);
                    }
                }
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

        /// <summary>
        /// Waits three times as long as the work since <paramref name="started"/> took (plus <paramref name="extra"/>). Wall time, not the
        /// app's clock: it is for the writers waiting now. On PostgreSQL, which locks rows, not the database, the pause keeps the pass to a
        /// quarter of a core: run flat out after a busy hour it took a core from members' posts.
        /// </summary>
        private static Task PauseAsync(long started, CancellationToken ct, TimeSpan extra = default) =>
            Task.Delay(extra + System.Diagnostics.Stopwatch.GetElapsedTime(started) * TrimDuty, ct);
    }
}
