using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Events;

/// <summary>
/// A message in a room as every participant sees it. <see cref="Label"/> is "T1" on a question and "A1" on an answer to it;
/// <see cref="Role"/> marks hosts, moderators, invited authors, experts and speakers.
/// </summary>
public sealed record MessageView(long Seq, long PostId, long EventId, long AuthorId, string Handle, string DisplayName, string? Role, string Text, string Html,
    DateTime CreatedAt, long? SessionId, long? QuestionId, string? Label, bool IsQuestion, long? InReplyToId, int Upvotes, bool Pinned, bool Hidden,
    bool DuringLive, bool Deleted, string Url);

/// <summary>What a client gets on joining or re-joining a room: every visible message after the sequence number it had.</summary>
public sealed record RoomSnapshot(long EventId, long LastSeq, IReadOnlyList<MessageView> Messages, IReadOnlyList<long> HiddenPostIds, IReadOnlyList<long> PinnedPostIds,
    bool HasMore);

public static class EventMessages
{
    public sealed record Request(
        string? Text,
        long? SessionId = null,
        int? Question = null,
        long? InReplyToId = null,
        [MaxLength(200)] string? ContentWarning = null,
        List<CreatePost.MediaRef>? Media = null,
        bool OverridePrivacy = false);

    /// <summary>
    /// Posts a message into the room: the room must be open, slow mode respected (hosts excepted), a session or question must be the
    /// event's. The post carries the event's audience and passes the privacy guard in <see cref="CreatePost"/>; what was true at this
    /// moment (followers, role, on-site, live) is stored with it. A member's first message is their attendance.
    /// </summary>
    public static async Task<Outcome<MessageView>> RunAsync(Member author, Viewer viewer, long eventId, Request r, RoundsDb db, Audiences audiences, JobQueue jobs,
        LivePublisher live, TimeProvider clock, CancellationToken ct, EventQuestion? releasing = null)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        if (ev is null) return Outcome.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var role = await EventAccess.RoleAsync(db, ev, viewer, ct);
        var runs = EventAccess.Runs(role, viewer);
        var sessions = await db.EventSessions.Where(s => s.EventId == ev.Id).ToListAsync(ct);
        if (!EventAccess.IsOpen(ev, sessions, now, runs))
            return Outcome.Conflict(EventAccess.IsOver(ev, sessions, now) ? "The event is over; its transcript stays." : "The room opens with the event's first window.");
        if (!runs && ev.SlowModeSeconds > 0)
        {
            var since = now.AddSeconds(-ev.SlowModeSeconds);
            var last = await db.EventMessages.Where(m => m.EventId == ev.Id && m.AuthorId == author.Id && m.PostedAt > since).MaxAsync(m => (DateTime?)m.PostedAt, ct);
            if (last is { } l)
                return Outcome.TooSoon($"Slow mode is on: one message every {ev.SlowModeSeconds} seconds. Try again in {Math.Max(1, (int)Math.Ceiling((l.AddSeconds(ev.SlowModeSeconds) - now).TotalSeconds))} s.");
        }

        long? questionId = releasing?.Id;
        long? sessionId = releasing?.SessionId ?? r.SessionId;
        if (r.SessionId is { } sid && sessions.SingleOrDefault(s => s.Id == sid) is not { Skipped: false })
            return Outcome.Invalid("sessionId", "The session is not one of this event's.");
        EventMessage? parent = null;
        if (r.InReplyToId is { } replyTo)
        {
            parent = await db.EventMessages.SingleOrDefaultAsync(m => m.PostId == replyTo && m.EventId == ev.Id && m.HiddenAt == null, ct);
            if (parent is null) return Outcome.Invalid("inReplyToId", "Reply to a message of this room.");
            questionId ??= parent.QuestionId;
            sessionId ??= parent.SessionId;
        }
        if (r.Question is { } number)
        {
            var q = await db.EventQuestions.SingleOrDefaultAsync(x => x.EventId == ev.Id && x.Number == number, ct);
            if (q is null || q.ReleasedAt is null) return Outcome.Invalid("question", $"T{number} is not open (yet).");
            if (questionId is { } other && other != q.Id) return Outcome.Invalid("question", "The message you reply to answers another question.");
            questionId = q.Id;
            sessionId ??= q.SessionId;
        }
        // A message posted while exactly one session runs belongs to it (a conference's parallel sessions need the choice).
        if (sessionId is null && sessions.Where(s => s.IsLive(now)).ToList() is [var running]) sessionId = running.Id;
        var duringLive = sessions.Any(s => s.IsLive(now));
        var followers = await db.Follows.CountAsync(f => f.FolloweeId == author.Id, ct);
        var onSite = await db.EventCheckIns.Where(c => c.EventId == ev.Id && c.MemberId == author.Id).Select(c => (bool?)c.OnSite).SingleOrDefaultAsync(ct);
        var speaker = role is null && sessionId is { } spk && await db.EventSpeakers.AnyAsync(s => s.SessionId == spk && s.MemberId == author.Id, ct);

        EventMessage? message = null;
        Outcome<Post> post;
        try
        {
            post = await CreatePost.RunAsync(author, viewer, new CreatePost.Request(r.Text, ev.Audience.ToString(), ev.GroupId, r.InReplyToId, null, r.ContentWarning,
            r.Media, "event", ev.Id, r.OverridePrivacy), db, audiences, jobs, clock, ct, attach: async p =>
        {
            // Taking the number with a row update holds the event's row until commit: numbers follow commit order, without gaps.
            await db.Events.Where(e => e.Id == ev.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastSeq, e => e.LastSeq + 1), ct);
            var seq = await db.Events.Where(e => e.Id == ev.Id).Select(e => e.LastSeq).SingleAsync(ct);
            // Slow mode again under the lock: two messages sent at once both passed the check above; the second waits here and sees the first.
            if (!runs && ev.SlowModeSeconds > 0 && await db.EventMessages.AnyAsync(m => m.EventId == ev.Id && m.AuthorId == author.Id
                    && m.PostedAt > now.AddSeconds(-ev.SlowModeSeconds), ct))
                throw new SlowModeRace();
            message = new EventMessage
            {
                PostId = p.Id, EventId = ev.Id, Seq = seq, AuthorId = author.Id, SessionId = sessionId, QuestionId = questionId, IsQuestion = releasing is not null,
                AuthorRole = role ?? (speaker ? EventRole.Speaker : null), AuthorFollowers = followers, AuthorOnSite = onSite, DuringLive = duringLive, PostedAt = now,
            };
            db.EventMessages.Add(message);
            if (releasing is not null) { releasing.ReleasedAt = now; releasing.PostId = p.Id; }
            if (AttendanceActivity(ev, role) is { } activity)
                await LearningRecord.RecordAsync(db, author.Id, new(activity, "event", ev.Id, ev.Title, null, $"/events/{ev.Id}"), now, ct);
        }, inEventRoom: true);
        }
        catch (SlowModeRace)
        {
            db.ChangeTracker.Clear(); // the transaction rolled back: nothing of this message was written
            return Outcome.TooSoon($"Slow mode is on: one message every {ev.SlowModeSeconds} seconds. Try again in {ev.SlowModeSeconds} s.");
        }
        if (!post.IsOk) return new Failure(post.Kind, post.Errors, post.Message, post.Guard);

        var view = (await ViewsAsync(db, [message!], viewer, ct)).Single();
        await PublishAsync(db, audiences, live, view, ct);
        return view; // the author's answer is the view everyone received
    }

    /// <summary>What attending this event counts as in the learning record; organizers, invited authors and experts earn nothing from their own event.</summary>
    public static LearningActivity? AttendanceActivity(Event ev, EventRole? role) =>
        role is EventRole.Host or EventRole.Author or EventRole.Expert ? null
        : ev.Kind == EventKind.JournalClub ? LearningActivity.JournalClubAttended : LearningActivity.EventAttended;

    /// <summary>Sends a message to everyone in the room, except connections of members who blocked its author or whom the author blocked.</summary>
    public static async Task PublishAsync(RoundsDb db, Audiences audiences, LivePublisher live, MessageView view, CancellationToken ct)
    {
        // Blocks with the author, and with the organizer made after someone joined (the event is hidden from them now).
        var owner = await db.Events.Where(e => e.Id == view.EventId).Select(e => e.OwnerId).SingleAsync(ct);
        var blocked = (await audiences.BlockedAsync(view.AuthorId, ct)).Union(owner == view.AuthorId ? [] : await audiences.BlockedAsync(owner, ct)).ToList();
        var except = blocked.Count == 0 ? [] : await db.EventPresence.Where(p => p.EventId == view.EventId && blocked.Contains(p.MemberId)).Select(p => p.ConnectionId).ToListAsync(ct);
        await live.RoomMessageAsync(view.EventId, view, except, ct);
    }

    /// <summary>Room views of messages, in their order. Hidden ones keep their place for those who run the room and lose their text for others.</summary>
    public static async Task<List<MessageView>> ViewsAsync(RoundsDb db, IReadOnlyCollection<EventMessage> messages, Viewer viewer, CancellationToken ct, bool runs = false)
    {
        if (messages.Count == 0) return [];
        var ids = messages.Select(m => m.PostId).ToList();
        var posts = await db.Posts.AsNoTracking().Where(p => ids.Contains(p.Id)).Include(p => p.Author).Include(p => p.Mentions).AsSplitQuery().ToDictionaryAsync(p => p.Id, ct);
        var questionIds = messages.Select(m => m.QuestionId).OfType<long>().Distinct().ToList();
        var numbers = questionIds.Count == 0 ? [] : await db.EventQuestions.Where(q => questionIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Number, ct);
        var upvoted = viewer.Id is { } me ? (await db.EventUpvotes.Where(u => ids.Contains(u.PostId) && u.MemberId == me).Select(u => u.PostId).ToListAsync(ct)).ToHashSet() : [];
        return messages.OrderBy(m => m.Seq).Select(m =>
        {
            var p = posts[m.PostId];
            var label = m.QuestionId is { } q && numbers.TryGetValue(q, out var n) ? (m.IsQuestion ? $"T{n}" : $"A{n}") : null;
            var hidden = m.HiddenAt is not null;
            var gone = p.DeletedAt is not null || (hidden && !runs);
            return new MessageView(m.Seq, m.PostId, m.EventId, m.AuthorId, p.Author.UserName!, p.Author.DisplayName, m.AuthorRole?.ToString().ToLowerInvariant(),
                gone ? "" : p.Text, gone ? "" : PostText.ToHtml(p.Text, p.Mentions.Select(x => x.Handle).ToHashSet()), m.PostedAt, m.SessionId, m.QuestionId, label,
                m.IsQuestion, p.ReplyToId, m.Upvotes, m.PinnedAt is not null, hidden, m.DuringLive, p.DeletedAt is not null, $"/posts/{m.PostId}");
        }).ToList();
    }

    public const int PageSize = 200;

    /// <summary>
    /// Messages after <paramref name="afterSeq"/> the viewer may read (blocked authors left out), oldest first. Hidden messages are
    /// left out for participants (their ids are listed so a client drops what it showed) and kept, marked, for those who run the room.
    /// </summary>
    public static async Task<RoomSnapshot?> SnapshotAsync(RoundsDb db, Audiences audiences, Viewer viewer, long eventId, long afterSeq, int limit, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, eventId, ct);
        return ev is null ? null : await SnapshotAsync(db, audiences, viewer, ev, afterSeq, limit, ct);
    }

    /// <summary>The same for an event the caller already loaded through <see cref="EventAccess.LoadVisibleAsync"/> (the hub, the room page).</summary>
    public static async Task<RoomSnapshot> SnapshotAsync(RoundsDb db, Audiences audiences, Viewer viewer, Event ev, long afterSeq, int limit, CancellationToken ct)
    {
        var runs = await EventAccess.RunsAsync(db, ev, viewer, ct);
        var blocked = viewer.Id is { } me ? (await audiences.BlockedAsync(me, ct)).ToList() : [];
        limit = Math.Clamp(limit, 1, PageSize);
        var query = db.EventMessages.AsNoTracking().Where(m => m.EventId == ev.Id && m.Seq > afterSeq && !blocked.Contains(m.AuthorId));
        if (!runs) query = query.Where(m => m.HiddenAt == null);
        var page = await query.OrderBy(m => m.Seq).Take(limit + 1).ToListAsync(ct);
        var more = page.Count > limit;
        if (more) page.RemoveAt(limit);
        var hidden = await db.EventMessages.Where(m => m.EventId == ev.Id && m.HiddenAt != null).Select(m => m.PostId).ToListAsync(ct);
        var pinned = await db.EventMessages.Where(m => m.EventId == ev.Id && m.PinnedAt != null && m.HiddenAt == null && !blocked.Contains(m.AuthorId)).OrderBy(m => m.PinnedAt).Select(m => m.PostId).ToListAsync(ct);
        var views = await ViewsAsync(db, page, viewer, ct, runs);
        var lastSeq = more ? page[^1].Seq : await db.Events.Where(e => e.Id == ev.Id).Select(e => e.LastSeq).SingleAsync(ct);
        return new RoomSnapshot(ev.Id, Math.Max(lastSeq, afterSeq), views, hidden, pinned, more);
    }

    public static async Task<Results<Created<MessageView>, ProblemHttpResult>> PostHandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, JobQueue jobs, LivePublisher live, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, request, db, audiences, jobs, live, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Created($"/api/v1/events/{id}/messages/{outcome.Value!.PostId}", outcome.Value);
    }

    public static async Task<Results<Ok<RoomSnapshot>, NotFound<ProblemDetails>>> ListHandleAsync(long id, long? after, int? limit, CurrentUser me, RoundsDb db,
        Audiences audiences, CancellationToken ct)
    {
        var snapshot = await SnapshotAsync(db, audiences, await me.ViewerAsync(ct), id, Math.Max(0, after ?? 0), limit ?? PageSize, ct);
        return snapshot is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(snapshot);
    }
}

/// <summary>Aborts a message's transaction when slow mode, checked again under the room's lock, says wait.</summary>
internal sealed class SlowModeRace : Exception;
