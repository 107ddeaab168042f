using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

public sealed record EventPersonView(long Id, string Handle, string DisplayName, string Role);

public sealed record SpeakerView(string Name, long? MemberId, string? Handle);

public sealed record SessionView(long Id, string Title, DateTime StartsAt, DateTime EndsAt, string TimeZone, string? Room, string? HostHandle, bool Skipped,
    bool Live, DateTime? OccurrenceStart, IReadOnlyList<SpeakerView> Speakers);

public sealed record QuestionView(long Id, int Number, string Label, string Text, long SessionId, DateTime OpensAt, bool Released, long? PostId);

public sealed record PaperView(string Key, string Label, string? Title, string? Journal, string? Authors, string? Url, string Page);

public sealed record EventView(long Id, string Kind, string Title, string Hashtag, string Description, string DescriptionHtml, string Audience, long? GroupId,
    string TimeZone, DateTime? OpensAt, DateTime? ClosesAt, EventPersonView Owner, IReadOnlyList<EventPersonView> Hosts, IReadOnlyList<SessionView> Sessions,
    PaperView? Paper, string? PreReadHtml, IReadOnlyList<QuestionView> Questions, string? Recurrence, int RsvpCount, bool Rsvped, string? MyRole, bool Runs,
    bool IsOpen, bool IsOver, int SlowModeSeconds, long LastSeq, bool Cancelled, string Url);

public sealed record EventSummary(long Id, string Kind, string Title, string Hashtag, string Audience, DateTime? NextStartsAt, DateTime? LastEndsAt, bool IsOver, string Url);

public static class GetEvent
{
    public static string KindSlug(EventKind kind) => kind switch
    {
        EventKind.JournalClub => "journal-club",
        EventKind.Chat => "chat",
        EventKind.Conference => "conference",
        _ => "expert-forum",
    };

    public static async Task<EventView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, id, ct);
        return ev is null ? null : await ViewAsync(db, audiences, ev, viewer, now, ct);
    }

    /// <summary>The event as the viewer (who may see it) sees it: unreleased questions are for those who run the room.</summary>
    public static async Task<EventView> ViewAsync(RoundsDb db, Audiences audiences, Event ev, Viewer viewer, DateTime now, CancellationToken ct)
    {
        // Hosts blocked with the viewer (either way) are not listed to them; the organizer is (the event would be hidden otherwise).
        var blocked = viewer.Id is { } self ? (await audiences.BlockedAsync(self, ct)).ToList() : [];
        var hosts = await db.EventHosts.Where(h => h.EventId == ev.Id && !blocked.Contains(h.MemberId)).OrderBy(h => h.Role).ThenBy(h => h.AddedAt)
            .Select(h => new EventPersonView(h.MemberId, h.Member.UserName!, h.Member.DisplayName, h.Role.ToString().ToLowerInvariant())).ToListAsync(ct);
        var sessions = await db.EventSessions.Where(s => s.EventId == ev.Id).Include(s => s.Speakers).OrderBy(s => s.StartsAt).AsSplitQuery().ToListAsync(ct);
        var speakerIds = sessions.SelectMany(s => s.Speakers).Select(s => s.MemberId).Concat(sessions.Select(s => s.HostId)).OfType<long>().Distinct().ToList();
        var handles = speakerIds.Count == 0 ? [] : await db.Users.Where(u => speakerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);
        var role = await EventAccess.RoleAsync(db, ev, viewer, ct);
        var runs = EventAccess.Runs(role, viewer);
        var starts = sessions.ToDictionary(s => s.Id, s => s.StartsAt);
        var questions = (await db.EventQuestions.Where(q => q.EventId == ev.Id).OrderBy(q => q.Number).ToListAsync(ct))
            .Where(q => runs || q.ReleasedAt is not null)
            .Select(q => new QuestionView(q.Id, q.Number, $"T{q.Number}", q.Text, q.SessionId, starts[q.SessionId].AddMinutes(q.OffsetMinutes), q.ReleasedAt is not null, q.PostId))
            .ToList();
        var rsvps = await db.EventRsvps.CountAsync(r => r.EventId == ev.Id, ct);
        var rsvped = viewer.Id is { } me && await db.EventRsvps.AnyAsync(r => r.EventId == ev.Id && r.MemberId == me, ct);
        var owner = new EventPersonView(ev.OwnerId, ev.Owner.UserName!, ev.Owner.DisplayName, "host");
        return new EventView(ev.Id, KindSlug(ev.Kind), ev.Title, ev.Hashtag, ev.Description, LessonMarkdown.ToHtml(ev.Description), ev.Audience.ToString().ToLowerInvariant(),
            ev.GroupId, ev.TimeZone, ev.OpensAt, ev.ClosesAt, owner, hosts,
            sessions.Select(s => new SessionView(s.Id, s.Title, s.StartsAt, s.EndsAt, s.TimeZone ?? ev.TimeZone, s.Room, s.HostId is { } h ? handles.GetValueOrDefault(h) : null,
                s.Skipped, s.IsLive(now), s.OccurrenceStart,
                s.Speakers.OrderBy(x => x.Position).Select(x => new SpeakerView(x.Name, x.MemberId, x.MemberId is { } m ? handles.GetValueOrDefault(m) : null)).ToList())).ToList(),
            ev.PaperKey is { } key ? new PaperView(key, Posts.PostText.PaperLabel(key), ev.PaperTitle, ev.PaperJournal, ev.PaperAuthors, ev.PaperUrl, Posts.PostText.PaperPage(key)) : null,
            ev.PreRead is null ? null : LessonMarkdown.ToHtml(ev.PreRead), questions, ev.Recurrence, rsvps, rsvped, role?.ToString().ToLowerInvariant(), runs,
            EventAccess.IsOpen(ev, sessions, now, runs), EventAccess.IsOver(ev, sessions, now), ev.SlowModeSeconds, ev.LastSeq, ev.CancelledAt is not null,
            $"/events/{ev.Id}");
    }

    public static async Task<Results<Ok<EventView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }

    /// <summary>Events the viewer may see, upcoming and running first (by their next window), then past ones.</summary>
    public static async Task<List<EventSummary>> ListAsync(RoundsDb db, Audiences audiences, Viewer viewer, string? kind, DateTime now, int limit, CancellationToken ct)
    {
        var query = db.Events.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind) && Enum.TryParse<EventKind>(kind.Replace("-", ""), true, out var k)) query = query.Where(e => e.Kind == k);
        // What the viewer's kind and groups can never see is left out in the query, so the newest 500 are mostly visible ones.
        if (viewer.Id is not { } me) query = query.Where(e => e.Audience == Audience.Public);
        else
        {
            var clinician = Audiences.KindAllows(viewer.Kind, Audience.Clinicians);
            query = query.Where(e => e.OwnerId == me || e.Audience == Audience.Public || e.Audience == Audience.Members
                || (clinician && e.Audience == Audience.Clinicians)
                || (e.Audience == Audience.Group && db.GroupMemberships.Any(m => m.GroupId == e.GroupId && m.MemberId == me)));
        }
        var events = await query.OrderByDescending(e => e.Id).Take(500).ToListAsync(ct);
        var visible = await audiences.FilterAsync(viewer, events, e => e.Target, ct);
        var ids = visible.Select(e => e.Id).ToList();
        var windows = await db.EventSessions.Where(s => ids.Contains(s.EventId) && !s.Skipped)
            .GroupBy(s => s.EventId)
            .Select(g => new { g.Key, Next = g.Where(s => s.EndsAt > now).Min(s => (DateTime?)s.StartsAt), Last = g.Max(s => (DateTime?)s.EndsAt) })
            .ToDictionaryAsync(x => x.Key, ct);
        return visible.Select(e =>
            {
                var w = windows.GetValueOrDefault(e.Id);
                var last = e.ClosesAt is { } c && (w?.Last is null || c > w.Last) ? c : w?.Last;
                var over = e.CancelledAt is not null || (last is { } l && l <= now);
                return new EventSummary(e.Id, KindSlug(e.Kind), e.Title, e.Hashtag, e.Audience.ToString().ToLowerInvariant(), over ? null : w?.Next, last, over, $"/events/{e.Id}");
            })
            .OrderBy(s => s.IsOver).ThenBy(s => s.NextStartsAt ?? DateTime.MaxValue).ThenByDescending(s => s.LastEndsAt)
            .Take(limit).ToList();
    }

    public static async Task<Ok<List<EventSummary>>> ListHandleAsync(string? kind, int? limit, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, audiences, await me.ViewerAsync(ct), kind, clock.GetUtcNow().UtcDateTime, Math.Clamp(limit ?? 50, 1, 200), ct));
}
