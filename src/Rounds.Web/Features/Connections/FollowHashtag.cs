using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Connections;

public sealed record HashtagView(string Tag, bool Following);

public static partial class Hashtags
{
    public const int MaxLength = 100;

    [GeneratedRegex(@"^[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*$")]
    private static partial Regex TagRegex();

    /// <summary>The tag as stored (lower case, no "#"), or an error in the words a person understands.</summary>
    public static string? Normalize(string? tag, out string? error)
    {
        var t = PostText.NormalizeTag((tag ?? "").Trim());
        error = t.Length == 0 ? "Name the hashtag."
            : t.Length > MaxLength ? $"A hashtag has at most {MaxLength} characters."
            : !TagRegex().IsMatch(t) ? "A hashtag has letters, digits and underscores, and at least one letter."
            : null;
        return error is null ? t : null;
    }
}

/// <summary>Follow a hashtag: new posts with it reach the home timeline (fan-out), and recent ones are backfilled.</summary>
public static class FollowHashtag
{
    public static async Task<Outcome<HashtagView>> RunAsync(long me, string tag, RoundsDb db, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var t = Hashtags.Normalize(tag, out var error);
        if (t is null) return Outcome.Invalid("tag", error!);
        if (await db.HashtagFollows.AnyAsync(h => h.MemberId == me && h.Tag == t, ct)) return Outcome.Conflict($"You already follow #{t}.");
        db.HashtagFollows.Add(new HashtagFollow { MemberId = me, Tag = t, CreatedAt = clock.GetUtcNow().UtcDateTime });
        jobs.Enqueue(new BackfillFeedJob(me, null, t));
        await db.SaveChangesAsync(ct);
        return new HashtagView(t, true);
    }

    public static async Task<Results<Ok<HashtagView>, ProblemHttpResult>> HandleAsync(string tag, CurrentUser me, RoundsDb db, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        Outcome<HashtagView> outcome;
        try { outcome = await RunAsync(me.Id!.Value, tag, db, jobs, clock, ct); }
        catch (DbUpdateException) { outcome = Outcome.Conflict("You already follow this hashtag."); }
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Stop following a hashtag; the posts it brought (and nothing else brought) leave the home timeline.</summary>
public static class UnfollowHashtag
{
    public static async Task<Outcome<HashtagView>> RunAsync(long me, string tag, RoundsDb db, CancellationToken ct)
    {
        var t = Hashtags.Normalize(tag, out var error);
        if (t is null) return Outcome.Invalid("tag", error!);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.HashtagFollows.Where(h => h.MemberId == me && h.Tag == t).ExecuteDeleteAsync(ct);
        await HomeFeed.RemoveTagAsync(db, me, t, ct);
        await tx.CommitAsync(ct);
        return new HashtagView(t, false);
    }

    public static async Task<Results<Ok<HashtagView>, ProblemHttpResult>> HandleAsync(string tag, CurrentUser me, RoundsDb db, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, tag, db, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
