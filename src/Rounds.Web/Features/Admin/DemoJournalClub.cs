using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// Two #RheumJC clubs: one finished two days ago (a 48-hour window with an Americas and an Asia-Pacific live window, T1–T3 answered by
/// several members, an invited author, a patient), so its transcript shows figures; and one upcoming, created through CreateEvent. The
/// papers use Crossref's test DOI prefix (10.5555): they are made up for the demo. The finished club is written as entities because its
/// times are in the past; each message carries what it would have captured at posting (the author's followers now, role, live or not).
/// </summary>
public static class DemoJournalClub
{
    public const string FinishedTitle = "#RheumJC: nurse-led tight control in early rheumatoid arthritis";
    public const string UpcomingTitle = "#RheumJC: telephone reviews between rheumatology visits";

    /// <summary>The finished club's messages: hours after the asynchronous window opened, author, text, the question it asks (T) or answers (A), reply to message n.</summary>
    public static readonly (double Hours, string Author, string Text, int? Asks, int? Answers, int? ReplyTo)[] Messages =
    [
        (2, "rheumdoc", "Welcome to #RheumJC! The pre-read is up, and questions T1 to T3 arrive during the two live windows.", null, null, null),
        (5, "nurse_kim", "I read the pre-read on my break. I am curious how the nurse-led visits were organised.", null, null, null),
        (12, "rheumdoc", "T1: What was the primary outcome, and was it the right one? #rheumjc", 1, null, null),
        (12.05, "resident_ruth", "Remission by DAS28 at twelve months. Reasonable, though I would have liked a patient-reported outcome alongside it.", null, 1, null),
        (12.08, "educator_eve", "We chose remission with our patient partners. The patient-reported outcomes are in the supplement, and they moved in the same direction.", null, null, 3),
        (12.13, "patient_pat", "As a patient, fatigue mattered more to me than the joint count. I am glad it was measured.", null, null, 5),
        (12.2, "student_lee", "This is my first journal club. What does treat-to-target look like on a busy clinic day?", null, null, null),
        (12.25, "rheumdoc", "A set target, a review every one to three months, and a change of treatment whenever the target is missed.", null, null, 7),
        (12.34, "rheumdoc", "T2: Would you change your practice after this trial? #rheumjc", 2, null, null),
        (12.4, "nephjc_fan", "Yes for early disease. It is also a reminder to check kidney function before each methotrexate increase.", null, 2, null),
        (12.45, "pharm_raj", "From the pharmacy side: tight control means more dose changes, so shared protocols and folic acid reminders help.", null, 2, null),
        (12.55, "drmoderator", "A great discussion so far. The Asia-Pacific window opens in about twelve hours with T3.", null, null, null),
        (24, "rheumdoc", "T3: What stops tight control from working in your clinic? #rheumjc", 3, null, null),
        (24.07, "resident_ruth", "Clinic capacity. Reviews every month are hard to book, and telephone reviews could fill the gap.", null, 3, null),
        (24.12, "nurse_kim", "Nurse-led telephone follow-up works well for us between the rheumatologist's reviews.", null, 3, null),
        (24.17, "rheumdoc", "Agreed. Let us share templates for telephone reviews, and make that the topic of a future club.", null, null, 15),
        (30, "student_lee", "Thank you all, I learned a lot. I am saving this transcript for my rheumatology rotation.", null, null, null),
    ];

    private static readonly string[] Questions =
    [
        "What was the primary outcome, and was it the right one?",
        "Would you change your practice after this trial?",
        "What stops tight control from working in your clinic?",
    ];

    public static async Task SeedAsync(RoundsDb db, IServiceProvider sp, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        await SeedFinishedAsync(db, members, now, ct);
        await SeedUpcomingAsync(db, sp, members, now, ct);
    }

    private static async Task SeedFinishedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var owner = members["rheumdoc"];
        var opens = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddDays(-3);
        var ev = new Event
        {
            Kind = EventKind.JournalClub, OwnerId = owner.Id, Title = FinishedTitle, Hashtag = "rheumjc", Audience = Audience.Members, TimeZone = "America/New_York",
            Description = "Our monthly club, in two live windows (Americas and Asia-Pacific) inside a 48-hour asynchronous window. Patients are welcome. "
                + "The paper is made up for the demo.",
            OpensAt = opens, ClosesAt = opens.AddHours(48), CreatedAt = opens.AddDays(-7),
            PaperKey = "doi:10.5555/rounds-demo.2026.001", PaperTitle = "Nurse-led tight control in early rheumatoid arthritis: a demonstration trial",
            PaperJournal = "Rounds Demo Journal of Rheumatology", PaperAuthors = "Rounds demo study group", PaperUrl = PostText.PaperLink("doi:10.5555/rounds-demo.2026.001"),
            PreRead = "## Why it matters\nTight control of early rheumatoid arthritis improves outcomes, but it needs frequent reviews. This trial asks whether "
                + "nurse-led visits can carry that load.\n\n## Read for\n- the primary outcome and when it was measured\n- what the nurse-led visits involved\n- adverse events",
        };
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        var americas = new EventSession { EventId = ev.Id, Title = "Americas", StartsAt = opens.AddHours(12), EndsAt = opens.AddHours(13), TimeZone = "America/New_York", CreatedAt = ev.CreatedAt };
        var asia = new EventSession { EventId = ev.Id, Title = "Asia-Pacific", StartsAt = opens.AddHours(24), EndsAt = opens.AddHours(25), TimeZone = "Australia/Sydney", CreatedAt = ev.CreatedAt };
        db.EventSessions.AddRange(americas, asia);
        db.EventHosts.AddRange(
            new EventHost { EventId = ev.Id, MemberId = owner.Id, Role = EventRole.Host, AddedAt = ev.CreatedAt },
            new EventHost { EventId = ev.Id, MemberId = members["educator_eve"].Id, Role = EventRole.Author, AddedAt = ev.CreatedAt },
            new EventHost { EventId = ev.Id, MemberId = members["drmoderator"].Id, Role = EventRole.Moderator, AddedAt = ev.CreatedAt });
        foreach (var handle in new[] { "rheumdoc", "resident_ruth", "student_lee", "nurse_kim", "patient_pat", "pharm_raj" })
            db.EventRsvps.Add(new EventRsvp { EventId = ev.Id, MemberId = members[handle].Id, CreatedAt = ev.CreatedAt.AddHours(1) });
        await db.SaveChangesAsync(ct);
        var questions = Questions.Select((text, i) => new EventQuestion
        {
            EventId = ev.Id, SessionId = i < 2 ? americas.Id : asia.Id, Number = i + 1, Text = text, OffsetMinutes = i == 1 ? 20 : 0,
        }).ToList();
        db.EventQuestions.AddRange(questions);
        await db.SaveChangesAsync(ct);

        var followers = await db.Follows.GroupBy(f => f.FolloweeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var roles = new Dictionary<string, EventRole> { ["rheumdoc"] = EventRole.Host, ["educator_eve"] = EventRole.Author, ["drmoderator"] = EventRole.Moderator };
        var posts = new List<Post>();
        var messages = new List<EventMessage>();
        for (var i = 0; i < Messages.Length; i++)
        {
            var (hours, handle, text, asks, answers, replyTo) = Messages[i];
            var author = members[handle];
            var at = opens.AddHours(hours);
            var parent = replyTo is { } r ? posts[r - 1] : null;
            var post = new Post
            {
                AuthorId = author.Id, Text = text, Audience = ev.Audience, ContextKind = "event", ContextId = ev.Id, CreatedAt = at,
                ReplyToId = parent?.Id, ReplyToAuthorId = parent?.AuthorId, ThreadRootId = parent is null ? null : parent.ThreadRootId ?? parent.Id,
                Tags = PostText.Hashtags(text).Select(t => new PostTag { Tag = t }).ToList(),
            };
            if (parent is not null) parent.ReplyCount++;
            db.Posts.Add(post);
            await db.SaveChangesAsync(ct);
            posts.Add(post);
            var session = new[] { americas, asia }.FirstOrDefault(s => s.IsLive(at));
            // An answer attaches to its question by number, or by replying to the question or to one of its answers.
            var question = asks is { } q ? questions[q - 1] : answers is { } a ? questions[a - 1] : parent is null ? null
                : messages[replyTo!.Value - 1].QuestionId is { } qid ? questions.Single(x => x.Id == qid) : null;
            if (asks is not null) { question!.ReleasedAt = at; question.PostId = post.Id; }
            messages.Add(new EventMessage
            {
                PostId = post.Id, EventId = ev.Id, Seq = i + 1, AuthorId = author.Id, SessionId = session?.Id ?? question?.SessionId, QuestionId = question?.Id,
                IsQuestion = asks is not null, AuthorRole = roles.TryGetValue(handle, out var role) ? role : null, AuthorFollowers = followers.GetValueOrDefault(author.Id),
                DuringLive = session is not null, PostedAt = at,
            });
            db.EventMessages.Add(messages[^1]);
            if (EventMessages.AttendanceActivity(ev, messages[^1].AuthorRole) is { } activity)
                await LearningRecord.RecordAsync(db, author.Id, new(activity, "event", ev.Id, ev.Title, "rheumatology", $"/events/{ev.Id}"), at, ct);
        }
        ev.LastSeq = Messages.Length;
        // Two members followed the live windows without posting long enough to count as attending.
        foreach (var (handle, minutes) in new[] { ("jrheum", 45), ("student_lee", 60) })
            db.EventAttendance.Add(new EventAttendance
            {
                EventId = ev.Id, MemberId = members[handle].Id, Seconds = minutes * 60, FirstSeenAt = americas.StartsAt, LastSeenAt = americas.StartsAt.AddMinutes(minutes),
                RecordedAt = americas.StartsAt.AddMinutes(20),
            });
        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedUpcomingAsync(RoundsDb db, IServiceProvider sp, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var owner = members["rheumdoc"];
        var audiences = sp.GetRequiredService<Audiences>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var opens = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(5);
        var outcome = await CreateEvent.RunAsync(owner, await audiences.ViewerOfAsync(owner.Id, now, ct), new CreateEvent.Request(
            "journal-club", UpcomingTitle, "RheumJC",
            "Next month's club, on the topic the last one asked for. Patients are welcome. The paper is made up for the demo.",
            "members", null, "America/New_York", opens, opens.AddHours(48),
            [
                new("Americas", opens.AddHours(12), opens.AddHours(13), "America/New_York"),
                new("Asia-Pacific", opens.AddHours(24), opens.AddHours(25), "Australia/Sydney"),
            ],
            [new("educator_eve", "author"), new("drmoderator", "moderator")],
            "doi:10.5555/rounds-demo.2026.002", "Telephone reviews between rheumatology visits: a demonstration trial", "Rounds Demo Journal of Rheumatology",
            "Rounds demo study group", null,
            "## Why it matters\nReviews every month are hard to book. Can a telephone review between visits keep tight control going?",
            [new("Which patients suit a telephone review?", 0, 0), new("What must a telephone review include?", 0, 20), new("Which patients suit a telephone review in your region?", 1, 0)]),
            db, audiences, clock, ct);
        if (!outcome.IsOk) throw new InvalidOperationException($"The demo journal club was refused: {string.Join("; ", outcome.FormErrors().SelectMany(e => e.Value))}");
        foreach (var handle in new[] { "resident_ruth", "nurse_kim", "patient_pat" })
            db.EventRsvps.Add(new EventRsvp { EventId = outcome.Value!.Id, MemberId = members[handle].Id, CreatedAt = now });
        await db.SaveChangesAsync(ct);
    }
}
