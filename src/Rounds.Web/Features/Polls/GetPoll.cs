using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

public sealed record PollOptionView(long Id, string Text, int? Votes);

/// <summary>
/// A poll as a viewer sees it: counts only when <see cref="Poll.ResultsVisible"/> allows. <see cref="Author"/> is null for a case's
/// differential (its case may be pseudonymous); <see cref="CanManage"/> is the author or a moderator (breakdown export, analytics).
/// </summary>
public sealed record PollView(long Id, string Question, bool AllowsMultiple, DateTime? ClosesAt, bool Closed, IReadOnlyList<PollOptionView> Options,
    IReadOnlyList<long> MyVotes, bool ResultsVisible, int? Voters, int? MaxChoices = null, bool ResultsAfterClose = false, long? PostId = null,
    string Audience = "public", long? GroupId = null, MemberSummary? Author = null, bool CanVote = false, bool CanManage = false, DateTime? CreatedAt = null,
    string Url = "");

public sealed record PollListPage(IReadOnlyList<PollView> Items, long? NextMaxId);

/// <summary>A poll the viewer may see, and whether what it belongs to has revealed its results (a resolved case).</summary>
public sealed record VisiblePoll(Poll Poll, bool Revealed);

public static class PollViews
{
    /// <summary>One poll as this viewer sees it (no audience check here: callers load it through <see cref="GetPoll.LoadVisibleAsync"/> or its case).</summary>
    public static async Task<PollView?> ViewAsync(RoundsDb db, Viewer viewer, long pollId, bool revealed, DateTime now, CancellationToken ct)
    {
        var poll = await db.Polls.AsNoTracking().Include(p => p.Options).SingleOrDefaultAsync(p => p.Id == pollId, ct);
        if (poll is null) return null;
        return (await BuildAsync(db, viewer, [poll], now, ct, revealed ? [poll.Id] : null))[poll.Id];
    }

    /// <summary>Views of many polls in a fixed number of queries (timelines, the poll list).</summary>
    public static async Task<Dictionary<long, PollView>> BuildAsync(RoundsDb db, Viewer viewer, IReadOnlyCollection<Poll> polls, DateTime now,
        CancellationToken ct, IReadOnlyCollection<long>? revealed = null)
    {
        if (polls.Count == 0) return [];
        var ids = polls.Select(p => p.Id).ToList();
        var mine = viewer.Id is { } me
            ? (await db.PollVotes.Where(v => ids.Contains(v.PollId) && v.MemberId == me).Select(v => new { v.PollId, v.OptionId }).ToListAsync(ct))
                .ToLookup(v => v.PollId, v => v.OptionId)
            : Array.Empty<(long PollId, long OptionId)>().ToLookup(v => v.PollId, v => v.OptionId);
        var moderates = viewer.Kind is ViewerKind.Moderator or ViewerKind.Admin;
        bool Manages(Poll p) => viewer.Id == p.AuthorId || moderates;
        bool Visible(Poll p) => p.ResultsVisible(mine[p.Id].Any(), Manages(p) && p.ContextKind != "case", now, revealed?.Contains(p.Id) == true);

        var shown = polls.Where(Visible).Select(p => p.Id).ToList();
        var counts = shown.Count == 0 ? [] : await db.PollVotes.Where(v => shown.Contains(v.PollId)).GroupBy(v => v.OptionId)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var voters = shown.Count == 0 ? [] : await db.PollVotes.Where(v => shown.Contains(v.PollId)).Select(v => new { v.PollId, v.MemberId }).Distinct()
            .GroupBy(v => v.PollId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var authorIds = polls.Where(p => p.ContextKind != "case").Select(p => p.AuthorId).Distinct().ToList();
        var authors = authorIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);

        return polls.ToDictionary(p => p.Id, p =>
        {
            var visible = Visible(p);
            var voted = mine[p.Id].ToList();
            return new PollView(p.Id, p.Question, p.AllowsMultiple, p.ClosesAt, p.IsClosed(now),
                p.Options.OrderBy(o => o.Position).Select(o => new PollOptionView(o.Id, o.Text, visible ? counts.GetValueOrDefault(o.Id) : null)).ToList(),
                voted, visible, visible ? voters.GetValueOrDefault(p.Id) : null, p.AllowsMultiple ? p.MaxChoices : null, p.ResultsAfterClose, p.PostId,
                p.Audience.ToString().ToLowerInvariant(), p.GroupId,
                p.ContextKind != "case" && authors.TryGetValue(p.AuthorId, out var a) ? MemberSummary.From(a, now) : null,
                viewer.IsSignedIn && voted.Count == 0 && !p.IsClosed(now), Manages(p), p.CreatedAt,
                p.ContextKind == "case" ? $"/cases/{p.ContextId}" : $"/polls/{p.Id}");
        });
    }

    /// <summary>The polls that the given posts introduce, keyed by post; the posts' own audience check already applied.</summary>
    public static async Task<Dictionary<long, PollView>> ForPostsAsync(RoundsDb db, Viewer viewer, IReadOnlyCollection<long> postIds, DateTime now,
        CancellationToken ct)
    {
        if (postIds.Count == 0) return [];
        var polls = await db.Polls.AsNoTracking().Include(p => p.Options).Where(p => p.PostId != null && postIds.Contains(p.PostId.Value)).ToListAsync(ct);
        if (polls.Count == 0) return [];
        var views = await BuildAsync(db, viewer, polls, now, ct);
        return polls.ToDictionary(p => p.PostId!.Value, p => views[p.Id]);
    }
}

/// <summary>The first time a member opens a poll or its post; replays are ignored by the key.</summary>
public static class PollReachLog
{
    public static async Task RecordAsync(RoundsDb db, long pollId, Viewer viewer, DateTime now, CancellationToken ct)
    {
        if (viewer.Id is not { } me) return;
        if (await db.PollReaches.AnyAsync(r => r.PollId == pollId && r.MemberId == me, ct)) return;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"PollReaches\" (\"PollId\", \"MemberId\", \"FirstSeenAt\") VALUES ({pollId}, {me}, {now}) ON CONFLICT DO NOTHING", ct);
    }
}

/// <summary>Reads polls through the one audience check: a poll the viewer may not see does not exist for them (404).</summary>
public static class GetPoll
{
    public static async Task<VisiblePoll?> LoadVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var poll = await db.Polls.Include(p => p.Options).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (poll is null) return null;
        // A poll that belongs to a case is seen exactly as its case is (a pseudonymous author stays hidden).
        if (poll.ContextKind == "case" && poll.ContextId is { } caseId)
            return await Cases.GetCase.LoadVisibleAsync(db, audiences, viewer, caseId, ct) is { } c ? new(poll, c.Status == Cases.CaseStatus.Resolved) : null;
        // A standalone poll lives and dies with the post that introduces it.
        if (poll.PostId is { } postId)
            return await Posts.CreatePost.LoadVisibleAsync(db, audiences, viewer, postId, ct) is not null ? new(poll, false) : null;
        return await audiences.CanSeeAsync(viewer, poll.Target, ct) ? new(poll, false) : null;
    }

    public static async Task<PollView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct,
        bool recordReach = true)
    {
        if (await LoadVisibleAsync(db, audiences, viewer, id, ct) is not { } visible) return null;
        if (recordReach) await PollReachLog.RecordAsync(db, id, viewer, now, ct);
        return (await PollViews.BuildAsync(db, viewer, [visible.Poll], now, ct, visible.Revealed ? [id] : null))[id];
    }

    /// <summary>Standalone polls newest first; "open" or "closed" narrows them. Polls the viewer may not see are skipped, never counted.</summary>
    public static async Task<PollListPage> ListAsync(RoundsDb db, Audiences audiences, Viewer viewer, string? state, long? maxId, int? limit, DateTime now,
        CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 20, 1, 50);
        var q = db.Polls.AsNoTracking().Include(p => p.Options)
            .Where(p => p.PostId != null && db.Posts.Any(post => post.Id == p.PostId && post.DeletedAt == null));
        if (state == "open") q = q.Where(p => p.ClosesAt == null || p.ClosesAt > now);
        else if (state == "closed") q = q.Where(p => p.ClosesAt != null && p.ClosesAt <= now);
        var visible = new List<Poll>();
        long? cursor = maxId;
        // Read in batches until the page is full: polls the viewer may not see are skipped, never counted.
        while (visible.Count < take)
        {
            var batchQuery = cursor is { } m ? q.Where(p => p.Id < m) : q;
            var batch = await batchQuery.OrderByDescending(p => p.Id).Take(take * 2).ToListAsync(ct);
            visible.AddRange((await audiences.FilterAsync(viewer, batch, p => p.Target, ct)).Take(take - visible.Count));
            if (batch.Count < take * 2) break;
            cursor = batch[^1].Id;
        }
        long? next = visible.Count == take ? visible[^1].Id : null;
        var views = await PollViews.BuildAsync(db, viewer, visible, now, ct);
        return new PollListPage(visible.Select(p => views[p.Id]).ToList(), next);
    }

    public static async Task<Results<Ok<PollView>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.Problem(Problems.NotFound()) : TypedResults.Ok(view);
    }

    public static async Task<Ok<PollListPage>> ListHandleAsync(string? state, long? maxId, int? limit, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, audiences, await me.ViewerAsync(ct), state, maxId, limit, clock.GetUtcNow().UtcDateTime, ct));
}
