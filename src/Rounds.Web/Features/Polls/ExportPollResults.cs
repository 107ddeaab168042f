using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Data;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Polls;

/// <summary>
/// The aggregate results as CSV for researchers: per-option totals, then the k-anonymous breakdowns by profession and specialty.
/// Never a voter's identity. Only the poll's author and moderators may export; others who can see the poll get 403.
/// </summary>
public static class ExportPollResults
{
    public static async Task<Outcome<string>> RunAsync(Viewer viewer, long pollId, RoundsDb db, Audiences audiences, SpecialtyTaxonomy specialties,
        TimeProvider clock, CancellationToken ct)
    {
        if (await GetPoll.LoadVisibleAsync(db, audiences, viewer, pollId, ct) is not { } visible) return Outcome.NotFound();
        if (!Manages(viewer, visible.Poll)) return Outcome.Forbidden("Only the poll's author and moderators can export its results.");
        var now = clock.GetUtcNow().UtcDateTime;
        var view = (await PollViews.BuildAsync(db, viewer, [visible.Poll], now, ct, visible.Revealed ? [pollId] : null))[pollId];
        if (!view.ResultsVisible) return Outcome.Conflict("The results of this poll are hidden until it closes; export them then.");
        var byProfession = await GetPollBreakdown.RunAsync(viewer, pollId, "profession", null, db, audiences, specialties, clock, ct);
        var bySpecialty = await GetPollBreakdown.RunAsync(viewer, pollId, "specialty", null, db, audiences, specialties, clock, ct);

        var text = new StringWriter(CultureInfo.InvariantCulture);
        // Option texts are written by members: escape anything a spreadsheet would run as a formula.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            csv.WriteRecord(["poll", "question", "closes_at", "closed", "voters", "section", "group", "group_voters", "option", "votes", "share_of_voters"]);
            var closes = view.ClosesAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
            string[] Row(string section, string group, string groupVoters, string option, string votes, string share) =>
                [view.Id.ToString(CultureInfo.InvariantCulture), view.Question, closes, view.Closed ? "yes" : "no",
                 (view.Voters ?? 0).ToString(CultureInfo.InvariantCulture), section, group, groupVoters, option, votes, share];
            string Share(int votes, int of) => of == 0 ? "0" : ((double)votes / of).ToString("0.####", CultureInfo.InvariantCulture);
            foreach (var o in view.Options)
                csv.WriteRecord(Row("total", "all voters", (view.Voters ?? 0).ToString(CultureInfo.InvariantCulture), o.Text,
                    (o.Votes ?? 0).ToString(CultureInfo.InvariantCulture), Share(o.Votes ?? 0, view.Voters ?? 0)));
            foreach (var (section, breakdown) in new[] { ("profession", byProfession.Value!), ("specialty", bySpecialty.Value!) })
                foreach (var g in breakdown.Groups)
                {
                    if (g.Suppressed)
                    {
                        csv.WriteRecord(Row(section, g.Label, $"suppressed: {g.SuppressedBecause}", "", "", ""));
                        continue;
                    }
                    foreach (var cell in g.Cells!)
                        csv.WriteRecord(Row(section, g.Label, g.Voters!.Value.ToString(CultureInfo.InvariantCulture), cell.Option,
                            cell.Votes.ToString(CultureInfo.InvariantCulture), Share(cell.Votes, g.Voters.Value)));
                }
            csv.Flush();
        }
        return text.ToString();
    }

    public static bool Manages(Viewer viewer, Poll poll) => viewer.Id == poll.AuthorId || viewer.Kind is ViewerKind.Moderator or ViewerKind.Admin;

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, specialties, clock, ct);
        return outcome.IsOk
            ? TypedResults.File(Encoding.UTF8.GetBytes(outcome.Value!), "text/csv; charset=utf-8", $"poll-{id}-results.csv")
            : outcome.Problem();
    }
}
