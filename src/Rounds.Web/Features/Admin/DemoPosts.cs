using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Admin;

/// <summary>A few hundred demo posts in the community's real hashtags, with follows, replies and cited papers, so timelines have something to show.</summary>
public static class DemoPosts
{
    private static readonly (string Text, Audience Audience)[] Templates =
    [
        ("Teaching pearl for #MedEd: ask the learner to commit to a diagnosis before you share yours. Retrieval beats re-reading.", Audience.Public),
        ("New #FOAMed post on approach to hyponatremia — start with serum osmolality, then urine osm and urine sodium.", Audience.Public),
        ("#RheumIOW this week: symmetric MCP swelling with ulnar deviation. What is your next test? Answers in the thread.", Audience.Public),
        ("Tonight's #JHMChat: handoffs and the night float. Join at 9 pm ET — T1 is on what makes a handoff safe.", Audience.Public),
        ("#bcsm chat tonight on survivorship care plans. Patients and clinicians welcome.", Audience.Members),
        ("#NephJC is discussing the trial at doi:10.1056/NEJMoa2024816 — dapagliflozin in CKD. Pre-read summary is up.", Audience.Public),
        ("Reminder for residents: when you present, lead with the one-liner. #MedEd #IMReady", Audience.Members),
        ("Great review of giant cell arteritis imaging, PMID 31577364 — worth it for #RheumJC.", Audience.Clinicians),
        ("Case question for colleagues: recurrent pericarditis despite colchicine — would you add an IL-1 inhibitor? #MedTwitter", Audience.Clinicians),
        ("Three tips for teaching on rounds: keep it short, make it about the patient in front of you, end with one take-home. #MedEd", Audience.Public),
        ("#FOAMed resource of the week: a clear visual guide to acid–base interpretation. Share it with your interns.", Audience.Public),
        ("Journal club takeaway: absolute risk reduction matters more than relative risk for shared decision-making. #RheumJC", Audience.Members),
        ("Pharmacist perspective on DOAC dosing in renal impairment — always check the creatinine clearance, not just eGFR. #FOAMed", Audience.Public),
        ("Nursing #MedEd: structured bedside handover improved our unit's error reports. Happy to share the template.", Audience.Public),
        ("Patient voice for #bcsm: what helped me most was a clinician who explained the plan in plain words.", Audience.Public),
        ("#RheumIOW answer: erosions at the MCPs on plain films; anti-CCP strongly positive. Rheumatoid arthritis.", Audience.Public),
        ("What's your favourite way to teach ECGs to students? Looking for ideas for our #MedEd curriculum.", Audience.Public),
        ("Meta-analysis on early mobilisation after ICU admission, doi:10.1001/jama.2019.16553 #FOAMed", Audience.Public),
    ];

    public static async Task SeedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var rng = new Random(2026);
        var authors = members.Values.Where(m => m.Profession != Profession.Organization || m.Handle == "jrheum").ToList();
        var clinicians = members.Values.Where(m => m.IsClinician).ToList();

        // Most people follow a few colleagues; the rheumatologist and the journal are followed by many.
        foreach (var m in members.Values)
            foreach (var star in new[] { "rheumdoc", "jrheum", "nephjc_fan" })
                if (m.Handle != star && !await db.Follows.AnyAsync(f => f.FollowerId == m.Id && f.FolloweeId == members[star].Id, ct))
                    db.Follows.Add(new Follow { FollowerId = m.Id, FolloweeId = members[star].Id, CreatedAt = now });
        db.HashtagFollows.AddRange(
            new HashtagFollow { MemberId = members["resident_ruth"].Id, Tag = "meded", CreatedAt = now },
            new HashtagFollow { MemberId = members["student_lee"].Id, Tag = "foamed", CreatedAt = now });
        await db.SaveChangesAsync(ct);

        var posts = new List<Post>();
        for (var i = 0; i < 300; i++)
        {
            var (text, audience) = Templates[rng.Next(Templates.Length)];
            var author = audience == Audience.Clinicians ? clinicians[rng.Next(clinicians.Count)] : authors[rng.Next(authors.Count)];
            if (audience == Audience.Clinicians && !author.IsVerified(now)) audience = Audience.Members;
            posts.Add(new Post
            {
                AuthorId = author.Id, Text = text, Audience = audience, CreatedAt = now.AddMinutes(-(300 - i) * 97),
                Tags = PostText.Hashtags(text).Select(t => new PostTag { Tag = t }).ToList(),
                Papers = PostText.Papers(text).Select(k => new PostPaper { PaperKey = k }).ToList(),
            });
        }
        db.Posts.AddRange(posts);
        await db.SaveChangesAsync(ct);

        // A few conversations: replies under the image-of-the-week and journal-club posts.
        var replies = new List<Post>();
        foreach (var root in posts.Where(p => p.Text.StartsWith("#RheumIOW this week") || p.Text.StartsWith("#NephJC")).Take(6))
        {
            var replier = authors[rng.Next(authors.Count)];
            var text = root.Text.StartsWith("#RheumIOW") ? "Anti-CCP and hand films — and I'd check for erosions early." : "T1: the eGFR threshold in the trial matters for who we treat.";
            replies.Add(new Post
            {
                AuthorId = replier.Id, Text = text, Audience = root.Audience, ReplyToId = root.Id, ReplyToAuthorId = root.AuthorId, ThreadRootId = root.Id,
                CreatedAt = root.CreatedAt.AddMinutes(30),
            });
            root.ReplyCount++;
        }
        db.Posts.AddRange(replies);
        await db.SaveChangesAsync(ct);

        // Home timelines as fan-out on write would have built them.
        foreach (var p in posts.Concat(replies))
        {
            var recipients = await FanOut.RecipientsAsync(db, p, ct);
            await FanOut.InsertAsync(db, [.. recipients, p.AuthorId], p.Id, p.AuthorId, ct);
        }
    }
}
