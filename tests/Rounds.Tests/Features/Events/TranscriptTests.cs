using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Features.Learning;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>
/// The permanent transcript of an event: questions with their answers, the other messages in order, hidden and deleted ones left out,
/// and participation figures from what was captured when each message was posted.
/// </summary>
public class TranscriptTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private sealed record Club(EventView Event, TestMember Owner, TestMember A, TestMember B, TestMember C, MessageView Hidden, MessageView Deleted);

    /// <summary>
    /// A club with a 48-hour asynchronous window around one live window two hours in. Messages: A before the live window, T1, A's answer by
    /// number, B's answer by replying to T1, C's remark, B's hidden one, C's deleted one, T2, A's answer, A again after the live window.
    /// A has 2 followers, B 1, C and the owner none, when they post.
    /// </summary>
    private async Task<Club> RunClubAsync()
    {
        var owner = await app.Given.VerifiedClinician();
        var a = await app.Given.VerifiedClinician();
        var b = await app.Given.Member();
        var c = await app.Given.Patient();
        foreach (var follower in new[] { await app.Given.Member(), await app.Given.Member() }) await app.Given.Follow(follower, a);
        await app.Given.Follow(await app.Given.Member(), b);
        var now = app.Clock.GetUtcNow();
        var ev = await app.Given.Event(owner, new
        {
            kind = "journal-club", title = "Tight control in early arthritis", hashtag = "RheumJC", timeZone = "America/New_York", audience = "members",
            paper = "10.1136/annrheumdis-2023-224001", paperTitle = "Treat-to-target strategies in early arthritis", paperJournal = "Annals of the Rheumatic Diseases",
            opensAt = now, closesAt = now.AddHours(48),
            sessions = new[] { new { title = "Americas", startsAt = now.AddHours(2), endsAt = now.AddHours(3), timeZone = "America/New_York" } },
            questions = new[] { new { text = "What was the primary outcome?", session = 0, offsetMinutes = 0 }, new { text = "Would you change practice?", session = 0, offsetMinutes = 30 } },
        });
        await app.Given.EventMessage(a, ev.Id, "Looking forward to discussing allocation concealment in this trial.");
        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await app.SettleAsync();
        var t1 = (await app.As(a).GetFromJsonAsync<RoomSnapshot>($"/api/v1/events/{ev.Id}/messages"))!.Messages.Single(m => m.Label == "T1");
        await app.Given.EventMessage(a, ev.Id, "Remission at one year was the primary outcome, and it favoured tight control.", question: 1);
        await app.Given.EventMessage(b, ev.Id, "Nurse-led visits made monthly review feasible in our clinic.", inReplyToId: t1.PostId);
        await app.Given.EventMessage(c, ev.Id, "As a patient, the visits every month felt like a lot at first, but they were worth it.");
        var hidden = await app.Given.EventMessage(b, ev.Id, "An off-topic remark about parking at the venue.");
        var deleted = await app.Given.EventMessage(c, ev.Id, "An afterthought I took back.");
        await app.WithDbAsync(db => db.EventMessages.Where(m => m.PostId == hidden.PostId).ExecuteUpdateAsync(s => s.SetProperty(m => m.HiddenAt, DateTime.UtcNow)));
        (await app.As(c).DeleteAsync($"/api/v1/posts/{deleted.PostId}")).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await app.SettleAsync();
        await app.Given.EventMessage(a, ev.Id, "Yes: I would treat to target from the first visit.", question: 2);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.Given.EventMessage(a, ev.Id, "A late thought in the asynchronous window: the safety data were reassuring.");
        return new Club(ev, owner, a, b, c, hidden, deleted);
    }

    [Fact]
    public async Task A_finished_club_has_its_questions_with_answers_its_other_messages_and_figures_captured_at_posting()
    {
        var club = await RunClubAsync();
        var reader = await app.Given.Member();

        // While the club runs, the transcript says so and has no figures; the PDF is not there yet.
        var during = await app.As(reader).GetFromJsonAsync<TranscriptView>($"/api/v1/events/{club.Event.Id}/transcript");
        Assert.Equal("in-progress", during!.Status);
        Assert.Null(during.Figures);
        Assert.Empty(during.Messages);
        Assert.Contains("In progress", await app.As(reader).GetStringAsync($"/events/{club.Event.Id}/transcript"));
        await (await app.As(reader).GetAsync($"/events/{club.Event.Id}/transcript.pdf")).AssertStatusAsync(HttpStatusCode.Conflict);

        app.Clock.Advance(TimeSpan.FromHours(46));
        var t = (await app.As(reader).GetFromJsonAsync<TranscriptView>($"/api/v1/events/{club.Event.Id}/transcript"))!;
        Assert.Equal("final", t.Status);
        Assert.Equal("Treat-to-target strategies in early arthritis", t.Event.Paper!.Title);
        Assert.Equal("Americas", Assert.Single(t.Event.Sessions).Title);
        Assert.Equal(["T1", "T2"], t.Questions.Select(q => q.Label));
        Assert.StartsWith("T1: What was the primary outcome?", t.Questions[0].Post!.Text);
        Assert.Equal([club.A.Id, club.B.Id], t.Questions[0].Answers.Select(m => m.AuthorId));
        Assert.All(t.Questions[0].Answers, m => Assert.Equal("A1", m.Label));
        Assert.Equal("A2", Assert.Single(t.Questions[1].Answers).Label);
        Assert.Equal(["Looking forward to discussing allocation concealment in this trial.", "As a patient, the visits every month felt like a lot at first, but they were worth it.",
            "A late thought in the asynchronous window: the safety data were reassuring."], t.Messages.Select(m => m.Text));
        var all = t.Questions.SelectMany(q => q.Answers.Append(q.Post!)).Concat(t.Messages).ToList();
        Assert.DoesNotContain(all, m => m.PostId == club.Hidden.PostId || m.PostId == club.Deleted.PostId);

        // 8 messages by 4 participants; A wrote 4 of them (the top 10% is one participant); 6 during the live window; reach 2 + 1 + 0 + 0.
        var f = t.Figures!;
        Assert.Equal(4, f.Participants);
        Assert.Equal(8, f.Messages);
        Assert.Equal(2.0, f.MessagesPerParticipant);
        Assert.Equal(1, f.MostActiveParticipants);
        Assert.Equal(0.5, f.MostActiveShare);
        Assert.Equal(6, f.DuringLive);
        Assert.Equal(0.75, f.LiveShare);
        Assert.Equal(3, f.PotentialReach);
        Assert.Equal(club.A.Id, t.Authors[0].Id);

        // Followers gained after the club change nothing: the counts were captured when each message was posted.
        for (var i = 0; i < 5; i++) await app.Given.Follow(await app.Given.Member(), club.A);
        await app.Given.Follow(await app.Given.Member(), club.C);
        var later = (await app.As(reader).GetFromJsonAsync<TranscriptView>($"/api/v1/events/{club.Event.Id}/transcript"))!;
        Assert.Equal(3, later.Figures!.PotentialReach);
        Assert.Equal(f, later.Figures);

        var page = await app.As(reader).GetStringAsync($"/events/{club.Event.Id}/transcript");
        Assert.Contains("data-testid=\"transcript-status\">Final", page);
        Assert.Contains("data-testid=\"fig-participants\">4<", page);
        Assert.Contains("data-testid=\"fig-top-share\">50%<", page);
        Assert.Contains("data-testid=\"fig-live-share\">75%<", page);
        Assert.Contains("data-testid=\"fig-reach\">3<", page);
        Assert.Contains("captured when they posted", page);
        Assert.Contains("T1: What was the primary outcome?", page);
        Assert.Contains("Nurse-led visits made monthly review feasible in our clinic.", page);
        Assert.DoesNotContain("parking at the venue", page);
        Assert.DoesNotContain("An afterthought I took back", page);
        Assert.Contains("<svg", page);
    }

    [Fact]
    public async Task The_pdf_holds_the_same_transcript_as_extractable_text()
    {
        var club = await RunClubAsync();
        app.Clock.Advance(TimeSpan.FromHours(46));
        var response = await app.As(club.B).GetAsync($"/events/{club.Event.Id}/transcript.pdf");
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = PdfText.Extract(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Transcript: Tight control in early arthritis", text);
        Assert.Contains("Treat-to-target strategies in early arthritis", text);
        Assert.Contains("Live window \"Americas\"", text);
        Assert.Contains("T1: What was the primary outcome?", text);
        Assert.Contains("Remission at one year was the primary outcome, and it favoured tight control.", text);
        Assert.Contains("A2", text);
        Assert.Contains("Participants: 4", text);
        Assert.Contains("Posted during the live windows: 75%", text);
        Assert.Contains("Potential reach: 3.", text);
        Assert.DoesNotContain("parking at the venue", text);
        Assert.DoesNotContain("An afterthought I took back", text);
    }

    [Fact]
    public async Task Attendees_are_listed_and_a_reader_who_blocked_an_author_reads_without_them_but_with_the_same_figures()
    {
        var club = await RunClubAsync();
        var listener = await app.Given.Member();
        await app.WithDbAsync(async db =>
        {
            db.EventAttendance.Add(new EventAttendance { EventId = club.Event.Id, MemberId = listener.Id, Seconds = 1500, FirstSeenAt = DateTime.UtcNow,
                LastSeenAt = DateTime.UtcNow, RecordedAt = DateTime.UtcNow });
            db.EventAttendance.Add(new EventAttendance { EventId = club.Event.Id, MemberId = club.C.Id, Seconds = 300, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromHours(46));
        var reader = await app.Given.Member();
        await app.Given.Block(reader, club.C);
        var t = (await app.As(reader).GetFromJsonAsync<TranscriptView>($"/api/v1/events/{club.Event.Id}/transcript"))!;
        Assert.DoesNotContain(t.Messages, m => m.AuthorId == club.C.Id);
        Assert.DoesNotContain(t.Authors, a => a.Id == club.C.Id);
        Assert.Equal(4, t.Figures!.Participants);
        Assert.Equal(1, t.Figures.Attendees);
        Assert.Equal(listener.Id, Assert.Single(t.Attendees).Id);
        Assert.Equal(25, t.Attendees[0].Minutes);
    }

    [Fact]
    public async Task Every_event_kind_has_a_transcript_and_an_empty_one_has_zero_figures()
    {
        var owner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow();
        var conference = await app.Given.Event(owner, new
        {
            kind = "conference", title = "Spring rheumatology meeting", hashtag = "RheumSpring", audience = "public",
            sessions = new[] { new { title = "Vasculitis update", startsAt = now.AddMinutes(5), endsAt = now.AddHours(1), room = "Hall A" } },
        });
        var quiet = await app.Given.Event(owner, new
        {
            kind = "conference", title = "A quiet meeting", hashtag = "Quiet", audience = "public",
            sessions = new[] { new { title = "Nobody came", startsAt = now.AddMinutes(5), endsAt = now.AddHours(1) } },
        });
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var speaker = await app.Given.VerifiedClinician();
        await app.Given.EventMessage(speaker, conference.Id, "Key point from the session: imaging first in suspected large-vessel disease.");
        app.Clock.Advance(TimeSpan.FromHours(1));

        var t = (await app.Anonymous().GetFromJsonAsync<TranscriptView>($"/api/v1/events/{conference.Id}/transcript"))!;
        Assert.Equal("final", t.Status);
        Assert.Empty(t.Questions);
        Assert.Single(t.Messages);
        Assert.Equal(1, t.Figures!.Participants);
        Assert.Equal(1.0, t.Figures.MostActiveShare);
        Assert.Contains("Key point from the session", PdfText.Extract(await app.Anonymous().GetByteArrayAsync($"/events/{conference.Id}/transcript.pdf")));

        var empty = (await app.Anonymous().GetFromJsonAsync<TranscriptView>($"/api/v1/events/{quiet.Id}/transcript"))!;
        Assert.Equal(new TranscriptFigures(0, 0, 0, 0, 0, 0, 0, 0, 0), empty.Figures);
        Assert.Contains("No other messages", PdfText.Extract(await app.Anonymous().GetByteArrayAsync($"/events/{quiet.Id}/transcript.pdf")));
        Assert.Contains("No other messages.", await app.Anonymous().GetStringAsync($"/events/{quiet.Id}/transcript"));
    }

    [Fact]
    public async Task Unknown_malformed_and_hidden_transcripts_are_not_found()
    {
        var owner = await app.Given.VerifiedClinician();
        var club = await app.Given.JournalClub(owner, audience: "clinicians", questions: []);
        await app.Given.EventEnded(club.Id);
        var patient = await app.Given.Patient();
        var member = await app.Given.Member();
        foreach (var (client, path) in new[]
                 {
                     (app.As(member), "/api/v1/events/999999999/transcript"), (app.As(member), "/events/999999999/transcript"), (app.As(member), "/events/999999999/transcript.pdf"),
                     (app.As(member), "/api/v1/events/abc/transcript"), (app.As(member), "/events/abc/transcript"), (app.As(member), "/events/abc/transcript.pdf"),
                     (app.As(member), "/api/v1/events/-1/transcript"), (app.As(member), "/events/99999999999999999999999/transcript.pdf"),
                     (app.As(patient), $"/api/v1/events/{club.Id}/transcript"), (app.As(patient), $"/events/{club.Id}/transcript"), (app.As(patient), $"/events/{club.Id}/transcript.pdf"),
                     (app.Anonymous(), $"/api/v1/events/{club.Id}/transcript"), (app.Anonymous(), $"/events/{club.Id}/transcript"), (app.Anonymous(), $"/events/{club.Id}/transcript.pdf"),
                 })
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync(path)).StatusCode, path);
        var problem = await app.As(member).GetAsync("/api/v1/events/999999999/transcript");
        Assert.Equal(404, (await problem.JsonAsync()).GetProperty("status").GetInt32());
        await (await app.As(owner).GetAsync($"/events/{club.Id}/transcript.pdf")).AssertStatusAsync(HttpStatusCode.OK);
    }
}
