using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Quizzes;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// An organizer creates a journal club, conference or expert forum: what it is, for whom, its hosts and its live windows (with a
/// journal club's paper, pre-read and numbered questions, a conference's rooms and speakers). Recurring chats start from a rule
/// (<c>CreateChat</c>), which reuses the checks here and passes its occurrences in.
/// </summary>
public static partial class CreateEvent
{
    public sealed record SpeakerInput([MaxLength(200)] string? Name, string? Handle = null);

    public sealed record SessionInput(
        [MaxLength(EventSession.MaxTitle)] string? Title,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        string? TimeZone = null,
        [MaxLength(100)] string? Room = null,
        List<SpeakerInput>? Speakers = null,
        string? HostHandle = null);

    public sealed record HostInput(string? Handle, string? Role = "host");

    /// <summary>A journal-club question: T{n} in the order given, released <paramref name="OffsetMinutes"/> after its window starts.</summary>
    public sealed record QuestionInput([MaxLength(EventQuestion.MaxText)] string? Text, int Session = 0, int OffsetMinutes = 0);

    public sealed record Request(
        string? Kind,
        [MaxLength(Event.MaxTitle)] string? Title,
        string? Hashtag,
        [MaxLength(Event.MaxDescription)] string? Description,
        string? Audience = "members",
        long? GroupId = null,
        string? TimeZone = "UTC",
        DateTimeOffset? OpensAt = null,
        DateTimeOffset? ClosesAt = null,
        List<SessionInput>? Sessions = null,
        List<HostInput>? Hosts = null,
        string? Paper = null,
        [MaxLength(500)] string? PaperTitle = null,
        [MaxLength(200)] string? PaperJournal = null,
        [MaxLength(1000)] string? PaperAuthors = null,
        [MaxLength(1000)] string? PaperUrl = null,
        [MaxLength(Event.MaxPreRead)] string? PreRead = null,
        List<QuestionInput>? Questions = null,
        bool OverridePrivacy = false);

    public const int MaxHosts = 20;
    public const int MaxQuestions = 30;
    public const int MaxSpeakers = 12;
    public static readonly TimeSpan MaxSession = TimeSpan.FromDays(14);
    public static readonly TimeSpan MaxAsyncWindow = TimeSpan.FromDays(60);

    /// <summary>
    /// Validate → load → act in one transaction. <paramref name="recurring"/> is the chat's: its occurrences come from its rule,
    /// and <paramref name="configure"/> sets what the rule adds before the event is written.
    /// </summary>
    public static async Task<Outcome<Event>> RunAsync(Member owner, Viewer viewer, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct, bool recurring = false, Action<Event>? configure = null)
    {
        if (!EventAccess.IsOrganizer(viewer)) return Outcome.Forbidden("Only verified clinicians, moderators and admins can organize events.");
        var now = clock.GetUtcNow().UtcDateTime;
        // A JSON list with a null in it ("sessions": [null]) is malformed input, not a crash.
        if (r.Sessions?.Any(s => s is null || s.Speakers?.Any(x => x is null) == true) == true || r.Hosts?.Any(h => h is null) == true
            || r.Questions?.Any(q => q is null) == true)
            return Outcome.Invalid("", "A list in the request has an empty (null) entry.");
        var errors = Validation.Check(r);
        foreach (var (s, i) in (r.Sessions ?? []).Select((s, i) => (s, i)))
        foreach (var (k, v) in Validation.Check(s)) errors[$"sessions[{i}].{k}"] = v;

        EventKind kind = default;
        if (!Enum.TryParse(r.Kind?.Replace("-", "").Replace("_", "").Trim(), true, out kind) || !Enum.IsDefined(kind) || int.TryParse(r.Kind, out _))
            errors.Add("kind", "Choose journal-club, chat, conference or expert-forum.");
        else if (kind == EventKind.Chat && !recurring)
            errors.Add("kind", "A recurring chat starts from its rule: create it at /api/v1/events/chats.");
        var title = r.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", "Give the event a title.");
        var hashtag = r.Hashtag?.Trim().TrimStart('#') ?? "";
        if (!HashtagPattern().IsMatch(hashtag)) errors.Add("hashtag", "Give the event's hashtag: letters, digits and underscores (up to 50), e.g. RheumJC.");
        var audience = CreateQuizSeries.ParseAudience(r.Audience);
        if (audience is null) errors.Add("audience", "Choose public, members (patients welcome), clinicians or group.");
        if (audience == Infrastructure.Audiences.Audience.Group && r.GroupId is null) errors.Add("groupId", "Choose the group the event is for.");
        if (audience == Infrastructure.Audiences.Audience.Group && r.GroupId is { } gid
            && !await db.GroupMemberships.AnyAsync(m => m.GroupId == gid && m.MemberId == owner.Id, ct))
            errors.Add("groupId", "You can hold an event only in a group you belong to.");
        if (audience is not null && audience != Infrastructure.Audiences.Audience.Group && r.GroupId is not null) errors.Add("groupId", "Only a group event names a group.");
        var zone = QuizSchedule.FindZone(r.TimeZone);
        if (zone is null) errors.Add("timeZone", "Give an IANA time zone such as Europe/London or America/New_York.");

        DateTime? opens = r.OpensAt?.UtcDateTime, closes = r.ClosesAt?.UtcDateTime;
        if ((opens is null) != (closes is null)) errors.Add("closesAt", "An asynchronous window needs both its opening and its closing time.");
        else if (opens is not null && closes <= opens) errors.Add("closesAt", "The asynchronous window must close after it opens.");
        else if (opens is not null && closes - opens > MaxAsyncWindow) errors.Add("closesAt", $"An asynchronous window lasts at most {MaxAsyncWindow.TotalDays:0} days.");
        else if (closes is not null && closes <= now) errors.Add("closesAt", "The asynchronous window must close in the future.");

        var inputs = r.Sessions ?? [];
        if (!recurring && inputs.Count == 0) errors.Add("sessions", "Give at least one live window (a session, or the forum's answering period).");
        if (inputs.Count > Event.MaxSessions) errors.Add("sessions", $"An event has at most {Event.MaxSessions} sessions.");
        var handles = inputs.SelectMany(s => (s.Speakers ?? []).Select(x => x.Handle)).Concat(inputs.Select(s => s.HostHandle)).Concat((r.Hosts ?? []).Select(h => h.Handle))
            .Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!.Trim().TrimStart('@').ToUpperInvariant()).Distinct().ToList();
        var members = handles.Count == 0 ? [] : await db.Users.Where(u => handles.Contains(u.NormalizedUserName!)).Select(u => new { u.Id, u.UserName, Key = u.NormalizedUserName! })
            .ToDictionaryAsync(u => u.Key, ct);
        long? MemberOf(string? handle) => string.IsNullOrWhiteSpace(handle) ? null : members.TryGetValue(handle.Trim().TrimStart('@').ToUpperInvariant(), out var m) ? m.Id : null;

        var sessions = new List<EventSession>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i];
            var start = s.StartsAt?.UtcDateTime;
            var end = s.EndsAt?.UtcDateTime;
            if (start is null || end is null) { errors.Add($"sessions[{i}].startsAt", "Give the window's start and end (ISO 8601 with offset)."); continue; }
            if (end <= start) errors.Add($"sessions[{i}].endsAt", "A window ends after it starts.");
            else if (end - start > MaxSession) errors.Add($"sessions[{i}].endsAt", $"A window lasts at most {MaxSession.TotalDays:0} days.");
            if (end <= now) errors.Add($"sessions[{i}].endsAt", "A window must end in the future.");
            if (opens is not null && (start < opens || end > closes)) errors.Add($"sessions[{i}].startsAt", "Live windows lie inside the asynchronous window.");
            string? sessionZone = null;
            if (!string.IsNullOrWhiteSpace(s.TimeZone))
            {
                if (QuizSchedule.FindZone(s.TimeZone) is { } z) sessionZone = z.Id;
                else errors.Add($"sessions[{i}].timeZone", "Give an IANA time zone such as Asia/Tokyo.");
            }
            var speakers = s.Speakers ?? [];
            if (speakers.Count > MaxSpeakers) errors.Add($"sessions[{i}].speakers", $"A session has at most {MaxSpeakers} speakers.");
            var session = new EventSession
            {
                Title = s.Title?.Trim() is { Length: > 0 } t ? t : kind == EventKind.JournalClub ? $"Window {i + 1}" : "",
                StartsAt = start.Value, EndsAt = end.Value, TimeZone = sessionZone, Room = string.IsNullOrWhiteSpace(s.Room) ? null : s.Room.Trim(), CreatedAt = now,
            };
            if (session.Title.Length == 0) errors.Add($"sessions[{i}].title", "Give the session a title.");
            if (s.HostHandle is { Length: > 0 })
            {
                if (MemberOf(s.HostHandle) is { } hostId) session.HostId = hostId;
                else errors.Add($"sessions[{i}].hostHandle", $"No member has the handle @{s.HostHandle.Trim().TrimStart('@')}.");
            }
            for (var j = 0; j < speakers.Count; j++)
            {
                var sp = speakers[j];
                var memberId = MemberOf(sp.Handle);
                if (sp.Handle is { Length: > 0 } && memberId is null) errors.Add($"sessions[{i}].speakers[{j}].handle", $"No member has the handle @{sp.Handle.Trim().TrimStart('@')}.");
                var name = sp.Name?.Trim() is { Length: > 0 } n ? n : memberId is not null ? members.Values.First(m => m.Id == memberId).UserName! : "";
                if (name.Length == 0) errors.Add($"sessions[{i}].speakers[{j}].name", "Give the speaker's name or handle.");
                session.Speakers.Add(new EventSpeaker { Position = j, MemberId = memberId, Name = name });
            }
            sessions.Add(session);
        }

        var hosts = new List<EventHost>();
        if ((r.Hosts?.Count ?? 0) > MaxHosts) errors.Add("hosts", $"An event has at most {MaxHosts} hosts, moderators, authors and experts.");
        foreach (var (h, i) in (r.Hosts ?? []).Select((h, i) => (h, i)))
        {
            if (!Enum.TryParse<EventRole>(h.Role?.Trim(), true, out var role) || !Enum.IsDefined(role) || int.TryParse(h.Role, out _) || role == EventRole.Speaker)
            { errors.Add($"hosts[{i}].role", "Choose host, moderator, author or expert."); continue; }
            if (MemberOf(h.Handle) is not { } id) { errors.Add($"hosts[{i}].handle", $"No member has the handle @{h.Handle?.Trim().TrimStart('@')}."); continue; }
            if (id == owner.Id || hosts.Any(x => x.MemberId == id)) continue;
            hosts.Add(new EventHost { MemberId = id, Role = role, AddedAt = now });
        }
        if (kind == EventKind.ExpertForum && !hosts.Any(h => h.Role == EventRole.Expert))
            errors.Add("hosts", "Invite the expert who answers (a host with the role expert).");

        string? paperKey = null;
        if (!string.IsNullOrWhiteSpace(r.Paper))
        {
            paperKey = PostText.PaperKey(PostText.DoiOf(r.Paper), PostText.PmidOf(r.Paper));
            if (paperKey is null) errors.Add("paper", "Give the article's DOI (10.xxxx/…) or PubMed id.");
        }
        if (kind == EventKind.JournalClub && paperKey is null && !errors.ContainsKey("paper")) errors.Add("paper", "A journal club discusses an article: give its DOI or PubMed id.");
        if (r.PaperUrl is { Length: > 0 } url && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) && u.Scheme is "https" or "http"))
            errors.Add("paperUrl", "The article's link is an http(s) address.");

        var questions = r.Questions ?? [];
        if (questions.Count > MaxQuestions) errors.Add("questions", $"At most {MaxQuestions} questions.");
        if (questions.Count > 0 && kind != EventKind.JournalClub) errors.Add("questions", "Numbered questions belong to journal clubs.");
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            foreach (var (k, v) in Validation.Check(q)) errors[$"questions[{i}].{k}"] = v;
            if (string.IsNullOrWhiteSpace(q.Text)) errors.Add($"questions[{i}].text", "Write the question.");
            if (q.Session < 0 || q.Session >= sessions.Count) errors.Add($"questions[{i}].session", "Choose one of the event's live windows (0 is the first).");
            else if (q.OffsetMinutes < 0 || sessions[q.Session].StartsAt.AddMinutes(q.OffsetMinutes) >= sessions[q.Session].EndsAt)
                errors.Add($"questions[{i}].offsetMinutes", "A question opens inside its window: minutes after the window starts, before it ends.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        // Every member named must be able to see the event: a patient cannot host a clinicians-only club.
        var ev = new Event { Audience = audience!.Value, OwnerId = owner.Id, GroupId = audience == Infrastructure.Audiences.Audience.Group ? r.GroupId : null };
        foreach (var id in hosts.Select(h => h.MemberId).Concat(sessions.SelectMany(s => s.Speakers).Select(s => s.MemberId ?? 0)).Concat(sessions.Select(s => s.HostId ?? 0))
                     .Where(id => id != 0).Distinct())
            if (!await audiences.CanSeeAsync(await audiences.ViewerOfAsync(id, now, ct), ev.Target, ct))
                errors.Add("hosts", $"@{members.Values.First(m => m.Id == id).UserName} cannot see an event for this audience.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var guard = PrivacyGuard.Scan([("title", r.Title), ("description", r.Description), ("preRead", r.PreRead),
            ("paperTitle", r.PaperTitle), ("paperJournal", r.PaperJournal), // authors and speakers are named on purpose: not scanned for names
            .. sessions.Select((s, i) => ($"sessions[{i}].title", (string?)s.Title)), .. sessions.Select((s, i) => ($"sessions[{i}].room", s.Room)),
            .. questions.Select((q, i) => ($"questions[{i}].text", q.Text))]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        // Metadata at hand: an earlier club on the same paper filled it in.
        var known = paperKey is null ? null : await db.Events.Where(e => e.PaperKey == paperKey && e.PaperTitle != null).OrderByDescending(e => e.Id)
            .Select(e => new { e.PaperTitle, e.PaperJournal, e.PaperAuthors, e.PaperUrl }).FirstOrDefaultAsync(ct);
        ev.Kind = kind;
        ev.Title = title;
        ev.Hashtag = hashtag.ToLowerInvariant();
        ev.Description = r.Description?.Trim() ?? "";
        ev.TimeZone = zone!.Id;
        ev.OpensAt = opens;
        ev.ClosesAt = closes;
        ev.CreatedAt = now;
        ev.PaperKey = paperKey;
        ev.PaperTitle = Clean(r.PaperTitle) ?? known?.PaperTitle;
        ev.PaperJournal = Clean(r.PaperJournal) ?? known?.PaperJournal;
        ev.PaperAuthors = Clean(r.PaperAuthors) ?? known?.PaperAuthors;
        ev.PaperUrl = Clean(r.PaperUrl) ?? known?.PaperUrl ?? (paperKey is null ? null : PostText.PaperLink(paperKey));
        ev.PreRead = Clean(r.PreRead);
        configure?.Invoke(ev);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        foreach (var s in sessions) { s.EventId = ev.Id; db.EventSessions.Add(s); }
        foreach (var h in hosts) { h.EventId = ev.Id; db.EventHosts.Add(h); }
        db.EventHosts.Add(new EventHost { EventId = ev.Id, MemberId = owner.Id, Role = EventRole.Host, AddedAt = now });
        db.EventRsvps.Add(new EventRsvp { EventId = ev.Id, MemberId = owner.Id, CreatedAt = now });
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < questions.Count; i++)
            db.EventQuestions.Add(new EventQuestion
            {
                EventId = ev.Id, SessionId = sessions[questions[i].Session].Id, Number = i + 1, Text = questions[i].Text!.Trim(), OffsetMinutes = questions[i].OffsetMinutes,
            });
        PrivacyGuard.Record(db, owner.Id, "event", ev.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ev;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,50}$")]
    private static partial Regex HashtagPattern();

    public static async Task<Results<Created<EventView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetEvent.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/events/{view!.Id}", view);
    }
}
