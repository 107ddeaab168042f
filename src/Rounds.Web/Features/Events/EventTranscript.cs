using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// Participation figures of an event, from its messages as they were captured at posting (author, live or not, the author's follower
/// count then): never recomputed from today's follows. Hidden and deleted messages are not counted, as they are not in the transcript.
/// </summary>
public sealed record TranscriptFigures(int Participants, int Messages, double MessagesPerParticipant, int MostActiveParticipants, double MostActiveShare,
    int DuringLive, double LiveShare, long PotentialReach, int Attendees);

/// <summary>A question (T{n}) with the answers that attach to it (A{n}), in posting order.</summary>
public sealed record TranscriptQuestion(int Number, string Label, string Text, DateTime? ReleasedAt, MessageView? Post, IReadOnlyList<MessageView> Answers);

public sealed record TranscriptAuthor(long Id, string Handle, string DisplayName, int Messages);

public sealed record TranscriptAttendee(long Id, string Handle, string DisplayName, int Minutes, DateTime RecordedAt);

/// <summary>
/// An event's permanent record. <see cref="Status"/> is "final" once the event is over; until then "in-progress", with the event and no
/// messages or figures (the room is the live view; half-way figures would read as final).
/// </summary>
public sealed record TranscriptView(EventView Event, string Status, DateTime? EndsAt, IReadOnlyList<TranscriptQuestion> Questions,
    IReadOnlyList<MessageView> Messages, TranscriptFigures? Figures, IReadOnlyList<TranscriptAuthor> Authors, IReadOnlyList<TranscriptAttendee> Attendees,
    DateTime GeneratedAt, string Url, string JsonUrl, string PdfUrl)
{
    public bool IsFinal => Status == EventTranscript.Final;
}

public static class EventTranscript
{
    public const string Final = "final", InProgress = "in-progress";
    public const string ReachNote = "Potential reach adds each author's follower count as captured when they posted, not today's.";

    /// <summary>The transcript as this viewer may read it (blocked authors' messages left out for them), or null when the event is hidden.</summary>
    public static async Task<TranscriptView?> LoadAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (ev is null) return null;
        var view = await GetEvent.ViewAsync(db, audiences, ev, viewer, now, ct);
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == ev.Id).ToListAsync(ct);
        var live = sessions.Where(s => !s.Skipped).ToList();
        DateTime? ends = ev.ClosesAt is { } c && (live.Count == 0 || c > live.Max(s => s.EndsAt)) ? c : live.Count == 0 ? null : live.Max(s => s.EndsAt);
        var url = $"/events/{ev.Id}/transcript";
        if (!EventAccess.IsOver(ev, sessions, now))
            return new TranscriptView(view, InProgress, ends, [], [], null, [], [], now, url, $"/api/v1/events/{ev.Id}/transcript", $"{url}.pdf");

        // What the transcript holds: visible messages of posts that still exist.
        var kept = await (from m in db.EventMessages.AsNoTracking()
                          join p in db.Posts on m.PostId equals p.Id
                          where m.EventId == ev.Id && m.HiddenAt == null && p.DeletedAt == null
                          orderby m.Seq
                          select m).ToListAsync(ct);
        var figures = Figures(kept, await db.EventAttendance.CountAsync(a => a.EventId == ev.Id && a.RecordedAt != null, ct));

        var blocked = viewer.Id is { } me ? (await audiences.BlockedAsync(me, ct)).ToHashSet() : [];
        var readable = kept.Where(m => !blocked.Contains(m.AuthorId)).ToList();
        var views = await EventMessages.ViewsAsync(db, readable, viewer, ct);
        var questions = await db.EventQuestions.AsNoTracking().Where(q => q.EventId == ev.Id && q.ReleasedAt != null).OrderBy(q => q.Number).ToListAsync(ct);
        var questionIds = questions.Select(q => q.Id).ToHashSet();
        var threads = questions.Select(q =>
        {
            var post = views.FirstOrDefault(v => v.QuestionId == q.Id && v.IsQuestion);
            var answers = views.Where(v => v.QuestionId == q.Id && !v.IsQuestion).ToList();
            return new TranscriptQuestion(q.Number, $"T{q.Number}", q.Text, q.ReleasedAt, post, answers);
        }).ToList();
        var rest = views.Where(v => v.QuestionId is not { } qid || !questionIds.Contains(qid)).ToList();

        var counts = kept.GroupBy(m => m.AuthorId).ToDictionary(g => g.Key, g => g.Count());
        var authorIds = counts.Keys.Where(a => !blocked.Contains(a)).ToList();
        var authors = (await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct))
            .Select(u => new TranscriptAuthor(u.Id, u.UserName!, u.DisplayName, counts[u.Id]))
            .OrderByDescending(a => a.Messages).ThenBy(a => a.Handle, StringComparer.Ordinal).ToList();
        var attendees = (await db.EventAttendance.AsNoTracking().Where(a => a.EventId == ev.Id && a.RecordedAt != null)
                .Join(db.Users, a => a.MemberId, u => u.Id, (a, u) => new { a.MemberId, u.UserName, u.DisplayName, a.Seconds, a.RecordedAt }).ToListAsync(ct))
            .Where(a => !blocked.Contains(a.MemberId))
            .Select(a => new TranscriptAttendee(a.MemberId, a.UserName!, a.DisplayName, a.Seconds / 60, a.RecordedAt!.Value))
            .OrderBy(a => a.RecordedAt).ThenBy(a => a.Handle, StringComparer.Ordinal).ToList();
        return new TranscriptView(view, Final, ends, threads, rest, figures, authors, attendees, now, url, $"/api/v1/events/{ev.Id}/transcript", $"{url}.pdf");
    }

    /// <summary>
    /// The figures, from the captured rows alone. The most active 10% are the top tenth of participants by messages (at least one);
    /// potential reach counts each author once, with the largest follower count captured with their messages.
    /// </summary>
    public static TranscriptFigures Figures(IReadOnlyCollection<EventMessage> messages, int attendees)
    {
        var byAuthor = messages.GroupBy(m => m.AuthorId).Select(g => (Count: g.Count(), Followers: g.Max(m => m.AuthorFollowers)))
            .OrderByDescending(a => a.Count).ToList();
        var participants = byAuthor.Count;
        var total = messages.Count;
        var top = participants == 0 ? 0 : (int)Math.Ceiling(participants / 10.0);
        var live = messages.Count(m => m.DuringLive);
        return new TranscriptFigures(participants, total, participants == 0 ? 0 : Math.Round((double)total / participants, 2), top,
            total == 0 ? 0 : Math.Round((double)byAuthor.Take(top).Sum(a => a.Count) / total, 4), live, total == 0 ? 0 : Math.Round((double)live / total, 4),
            byAuthor.Sum(a => (long)a.Followers), attendees);
    }

    public static string Percent(double share) => (share * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public static async Task<Results<Ok<TranscriptView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await LoadAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }

    /// <summary>The PDF of a finished event's transcript; before the end, 409 (the page and JSON say "in progress").</summary>
    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>, ProblemHttpResult>> PdfHandleAsync(long id, CurrentUser me, RoundsDb db,
        Audiences audiences, IConfiguration config, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var view = await LoadAsync(db, audiences, await me.ViewerAsync(ct), id, now, ct);
        if (view is null) return TypedResults.NotFound(Problems.NotFound());
        if (!view.IsFinal) return TypedResults.Problem(Problems.Conflict("The transcript is ready once the event is over."));
        var pdf = TranscriptPdf.Render(view, TranscriptExports.CommunityName(config), config["Rounds:Pdf:LicenseKey"]);
        return TypedResults.File(pdf, "application/pdf", $"transcript-{view.Event.Hashtag}-{view.Event.Id}.pdf");
    }
}
