using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// Two demo polls: an open weekly poll for clinicians, and a closed research poll with a panel of demo voters large enough that its
/// breakdowns by profession and specialty show (and a few small groups that stay suppressed).
/// </summary>
public static class DemoPolls
{
    /// <summary>The voting panel: profession, specialty, how many, and the option each of them mostly chose.</summary>
    private static readonly (Profession Profession, string? Specialty, int Count)[] Panel =
    [
        (Profession.Physician, "rheumatology", 7),
        (Profession.Physician, "nephrology", 6),
        (Profession.ResidentFellow, "internal-medicine", 8),
        (Profession.NurseNpPa, null, 6),
        (Profession.Pharmacist, null, 5),
        (Profession.MedicalStudent, null, 3),
    ];

    public static async Task SeedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var panel = new List<Member>();
        var n = 0;
        foreach (var (profession, specialty, count) in Panel)
            for (var i = 0; i < count; i++)
            {
                n++;
                var m = new Member
                {
                    NormalizedUserName = $"PANEL_{n:00}", Email = $"panel{n:00}@rounds.local", NormalizedEmail = $"PANEL{n:00}@ROUNDS.LOCAL",
                    EmailConfirmed = true, Handle = $"panel_{n:00}", DisplayName = $"Panel member {n}", Profession = profession, SpecialtyCode = specialty,
                    ShowsDisclaimer = profession.IsClinician(), CreatedAt = now.AddDays(-30), GuidelinesAcceptedAt = now.AddDays(-30),
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                };
                m.NormalizeKeys();
                panel.Add(m);
            }
        db.Users.AddRange(panel);
        await db.SaveChangesAsync(ct);

        var weekly = await AddAsync(db, members["rheumdoc"], Audience.Clinicians, now.AddHours(-6), now.AddDays(5), false,
            "#RheumPoll of the week: your first-line treatment for an acute gout flare in a patient with CKD stage 3?",
            "First-line for an acute gout flare with CKD stage 3?", ["Low-dose colchicine", "Oral glucocorticoid", "Intra-articular glucocorticoid", "IL-1 inhibitor"],
            multiple: false, ct);
        var research = await AddAsync(db, members["educator_eve"], Audience.Members, now.AddDays(-10), now.AddDays(-2), true,
            "Research poll for our #MedEd study: how do you learn between conferences? Choose up to two. Results were shown after the close.",
            "How do you keep up between conferences?", ["Journals and their podcasts", "Social media and #FOAMed", "Colleagues on rounds", "Online courses"],
            multiple: true, ct, maxChoices: 2);

        // Votes: the panel and a few demo members; each group leans a different way so the breakdown tells a story.
        var voters = panel.Concat(new[] { "nephjc_fan", "nurse_kim", "student_lee", "resident_ruth", "patient_pat" }.Select(h => members[h])).ToList();
        var votes = new List<PollVote>();
        for (var i = 0; i < voters.Count; i++)
        {
            var v = voters[i];
            var lean = v.Profession switch { Profession.Physician => 0, Profession.ResidentFellow => 1, Profession.NurseNpPa => 2, Profession.Pharmacist => 0, _ => 3 };
            votes.Add(new PollVote { PollId = research.Id, OptionId = research.Options[lean].Id, MemberId = v.Id, CreatedAt = research.CreatedAt.AddHours(i + 1) });
            if (i % 3 == 0) votes.Add(new PollVote { PollId = research.Id, OptionId = research.Options[(lean + 1) % 4].Id, MemberId = v.Id, CreatedAt = research.CreatedAt.AddHours(i + 1) });
            db.PollReaches.Add(new PollReach { PollId = research.Id, MemberId = v.Id, FirstSeenAt = research.CreatedAt.AddHours(i + 1) });
        }
        // Some opened the research poll and did not vote; a few clinicians already voted in the weekly poll.
        foreach (var h in new[] { "rheumdoc", "drmoderator", "pharm_raj" })
            db.PollReaches.Add(new PollReach { PollId = research.Id, MemberId = members[h].Id, FirstSeenAt = research.CreatedAt.AddHours(2) });
        foreach (var (m, option) in panel.Where(p => p.Profession == Profession.Physician).Take(4).Select((m, i) => (m, i % 2)))
            votes.Add(new PollVote { PollId = weekly.Id, OptionId = weekly.Options[option].Id, MemberId = m.Id, CreatedAt = now.AddHours(-2) });
        db.PollVotes.AddRange(votes);
        research.ClosedNotifiedAt = now.AddDays(-2); // closed before the demo began: nobody is told again
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Poll> AddAsync(RoundsDb db, Member author, Audience audience, DateTime at, DateTime closesAt, bool resultsAfterClose,
        string text, string question, string[] options, bool multiple, CancellationToken ct, int? maxChoices = null)
    {
        var post = new Post
        {
            AuthorId = author.Id, Text = text, Audience = audience, CreatedAt = at,
            Tags = PostText.Hashtags(text).Select(t => new PostTag { Tag = t }).ToList(),
        };
        db.Posts.Add(post);
        await db.SaveChangesAsync(ct);
        var poll = new Poll
        {
            AuthorId = author.Id, Question = question, AllowsMultiple = multiple, MaxChoices = maxChoices, ClosesAt = closesAt, Audience = audience,
            ResultsAfterClose = resultsAfterClose, PostId = post.Id, CreatedAt = at,
            Options = options.Select((o, i) => new PollOption { Position = i, Text = o }).ToList(),
        };
        db.Polls.Add(poll);
        await db.SaveChangesAsync(ct);
        var recipients = await FanOut.RecipientsAsync(db, post, ct);
        await FanOut.InsertAsync(db, [.. recipients, author.Id], post.Id, author.Id, ct);
        return poll;
    }
}
