using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

public enum EventKind { JournalClub, Chat, Conference, ExpertForum }

/// <summary>What a member is in an event. The owner is a host; invited authors and experts are marked in the room.</summary>
public enum EventRole { Host, Moderator, Author, Expert, Speaker }

/// <summary>A moderator's label on a message, for the conference report (Neill et al.): clinical or research content vs. social or promotional.</summary>
public enum MessageLabel { Clinical, Research, Social, Promotional }

/// <summary>
/// A journal club, recurring chat, conference or ask-the-expert forum: one object with a hashtag, hosts, an audience, a time zone,
/// live windows (<see cref="EventSession"/>: a club's windows, a chat's occurrences, a conference's sessions, a forum's period)
/// inside an optional asynchronous window. Its messages are posts attached to it (<see cref="EventMessage"/>).
/// </summary>
public sealed class Event
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 4000;
    public const int MaxPreRead = 20000;
    public const int MaxSessions = 200;

    public long Id { get; set; }
    public EventKind Kind { get; set; }
    public long OwnerId { get; set; }
    public Member Owner { get; set; } = null!;
    public string Title { get; set; } = "";
    /// <summary>Lower case, without the '#'.</summary>
    public string Hashtag { get; set; } = "";
    /// <summary>Markdown.</summary>
    public string Description { get; set; } = "";
    /// <summary>Public, Members (patients welcome), Clinicians or Group.</summary>
    public Audience Audience { get; set; }
    public long? GroupId { get; set; }
    /// <summary>IANA zone the event is run in; sessions are shown in it (and in the viewer's own).</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Optional asynchronous window around the live windows: the room takes messages from start to end.</summary>
    public DateTime? OpensAt { get; set; }
    public DateTime? ClosesAt { get; set; }
    /// <summary>Seconds a participant who is not a host waits between messages; 0 = off.</summary>
    public int SlowModeSeconds { get; set; }
    /// <summary>The last message sequence number given out; taken with a row update so numbers follow commit order.</summary>
    public long LastSeq { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CancelledAt { get; set; }

    // Journal club
    /// <summary>"doi:10.xxxx/…" or "pmid:123", as <see cref="Posts.PostText.PaperKey"/> writes it.</summary>
    public string? PaperKey { get; set; }
    public string? PaperTitle { get; set; }
    public string? PaperJournal { get; set; }
    public string? PaperAuthors { get; set; }
    public string? PaperUrl { get; set; }
    /// <summary>Pre-read summary, Markdown.</summary>
    public string? PreRead { get; set; }

    // Recurring chat
    /// <summary>RFC 5545 RRULE (without the "RRULE:" prefix), evaluated in <see cref="TimeZone"/> from <see cref="SeriesStartLocal"/>.</summary>
    public string? Recurrence { get; set; }
    /// <summary>First occurrence as local wall-clock time in <see cref="TimeZone"/>.</summary>
    public DateTime? SeriesStartLocal { get; set; }
    public int? DurationMinutes { get; set; }

    public AudienceTarget Target => new(Audience, OwnerId, GroupId);
}

public sealed class EventHost
{
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public Member Member { get; set; } = null!;
    public EventRole Role { get; set; }
    public DateTime AddedAt { get; set; }
}

/// <summary>
/// A live window of an event: a journal club's window in one time zone, one occurrence of a recurring chat (with its host and
/// topic; skipped or moved), a conference session (room, speakers), an expert forum's answering period.
/// </summary>
public sealed class EventSession
{
    public const int MaxTitle = 200;

    public long Id { get; set; }
    public long EventId { get; set; }
    public Event Event { get; set; } = null!;
    /// <summary>Window label, occurrence topic or session title.</summary>
    public string Title { get; set; } = "";
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    /// <summary>The zone the window is held for (a journal club's "Asia-Pacific" window); null = the event's.</summary>
    public string? TimeZone { get; set; }
    public string? Room { get; set; }
    /// <summary>A chat occurrence's host.</summary>
    public long? HostId { get; set; }
    /// <summary>A recurring chat occurrence's original start (its identity in the rule), kept when it is moved.</summary>
    public DateTime? OccurrenceStart { get; set; }
    public bool Skipped { get; set; }
    public DateTime? ReminderSentAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<EventSpeaker> Speakers { get; set; } = [];

    public bool IsLive(DateTime now) => !Skipped && StartsAt <= now && now < EndsAt;
}

/// <summary>A conference speaker: a member when they are on the platform, otherwise a name.</summary>
public sealed class EventSpeaker
{
    public long SessionId { get; set; }
    public int Position { get; set; }
    public long? MemberId { get; set; }
    public string Name { get; set; } = "";
}

public sealed class EventRsvp
{
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A post in an event's room, with what was true when it was posted: the author's follower count, role, on-site check-in and
/// whether a live window was running. Figures are computed from these, never recomputed later.
/// </summary>
public sealed class EventMessage
{
    public long PostId { get; set; }
    public long EventId { get; set; }
    /// <summary>1, 2, 3 … per event, in commit order, so a reconnecting client asks for what follows its last one.</summary>
    public long Seq { get; set; }
    public long AuthorId { get; set; }
    public long? SessionId { get; set; }
    /// <summary>Set on a question (T1…Tn) post and on its answers (A1…An).</summary>
    public long? QuestionId { get; set; }
    public bool IsQuestion { get; set; }
    public EventRole? AuthorRole { get; set; }
    public int AuthorFollowers { get; set; }
    /// <summary>Checked in on site at the moment of posting (conferences); null when not checked in.</summary>
    public bool? AuthorOnSite { get; set; }
    public bool DuringLive { get; set; }
    public DateTime PostedAt { get; set; }
    public DateTime? PinnedAt { get; set; }
    public DateTime? HiddenAt { get; set; }
    public long? HiddenById { get; set; }
    public MessageLabel? Label { get; set; }
    public int Upvotes { get; set; }
}

/// <summary>A numbered journal-club question, released as a room post at its session's start plus <see cref="OffsetMinutes"/>.</summary>
public sealed class EventQuestion
{
    public const int MaxText = 400;

    public long Id { get; set; }
    public long EventId { get; set; }
    public long SessionId { get; set; }
    public int Number { get; set; }
    public string Text { get; set; } = "";
    public int OffsetMinutes { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public long? PostId { get; set; }
}

/// <summary>One open connection in a room (rows outlive a crashed node only until their heartbeat is stale).</summary>
public sealed class EventPresence
{
    public string ConnectionId { get; set; } = "";
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public DateTime JoinedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}

/// <summary>Time a member spent in a room, summed over connections; past the minimum it becomes attendance.</summary>
public sealed class EventAttendance
{
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public int Seconds { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? RecordedAt { get; set; }
}

public sealed class EventCheckIn
{
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public bool OnSite { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An attendee's key points of a session (≤ 280 characters), written after it; counts as learning.</summary>
public sealed class SessionSummary
{
    public const int MaxText = 280;

    public long Id { get; set; }
    public long EventId { get; set; }
    public long SessionId { get; set; }
    public long MemberId { get; set; }
    public string Text { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public sealed class EventUpvote
{
    public long PostId { get; set; }
    public long MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A member's secret calendar address (calendar clients cannot sign in); replaced to revoke.</summary>
public sealed class CalendarFeed
{
    public long MemberId { get; set; }
    public string Token { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Audience).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Title).HasMaxLength(Event.MaxTitle);
        b.Property(e => e.Hashtag).HasMaxLength(50);
        b.Property(e => e.Description).HasMaxLength(Event.MaxDescription);
        b.Property(e => e.TimeZone).HasMaxLength(100);
        b.Property(e => e.PaperKey).HasMaxLength(300);
        b.Property(e => e.PaperTitle).HasMaxLength(500);
        b.Property(e => e.PaperJournal).HasMaxLength(200);
        b.Property(e => e.PaperAuthors).HasMaxLength(1000);
        b.Property(e => e.PaperUrl).HasMaxLength(1000);
        b.Property(e => e.PreRead).HasMaxLength(Event.MaxPreRead);
        b.Property(e => e.Recurrence).HasMaxLength(500);
        b.HasOne(e => e.Owner).WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Groups.Group>().WithMany().HasForeignKey(e => e.GroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.Hashtag);
        b.HasIndex(e => new { e.Kind, e.CreatedAt });
    }
}

public sealed class EventHostConfiguration : IEntityTypeConfiguration<EventHost>
{
    public void Configure(EntityTypeBuilder<EventHost> b)
    {
        b.HasKey(h => new { h.EventId, h.MemberId });
        b.Property(h => h.Role).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Event>().WithMany().HasForeignKey(h => h.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(h => h.Member).WithMany().HasForeignKey(h => h.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(h => h.MemberId);
    }
}

public sealed class EventSessionConfiguration : IEntityTypeConfiguration<EventSession>
{
    public void Configure(EntityTypeBuilder<EventSession> b)
    {
        b.Property(s => s.Title).HasMaxLength(EventSession.MaxTitle);
        b.Property(s => s.TimeZone).HasMaxLength(100);
        b.Property(s => s.Room).HasMaxLength(100);
        b.HasOne(s => s.Event).WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.HostId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(s => new { s.EventId, s.StartsAt });
        b.HasIndex(s => new { s.EventId, s.OccurrenceStart }).IsUnique();
        b.HasIndex(s => new { s.StartsAt, s.ReminderSentAt });
    }
}

public sealed class EventSpeakerConfiguration : IEntityTypeConfiguration<EventSpeaker>
{
    public void Configure(EntityTypeBuilder<EventSpeaker> b)
    {
        b.HasKey(s => new { s.SessionId, s.Position });
        b.Property(s => s.Name).HasMaxLength(200);
        b.HasOne<EventSession>().WithMany(s => s.Speakers).HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class EventRsvpConfiguration : IEntityTypeConfiguration<EventRsvp>
{
    public void Configure(EntityTypeBuilder<EventRsvp> b)
    {
        b.HasKey(r => new { r.EventId, r.MemberId });
        b.HasOne<Event>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.MemberId);
    }
}

public sealed class EventMessageConfiguration : IEntityTypeConfiguration<EventMessage>
{
    public void Configure(EntityTypeBuilder<EventMessage> b)
    {
        b.HasKey(m => m.PostId);
        b.Property(m => m.AuthorRole).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Label).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Posts.Post>().WithOne().HasForeignKey<EventMessage>(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Event>().WithMany().HasForeignKey(m => m.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<EventSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<EventQuestion>().WithMany().HasForeignKey(m => m.QuestionId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(m => new { m.EventId, m.Seq }).IsUnique();
        b.HasIndex(m => new { m.EventId, m.AuthorId });
        b.HasIndex(m => m.SessionId);
    }
}

public sealed class EventQuestionConfiguration : IEntityTypeConfiguration<EventQuestion>
{
    public void Configure(EntityTypeBuilder<EventQuestion> b)
    {
        b.Property(q => q.Text).HasMaxLength(EventQuestion.MaxText);
        b.HasOne<Event>().WithMany().HasForeignKey(q => q.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<EventSession>().WithMany().HasForeignKey(q => q.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(q => new { q.EventId, q.Number }).IsUnique();
        b.HasIndex(q => q.ReleasedAt);
    }
}

public sealed class EventPresenceConfiguration : IEntityTypeConfiguration<EventPresence>
{
    public void Configure(EntityTypeBuilder<EventPresence> b)
    {
        b.HasKey(p => new { p.ConnectionId, p.EventId });
        b.Property(p => p.ConnectionId).HasMaxLength(100);
        b.HasOne<Event>().WithMany().HasForeignKey(p => p.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.EventId, p.LastSeenAt });
    }
}

public sealed class EventAttendanceConfiguration : IEntityTypeConfiguration<EventAttendance>
{
    public void Configure(EntityTypeBuilder<EventAttendance> b)
    {
        b.HasKey(a => new { a.EventId, a.MemberId });
        b.HasOne<Event>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EventCheckInConfiguration : IEntityTypeConfiguration<EventCheckIn>
{
    public void Configure(EntityTypeBuilder<EventCheckIn> b)
    {
        b.HasKey(c => new { c.EventId, c.MemberId });
        b.HasOne<Event>().WithMany().HasForeignKey(c => c.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SessionSummaryConfiguration : IEntityTypeConfiguration<SessionSummary>
{
    public void Configure(EntityTypeBuilder<SessionSummary> b)
    {
        b.Property(s => s.Text).HasMaxLength(SessionSummary.MaxText * 2);
        b.HasOne<EventSession>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.SessionId, s.MemberId }).IsUnique();
        b.HasIndex(s => s.EventId);
    }
}

public sealed class EventUpvoteConfiguration : IEntityTypeConfiguration<EventUpvote>
{
    public void Configure(EntityTypeBuilder<EventUpvote> b)
    {
        b.HasKey(u => new { u.PostId, u.MemberId });
        b.HasOne<EventMessage>().WithMany().HasForeignKey(u => u.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(u => u.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.HasKey(f => f.MemberId);
        b.Property(f => f.Token).HasMaxLength(100);
        b.HasIndex(f => f.Token).IsUnique();
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
