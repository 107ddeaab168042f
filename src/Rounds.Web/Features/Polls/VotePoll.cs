using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

public sealed record PollOptionView(long Id, string Text, int? Votes);

/// <summary>A poll as a viewer sees it: counts only once they voted, the poll closed, or what it belongs to revealed them.</summary>
public sealed record PollView(long Id, string Question, bool AllowsMultiple, DateTime? ClosesAt, bool Closed, IReadOnlyList<PollOptionView> Options,
    IReadOnlyList<long> MyVotes, bool ResultsVisible, int? Voters);

public static class PollViews
{
    public static async Task<PollView?> ViewAsync(RoundsDb db, Viewer viewer, long pollId, bool revealed, DateTime now, CancellationToken ct)
    {
        var poll = await db.Polls.AsNoTracking().Include(p => p.Options).SingleOrDefaultAsync(p => p.Id == pollId, ct);
        if (poll is null) return null;
        var mine = viewer.Id is { } me ? await db.PollVotes.Where(v => v.PollId == pollId && v.MemberId == me).Select(v => v.OptionId).ToListAsync(ct) : [];
        var visible = revealed || mine.Count > 0 || poll.IsClosed(now);
        Dictionary<long, int> counts = [];
        int? voters = null;
        if (visible)
        {
            counts = await db.PollVotes.Where(v => v.PollId == pollId).GroupBy(v => v.OptionId).Select(g => new { g.Key, N = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.N, ct);
            voters = await db.PollVotes.Where(v => v.PollId == pollId).Select(v => v.MemberId).Distinct().CountAsync(ct);
        }
        return new PollView(poll.Id, poll.Question, poll.AllowsMultiple, poll.ClosesAt, poll.IsClosed(now),
            poll.Options.OrderBy(o => o.Position).Select(o => new PollOptionView(o.Id, o.Text, visible ? counts.GetValueOrDefault(o.Id) : null)).ToList(),
            mine, visible, voters);
    }
}

/// <summary>One vote per member per poll (a replay is a 409); the poll's audience decides who may vote.</summary>
public static class VotePoll
{
    public sealed record Request(List<long>? OptionIds);

    public static async Task<Outcome<bool>> RunAsync(Viewer viewer, long pollId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only members vote.");
        var poll = await db.Polls.Include(p => p.Options).SingleOrDefaultAsync(p => p.Id == pollId, ct);
        if (poll is null) return Outcome.NotFound();
        // A poll that belongs to a case is seen exactly as its case is (a pseudonymous author stays hidden).
        var visible = poll.ContextKind == "case" && poll.ContextId is { } caseId
            ? await Cases.GetCase.LoadVisibleAsync(db, audiences, viewer, caseId, ct) is not null
            : await audiences.CanSeeAsync(viewer, poll.Target, ct);
        if (!visible) return Outcome.NotFound();
        var choices = (r.OptionIds ?? []).Distinct().ToList();
        if (choices.Count > Poll.MaxOptions) return Outcome.Invalid("optionIds", "Too many options.");
        if (choices.Count == 0) return Outcome.Invalid("optionIds", "Choose an option.");
        if (!poll.AllowsMultiple && choices.Count > 1) return Outcome.Invalid("optionIds", "Choose one option.");
        if (choices.Any(c => poll.Options.All(o => o.Id != c))) return Outcome.Invalid("optionIds", "That option is not in this poll.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (poll.IsClosed(now)) return Outcome.Conflict("The poll has closed.");
        if (await db.PollVotes.AnyAsync(v => v.PollId == pollId && v.MemberId == me, ct)) return Outcome.Conflict("You have already voted in this poll.");
        db.PollVotes.AddRange(choices.Select(c => new PollVote { PollId = pollId, OptionId = c, MemberId = me, CreatedAt = now }));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return Outcome.Conflict("You have already voted in this poll."); } // two votes racing: the key decides
        return true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}
