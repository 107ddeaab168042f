using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

public sealed record OptionShare(long OptionId, string Option, int Votes, double Share);

/// <summary>
/// The "usual suspects" measure: how much of this poll's vote comes from the community's most active tenth of voters (by polls voted in,
/// over all polls). A high share means the poll mostly heard the same few voices.
/// </summary>
public sealed record UsualSuspects(int CommunityVoters, int MostActiveVoters, int MinPollsOfMostActive, int VotersHereFromMostActive, double Share);

/// <summary>
/// What an educator needs to judge a poll: how many learners it reached (first opened the poll or its post, or voted), how many answered,
/// the distribution (when its results are visible to them) and the usual-suspects share. The author is not counted as a learner.
/// </summary>
public sealed record PollAnalytics(long PollId, string Question, bool Closed, int Reached, int Voters, double AnswerRate, bool DistributionVisible,
    IReadOnlyList<OptionShare>? Distribution, UsualSuspects UsualSuspects);

public static class GetPollAnalytics
{
    public static async Task<Outcome<PollAnalytics>> RunAsync(Viewer viewer, long pollId, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        if (await GetPoll.LoadVisibleAsync(db, audiences, viewer, pollId, ct) is not { } visible) return Outcome.NotFound();
        var poll = visible.Poll;
        if (!ExportPollResults.Manages(viewer, poll)) return Outcome.Forbidden("Only the poll's author and moderators can see its analytics.");
        var now = clock.GetUtcNow().UtcDateTime;
        var view = (await PollViews.BuildAsync(db, viewer, [poll], now, ct, visible.Revealed ? [pollId] : null))[pollId];

        var voters = await db.PollVotes.Where(v => v.PollId == pollId && v.MemberId != poll.AuthorId).Select(v => v.MemberId).Distinct().ToListAsync(ct);
        var opened = await db.PollReaches.Where(r => r.PollId == pollId && r.MemberId != poll.AuthorId).Select(r => r.MemberId).ToListAsync(ct);
        var reached = opened.Union(voters).Count();

        // Every member's number of polls voted in; the top tenth (at least one member) are the community's most active voters.
        var activity = await db.PollVotes.Select(v => new { v.PollId, v.MemberId }).Distinct().GroupBy(v => v.MemberId)
            .Select(g => new { Member = g.Key, Polls = g.Count() }).ToListAsync(ct);
        var topCount = activity.Count == 0 ? 0 : (int)Math.Ceiling(activity.Count * 0.1);
        var top = activity.OrderByDescending(a => a.Polls).ThenBy(a => a.Member).Take(topCount).ToList();
        var topIds = top.Select(a => a.Member).ToHashSet();
        var allVoters = await db.PollVotes.Where(v => v.PollId == pollId).Select(v => v.MemberId).Distinct().ToListAsync(ct);
        var fromTop = allVoters.Count(topIds.Contains);
        var suspects = new UsualSuspects(activity.Count, topCount, top.Count == 0 ? 0 : top[^1].Polls, fromTop,
            allVoters.Count == 0 ? 0 : (double)fromTop / allVoters.Count);

        IReadOnlyList<OptionShare>? distribution = view.ResultsVisible
            ? view.Options.Select(o => new OptionShare(o.Id, o.Text, o.Votes ?? 0, view.Voters is > 0 ? (double)(o.Votes ?? 0) / view.Voters.Value : 0)).ToList()
            : null;
        return new PollAnalytics(pollId, poll.Question, poll.IsClosed(now), reached, voters.Count, reached == 0 ? 0 : (double)voters.Count / reached,
            view.ResultsVisible, distribution, suspects);
    }

    public static async Task<Results<Ok<PollAnalytics>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
