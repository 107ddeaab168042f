using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// Those who run an event label a room message as clinical, research, social or promotional (or clear the label) for the conference report.
/// Anyone else who can see the event gets 403; those who cannot, 404.
/// </summary>
public static class LabelMessage
{
    public sealed record Request(string? Label);

    public sealed record LabelView(long PostId, long EventId, string? Label);

    public static string? Name(MessageLabel? label) => label?.ToString().ToLowerInvariant();

    public static async Task<Outcome<LabelView>> RunAsync(Viewer viewer, long eventId, long postId, Request r, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null || viewer.Id is not { } me) return Outcome.NotFound();
        var message = await db.EventMessages.SingleOrDefaultAsync(m => m.PostId == postId && m.EventId == ev.Id, ct);
        if (message is null || (await audiences.BlockedAsync(me, ct)).Contains(message.AuthorId)) return Outcome.NotFound();
        if (!await EventAccess.RunsAsync(db, ev, viewer, ct)) return Outcome.Forbidden("Only the event's hosts and moderators label messages.");
        MessageLabel? label = null;
        if (!string.IsNullOrWhiteSpace(r.Label))
        {
            // One of the names exactly: Enum.TryParse would also take numbers and "clinical,social".
            var name = Enum.GetNames<MessageLabel>().FirstOrDefault(n => n.Equals(r.Label.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null) return Outcome.Invalid("label", "Choose clinical, research, social or promotional (or null to clear).");
            label = Enum.Parse<MessageLabel>(name);
        }
        message.Label = label;
        await db.SaveChangesAsync(ct);
        return new LabelView(message.PostId, ev.Id, Name(label));
    }

    public static async Task<Results<Ok<LabelView>, ProblemHttpResult>> HandleAsync(long id, long postId, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, postId, request, db, audiences, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
