using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

/// <summary>One vote per member per poll (a replay is a 409); the poll's audience decides who may vote.</summary>
public static class VotePoll
{
    public sealed record Request(List<long>? OptionIds);

    public static async Task<Outcome<bool>> RunAsync(Viewer viewer, long pollId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only members vote.");
        if (await GetPoll.LoadVisibleAsync(db, audiences, viewer, pollId, ct) is not { Poll: var poll }) return Outcome.NotFound();
        var choices = (r.OptionIds ?? []).Distinct().ToList();
        if (choices.Count == 0) return Outcome.Invalid("optionIds", "Choose an option.");
        if (!poll.AllowsMultiple && choices.Count > 1) return Outcome.Invalid("optionIds", "Choose one option.");
        if (choices.Count > poll.ChoiceLimit) return Outcome.Invalid("optionIds", $"Choose at most {poll.ChoiceLimit} options.");
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

    /// <summary>The vote form on a poll card (timelines, threads, the poll page): the same operation, then back to the page.</summary>
    public static async Task<RedirectHttpResult> FormAsync(long id, [FromForm] long[]? option, [FromForm] string? returnUrl, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, new Request(option?.ToList()), db, audiences, clock, ct);
        var back = LocalUrls.OrHome(returnUrl).Split('#')[0];
        if (!outcome.IsOk)
        {
            var message = outcome.Message is "Not found." ? "This poll is not available." : outcome.Message ?? outcome.Errors?.Values.SelectMany(v => v).FirstOrDefault() ?? "That did not work.";
            back = $"{back}{(back.Contains('?') ? '&' : '?')}notice={Uri.EscapeDataString(message)}";
        }
        return TypedResults.LocalRedirect($"{back}#poll-{id}");
    }
}
