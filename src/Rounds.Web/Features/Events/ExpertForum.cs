using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>A question with its replies; <see cref="Answered"/> when an expert replied. Expert answers are the replies whose <c>Role</c> is "expert".</summary>
public sealed record ForumQuestion(MessageView Question, int Upvotes, bool Upvoted, bool Mine, bool Answered, IReadOnlyList<MessageView> Replies);

/// <summary>State: "upcoming" (before the room opens), "open", or "archived" (after the answering period: read-only, with its transcript).</summary>
public sealed record ForumView(long EventId, string Title, string Hashtag, string DescriptionHtml, IReadOnlyList<EventPersonView> Experts, DateTime? PeriodStartsAt,
    DateTime? PeriodEndsAt, string Period, string TimeZone, string State, bool CanAsk, bool CanAnswer, IReadOnlyList<ForumQuestion> Questions, string Url, string TranscriptUrl);

/// <summary>
/// An ask-the-expert forum as one page: members' questions (the room's top-level messages), most upvoted first, each with its replies and the
/// expert's answers marked. After the answering period it stays, read-only, as the archive.
/// </summary>
public static class ExpertForum
{
    public static async Task<ForumView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (ev is null || ev.Kind != EventKind.ExpertForum) return null;
        var zone = ConferenceProgram.Zone(ev);
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == ev.Id).ToListAsync(ct);
        var live = sessions.Where(s => !s.Skipped).ToList();
        var role = await EventAccess.RoleAsync(db, ev, viewer, ct);
        var runs = EventAccess.Runs(role, viewer);
        var experts = await db.EventHosts.Where(h => h.EventId == ev.Id && h.Role == EventRole.Expert).OrderBy(h => h.AddedAt)
            .Select(h => new EventPersonView(h.MemberId, h.Member.UserName!, h.Member.DisplayName, "expert")).ToListAsync(ct);

        var blocked = viewer.Id is { } me ? (await audiences.BlockedAsync(me, ct)).ToList() : [];
        var query = db.EventMessages.AsNoTracking().Where(m => m.EventId == ev.Id && !blocked.Contains(m.AuthorId));
        if (!runs) query = query.Where(m => m.HiddenAt == null);
        var views = (await EventMessages.ViewsAsync(db, await query.ToListAsync(ct), viewer, ct, runs)).Where(v => !v.Deleted).ToList();
        var byId = views.ToDictionary(v => v.PostId);
        var upvoted = viewer.Id is { } vid ? (await db.EventUpvotes.Where(u => u.MemberId == vid && db.EventMessages.Any(m => m.PostId == u.PostId && m.EventId == ev.Id))
            .Select(u => u.PostId).ToListAsync(ct)).ToHashSet() : [];

        long? RootOf(MessageView v)
        {
            var seen = 0;
            while (v.InReplyToId is { } parent && seen++ < 100)
            {
                if (!byId.TryGetValue(parent, out var p)) return null; // the question is gone (hidden, deleted or blocked): so is the thread
                v = p;
            }
            return v.PostId;
        }
        var replies = views.Where(v => v.InReplyToId is not null).Select(v => (Root: RootOf(v), Reply: v)).Where(x => x.Root is not null).ToLookup(x => x.Root!.Value, x => x.Reply);
        var questions = views.Where(v => v.InReplyToId is null)
            .Select(q => new ForumQuestion(q, q.Upvotes, upvoted.Contains(q.PostId), q.AuthorId == viewer.Id, replies[q.PostId].Any(r => r.Role == "expert"),
                replies[q.PostId].OrderBy(r => r.Seq).ToList()))
            .OrderByDescending(q => q.Upvotes).ThenBy(q => q.Question.Seq).ToList();

        DateTime? starts = live.Count == 0 ? null : live.Min(s => s.StartsAt), ends = live.Count == 0 ? null : live.Max(s => s.EndsAt);
        var over = EventAccess.IsOver(ev, sessions, now);
        var open = viewer.Id is not null && EventAccess.IsOpen(ev, sessions, now, runs);
        var period = starts is { } a && ends is { } b
            ? $"{ConferenceProgram.Local(a, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} – {ConferenceProgram.Local(b, zone).ToString(ConferenceProgram.Local(a, zone).Date == ConferenceProgram.Local(b, zone).Date ? "HH:mm" : "ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})"
            : "";
        return new ForumView(ev.Id, ev.Title, ev.Hashtag, LessonMarkdown.ToHtml(ev.Description), experts, starts, ends, period, zone.Id,
            over ? "archived" : EventAccess.IsOpen(ev, sessions, now, false) ? "open" : "upcoming", open && !over,
            open && !over && role is EventRole.Expert or EventRole.Host or EventRole.Moderator, questions, $"/events/{ev.Id}/forum", $"/events/{ev.Id}/transcript");
    }

    public static async Task<Results<Ok<ForumView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }
}
