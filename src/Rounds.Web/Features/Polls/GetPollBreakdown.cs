using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

public sealed record BreakdownCell(long OptionId, string Option, int Votes);

/// <summary>One profession or specialty: its cells, or nothing but the reason when it is suppressed.</summary>
public sealed record BreakdownGroup(string Key, string Label, bool Suppressed, string? SuppressedBecause, int? Voters, IReadOnlyList<BreakdownCell>? Cells);

public sealed record PollBreakdown(long PollId, string By, int MinGroupSize, int Voters, IReadOnlyList<BreakdownGroup> Groups);

/// <summary>
/// Votes by profession or specialty, k-anonymous: a group's cells are shown only when at least <see cref="Poll.MinGroupSize"/> members of it
/// voted. Because the totals are public, the suppressed groups together must also reach that size (or be empty), otherwise the next
/// smallest group is suppressed too, so a small group cannot be worked out by subtraction.
/// </summary>
public static class GetPollBreakdown
{
    public const string NotStated = "not-stated";

    public static async Task<Outcome<PollBreakdown>> RunAsync(Viewer viewer, long pollId, string? by, string? group, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        if (by is not ("profession" or "specialty")) return Outcome.Invalid("by", "Break the results down by profession or by specialty.");
        if (await GetPoll.LoadVisibleAsync(db, audiences, viewer, pollId, ct) is not { } visible) return Outcome.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var view = (await PollViews.BuildAsync(db, viewer, [visible.Poll], now, ct, visible.Revealed ? [pollId] : null))[pollId];
        if (!view.ResultsVisible)
            return Outcome.Forbidden(visible.Poll.ResultsAfterClose
                ? "The results of this poll, and their breakdown, are shown when it closes."
                : "The results and their breakdown are shown once you have voted or the poll has closed.");

        var votes = await db.PollVotes.Where(v => v.PollId == pollId).Join(db.Users, v => v.MemberId, u => u.Id,
            (v, u) => new { v.MemberId, v.OptionId, u.Profession, u.SpecialtyCode }).ToListAsync(ct);
        string KeyOf(Profession p, string? s) => by == "profession" ? p.ToString().ToLowerInvariant() : s is null || specialties.Find(s) is null ? NotStated : s;
        string LabelOf(string key) => by == "profession"
            ? Enum.GetValues<Profession>().Single(p => p.ToString().ToLowerInvariant() == key).Label()
            : key == NotStated ? "Not stated" : specialties.Find(key)!.Label;

        var groups = votes.GroupBy(v => KeyOf(v.Profession, v.SpecialtyCode))
            .Select(g => (Key: g.Key, Voters: g.Select(v => v.MemberId).Distinct().Count(), Votes: g.ToList()))
            .OrderByDescending(g => g.Voters).ThenBy(g => g.Key).ToList();
        var small = groups.Where(g => g.Voters < Poll.MinGroupSize).Select(g => g.Key).ToHashSet();
        var hiddenKeys = new HashSet<string>(small);
        // Complementary suppression: the hidden groups together must not be a small group the totals give away.
        while (groups.Where(g => hiddenKeys.Contains(g.Key)).Sum(g => g.Voters) is > 0 and < Poll.MinGroupSize)
        {
            var next = groups.Where(g => !hiddenKeys.Contains(g.Key)).OrderBy(g => g.Voters).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault();
            if (next is null) break;
            hiddenKeys.Add(next);
        }

        var options = visible.Poll.Options.OrderBy(o => o.Position).ToList();
        var result = groups.Select(g => small.Contains(g.Key)
                ? new BreakdownGroup(g.Key, LabelOf(g.Key), true, $"fewer than {Poll.MinGroupSize} voters", null, null)
                : hiddenKeys.Contains(g.Key)
                    ? new BreakdownGroup(g.Key, LabelOf(g.Key), true, $"hidden so that a group of fewer than {Poll.MinGroupSize} voters cannot be worked out", null, null)
                    : new BreakdownGroup(g.Key, LabelOf(g.Key), false, null, g.Voters,
                        options.Select(o => new BreakdownCell(o.Id, o.Text, g.Votes.Count(v => v.OptionId == o.Id))).ToList()))
            .ToList();
        var voters = votes.Select(v => v.MemberId).Distinct().Count();

        if (group is not null)
        {
            var key = group.Trim().ToLowerInvariant();
            var known = by == "profession" ? Enum.GetValues<Profession>().Any(p => p.ToString().ToLowerInvariant() == key) : key == NotStated || specialties.Find(key) is not null;
            if (!known) return Outcome.Invalid("group", by == "profession" ? "That is not a profession." : "That is not a specialty code.");
            var one = result.SingleOrDefault(g => g.Key == key);
            if (one is null || one.Suppressed)
                return Outcome.Forbidden($"Fewer than {Poll.MinGroupSize} voters are in this group (or showing it would reveal such a group): its results are withheld so no one can be identified by their vote.");
            result = [one];
        }
        return new PollBreakdown(pollId, by, Poll.MinGroupSize, voters, result);
    }

    public static async Task<Results<Ok<PollBreakdown>, ProblemHttpResult>> HandleAsync(long id, string? by, string? group, CurrentUser me, RoundsDb db,
        Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, by, group, db, audiences, specialties, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
