using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Events;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// A two-day rheumatology meeting (#RheumForum26, invented) with a program of sessions yesterday and today, speakers who are members and
/// speakers who are not, check-ins on site and remote, live posts in the sessions, some labelled by the moderator, key-point summaries — so its
/// report has real figures — and an ask-the-expert forum on gout with questions, votes and the expert's answers.
/// </summary>
public static class DemoConference
{
    private static readonly string[] Clinical =
    [
        "Registry data: remission rates keep improving when treatment starts within 12 weeks of symptoms.",
        "Ultrasound power Doppler predicts flares after tapering better than the clinical examination alone.",
        "Key slide: the treat-to-target visits every 4–6 weeks are what made the difference in the trial.",
        "Interesting subgroup: seronegative patients responded as well as seropositive ones.",
        "Speaker recommends screening for interstitial lung disease in every new patient with high-titre anti-CCP.",
        "The tapering strategy: halve the dose, then stop after six months of sustained remission.",
        "Cardiovascular risk doubles in active disease: lipids and blood pressure belong in the rheumatology visit.",
        "Trial result: JAK inhibitor non-inferior to the biologic on ACR50 at week 24, with the usual safety caveats.",
    ];

    private static readonly string[] Social =
    [
        "Great to catch up with colleagues from across the region at #RheumForum26!",
        "Coffee queue is long but the posters are worth it.",
        "Visit our booth for the new patient education app.",
    ];

    public static async Task SeedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = TimeZoneInfo.ConvertTimeFromUtc(now, zone).Date;
        DateTime At(DateTime day, int hour, int minute) => TimeZoneInfo.ConvertTimeToUtc(day.AddHours(hour).AddMinutes(minute), zone);
        var ana = members["rheumdoc"];
        var sam = members["nephjc_fan"];
        var maya = members["drmoderator"];

        var ev = new Event
        {
            Kind = EventKind.Conference, OwnerId = ana.Id, Title = "Riverside Rheumatology Forum 2026", Hashtag = "rheumforum26", Audience = Audience.Members,
            TimeZone = zone.Id, CreatedAt = now.AddDays(-30),
            Description = "Two days on early inflammatory arthritis, imaging and cardiovascular risk. Check in on site or remotely, post into the sessions, "
                + "and write each session's key points afterwards.",
        };
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        db.EventHosts.AddRange(
            new EventHost { EventId = ev.Id, MemberId = ana.Id, Role = EventRole.Host, AddedAt = ev.CreatedAt },
            new EventHost { EventId = ev.Id, MemberId = maya.Id, Role = EventRole.Moderator, AddedAt = ev.CreatedAt });

        var program = new List<(DateTime Day, int H, int M, int Minutes, string Title, string Room, (string Name, Member? Member)[] Speakers)>();
        foreach (var (day, n) in new[] { (today.AddDays(-1), 1), (today, 2) })
        {
            program.Add((day, 9, 0, 60, n == 1 ? "Opening plenary: the window of opportunity" : "Plenary: cardiovascular risk in arthritis", "Main hall",
                n == 1 ? [("Dr. Ana Okafor", ana), ("Prof. Helena Brandt", null)] : [("Dr. Sam Lindqvist", sam), ("Dr. Tomas Ilves", null)]));
            program.Add((day, 10, 30, 90, n == 1 ? "Workshop: musculoskeletal ultrasound" : "Workshop: tapering biologics", "Room 2",
                n == 1 ? [("Dr. Priya Raman", null)] : [("Dr. Ana Okafor", ana)]));
            program.Add((day, 10, 30, 90, n == 1 ? "Abstracts: clinical trials" : "Abstracts: lupus and vasculitis", "Room 3",
                n == 1 ? [("Dr. Maya Moderator", maya), ("Dr. Lukas Weber", null)] : [("Dr. Grace Mensah", null)]));
            program.Add((day, 14, 0, 60, n == 1 ? "Debate: treat-to-target for everyone?" : "Closing: what changes on Monday", "Main hall",
                n == 1 ? [("Dr. Sam Lindqvist", sam), ("Dr. Ana Okafor", ana)] : [("Prof. Helena Brandt", null)]));
        }
        var sessions = program.Select(p => new EventSession
        {
            EventId = ev.Id, Title = p.Title, Room = p.Room, StartsAt = At(p.Day, p.H, p.M), EndsAt = At(p.Day, p.H, p.M).AddMinutes(p.Minutes), CreatedAt = ev.CreatedAt,
            Speakers = p.Speakers.Select((s, i) => new EventSpeaker { Position = i, Name = s.Name, MemberId = s.Member?.Id }).ToList(),
        }).ToList();
        db.EventSessions.AddRange(sessions);
        await db.SaveChangesAsync(ct);

        // Who came, and how: the check-in a post keeps is the one its author had then.
        var attendees = new[] { ("resident_ruth", true), ("nurse_kim", false), ("pharm_raj", false), ("educator_eve", true), ("nephjc_fan", true),
            ("patient_pat", false), ("drmoderator", true) };
        foreach (var (handle, onSite) in attendees)
        {
            db.EventCheckIns.Add(new EventCheckIn { EventId = ev.Id, MemberId = members[handle].Id, OnSite = onSite, At = sessions[0].StartsAt.AddHours(-2) });
            db.EventRsvps.Add(new EventRsvp { EventId = ev.Id, MemberId = members[handle].Id, CreatedAt = ev.CreatedAt });
        }
        db.EventRsvps.Add(new EventRsvp { EventId = ev.Id, MemberId = ana.Id, CreatedAt = ev.CreatedAt });

        var rng = new Random(26);
        var posters = attendees.Select(a => (Member: members[a.Item1], OnSite: a.Item2)).Append((ana, false)).ToList();
        var messages = new List<(Post Post, EventMessage Message)>();
        void Add(Member author, bool? onSite, EventSession? session, DateTime at, string text, MessageLabel? label, EventRole? role)
        {
            var post = new Post
            {
                AuthorId = author.Id, Text = $"{text} #RheumForum26", Audience = ev.Audience, ContextKind = "event", ContextId = ev.Id, CreatedAt = at,
                Tags = PostText.Hashtags($"{text} #RheumForum26").Select(t => new PostTag { Tag = t }).ToList(),
            };
            messages.Add((post, new EventMessage
            {
                EventId = ev.Id, AuthorId = author.Id, SessionId = session?.Id, AuthorRole = role, AuthorOnSite = onSite, DuringLive = session is not null, PostedAt = at, Label = label,
            }));
        }
        foreach (var s in sessions.Where(s => s.StartsAt < now))
        {
            var end = s.EndsAt < now ? s.EndsAt : now;
            var count = 3 + rng.Next(5);
            for (var i = 0; i < count; i++)
            {
                var (author, onSite) = posters[rng.Next(posters.Count)];
                var at = s.StartsAt.AddSeconds(rng.NextDouble() * (end - s.StartsAt).TotalSeconds);
                var speaker = s.Speakers.Any(x => x.MemberId == author.Id);
                var role = author.Id == ana.Id ? EventRole.Host : author.Id == maya.Id ? EventRole.Moderator : speaker ? EventRole.Speaker : (EventRole?)null;
                var clinical = Clinical[rng.Next(Clinical.Length)];
                // The moderator labelled a few posts; the rest count by their session.
                var label = rng.Next(6) == 0 ? (rng.Next(2) == 0 ? MessageLabel.Research : MessageLabel.Clinical) : (MessageLabel?)null;
                Add(author, author.Id == ana.Id ? null : onSite, s, at, clinical, label, role);
            }
            // Between sessions: chatter, some labelled social or promotional, the rest unclassified.
            if (s.EndsAt < now)
            {
                var (author, onSite) = posters[rng.Next(posters.Count)];
                var text = Social[rng.Next(Social.Length)];
                Add(author, author.Id == ana.Id ? null : onSite, null, s.EndsAt.AddMinutes(5), text,
                    text.StartsWith("Visit") ? MessageLabel.Promotional : rng.Next(2) == 0 ? MessageLabel.Social : null, author.Id == ana.Id ? EventRole.Host : null);
            }
        }
        db.Posts.AddRange(messages.Select(m => m.Post));
        await db.SaveChangesAsync(ct);
        var seq = 0L;
        foreach (var (post, message) in messages.OrderBy(m => m.Post.CreatedAt))
        {
            message.PostId = post.Id;
            message.Seq = ++seq;
            db.EventMessages.Add(message);
        }
        ev.LastSeq = seq;
        foreach (var author in messages.Select(m => m.Message).Where(m => m.AuthorRole is not EventRole.Host).GroupBy(m => m.AuthorId))
            await LearningRecord.RecordAsync(db, author.Key, new(LearningActivity.EventAttended, "event", ev.Id, ev.Title, "rheumatology", $"/events/{ev.Id}"),
                author.Min(m => m.PostedAt), ct);

        // Key points after the sessions that ended, by checked-in attendees; each counts as learning.
        var points = new[]
        {
            "Start within 12 weeks; see patients every 4–6 weeks until the target is reached.",
            "Power Doppler helps decide who can taper; grey scale alone does not.",
            "Screen for lung disease early in high-titre anti-CCP; manage cardiovascular risk in clinic.",
            "Taper slowly after six months of remission; most flares recapture on the full dose.",
        };
        foreach (var (s, i) in sessions.Where(s => s.EndsAt < now).Select((s, i) => (s, i)))
            foreach (var handle in new[] { "resident_ruth", "nurse_kim", "educator_eve" }.Take(1 + i % 3))
            {
                var at = s.EndsAt.AddMinutes(20 + i);
                db.SessionSummaries.Add(new SessionSummary { EventId = ev.Id, SessionId = s.Id, MemberId = members[handle].Id, Text = points[(i + handle.Length) % points.Length], CreatedAt = at });
                await LearningRecord.RecordAsync(db, members[handle].Id, new(LearningActivity.SessionSummarised, "event-session", s.Id, $"{s.Title} · {ev.Title}", "rheumatology",
                    $"/events/{ev.Id}/program#session-{s.Id}"), at, ct);
            }
        await db.SaveChangesAsync(ct);

        await SeedForumAsync(db, members, now, ct);
    }

    /// <summary>An open ask-the-expert forum on gout: the rheumatologist answers, members ask and upvote.</summary>
    private static async Task SeedForumAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var ana = members["rheumdoc"];
        var maya = members["drmoderator"];
        var forum = new Event
        {
            Kind = EventKind.ExpertForum, OwnerId = maya.Id, Title = "Ask the expert: gout treatment", Hashtag = "askgout", Audience = Audience.Members,
            TimeZone = "America/New_York", CreatedAt = now.AddDays(-3),
            Description = "Dr. Ana Okafor answers your questions on urate-lowering therapy, flares and prophylaxis. Upvote the questions you want answered first.",
        };
        db.Events.Add(forum);
        await db.SaveChangesAsync(ct);
        db.EventHosts.AddRange(
            new EventHost { EventId = forum.Id, MemberId = maya.Id, Role = EventRole.Host, AddedAt = forum.CreatedAt },
            new EventHost { EventId = forum.Id, MemberId = ana.Id, Role = EventRole.Expert, AddedAt = forum.CreatedAt });
        db.EventSessions.Add(new EventSession { EventId = forum.Id, Title = "Answering period", StartsAt = now.AddHours(-2), EndsAt = now.AddHours(22), CreatedAt = forum.CreatedAt });
        await db.SaveChangesAsync(ct);

        var questions = new (string Handle, string Text, string[] Voters, string? Answer)[]
        {
            ("patient_pat", "Should I keep taking allopurinol during a flare?", ["resident_ruth", "nurse_kim", "student_lee", "pharm_raj"],
                "Yes: keep it going at the same dose and treat the flare on top. Stopping and restarting makes flares more likely."),
            ("resident_ruth", "How long do you continue colchicine prophylaxis after starting urate-lowering therapy?", ["student_lee", "patient_pat", "nephjc_fan"],
                "At least three to six months, and until the urate has been at target for a while with no flares."),
            ("pharm_raj", "What starting dose of allopurinol do you use in stage 4 CKD?", ["nephjc_fan"], null),
            ("student_lee", "Is there a role for diet alone in tophaceous gout?", [], null),
        };
        var seq = 0L;
        foreach (var (q, i) in questions.Select((q, i) => (q, i)))
        {
            var at = now.AddMinutes(-110 + i * 15);
            var post = new Post { AuthorId = members[q.Handle].Id, Text = q.Text, Audience = forum.Audience, ContextKind = "event", ContextId = forum.Id, CreatedAt = at };
            db.Posts.Add(post);
            await db.SaveChangesAsync(ct);
            db.EventMessages.Add(new EventMessage
            {
                PostId = post.Id, EventId = forum.Id, Seq = ++seq, AuthorId = post.AuthorId, SessionId = null, AuthorRole = null, DuringLive = true, PostedAt = at,
                Upvotes = q.Voters.Length,
            });
            await db.SaveChangesAsync(ct);
            foreach (var v in q.Voters) db.EventUpvotes.Add(new EventUpvote { PostId = post.Id, MemberId = members[v].Id, CreatedAt = at.AddMinutes(5) });
            if (q.Answer is { } text)
            {
                var answer = new Post
                {
                    AuthorId = ana.Id, Text = text, Audience = forum.Audience, ContextKind = "event", ContextId = forum.Id, CreatedAt = at.AddMinutes(10),
                    ReplyToId = post.Id, ReplyToAuthorId = post.AuthorId, ThreadRootId = post.Id,
                };
                post.ReplyCount++;
                db.Posts.Add(answer);
                await db.SaveChangesAsync(ct);
                db.EventMessages.Add(new EventMessage
                {
                    PostId = answer.Id, EventId = forum.Id, Seq = ++seq, AuthorId = ana.Id, AuthorRole = EventRole.Expert, DuringLive = true, PostedAt = answer.CreatedAt,
                });
            }
        }
        forum.LastSeq = seq;
        await db.SaveChangesAsync(ct);
    }
}
