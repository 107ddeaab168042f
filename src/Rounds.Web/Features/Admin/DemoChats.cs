using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// A #MedEd-style weekly chat, Thursdays at 21:00 New York time: upcoming occurrences over the rolling horizon, hosts and topics on the
/// first few, one skipped, and a few members who RSVP'd (so reminders and their calendar feeds have something to show).
/// </summary>
public static class DemoChats
{
    public static async Task SeedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        var maya = members["drmoderator"];
        var ana = members["rheumdoc"];
        var sam = members["nephjc_fan"];
        const string zone = "America/New_York";

        // The next Thursday at 21:00 local, at least a day away.
        var local = ChatSeries.Local(now, zone).Date.AddDays(1);
        while (local.DayOfWeek != DayOfWeek.Thursday) local = local.AddDays(1);
        var chat = new Event
        {
            Kind = EventKind.Chat, OwnerId = maya.Id, Title = "MedEd chat: teaching and learning in medicine", Hashtag = "meded",
            Description = "Every Thursday at **9 pm Eastern**: an hour on how we teach, learn and assess in medicine. Each week has a host and a topic; "
                + "questions are numbered T1, T2 … and answers A1, A2 …. RSVP to get a reminder an hour before.",
            Audience = Audience.Members, TimeZone = zone, CreatedAt = now,
            Recurrence = "FREQ=WEEKLY;BYDAY=TH", DurationMinutes = 60,
            SeriesStartLocal = DateTime.SpecifyKind(local.AddHours(21), DateTimeKind.Utc), // wall-clock digits, with the UTC kind every column has
        };
        db.Events.Add(chat);
        await db.SaveChangesAsync(ct);
        db.EventHosts.AddRange(
            new EventHost { EventId = chat.Id, MemberId = maya.Id, Role = EventRole.Host, AddedAt = now },
            new EventHost { EventId = chat.Id, MemberId = ana.Id, Role = EventRole.Host, AddedAt = now },
            new EventHost { EventId = chat.Id, MemberId = sam.Id, Role = EventRole.Host, AddedAt = now });
        await ChatSeries.MaterializeAsync(db, chat, now, maya.Id, ct);
        await db.SaveChangesAsync(ct);

        var occurrences = await db.EventSessions.Where(s => s.EventId == chat.Id).OrderBy(s => s.StartsAt).ToListAsync(ct);
        (string Topic, long Host)[] plan =
        [
            ("Giving feedback that lands", maya.Id),
            ("Teaching on night shifts", ana.Id),
            ("", maya.Id), // skipped: a holiday week
            ("Assessment beyond multiple choice", sam.Id),
        ];
        for (var i = 0; i < Math.Min(plan.Length, occurrences.Count); i++)
        {
            occurrences[i].Title = plan[i].Topic;
            occurrences[i].HostId = plan[i].Host;
        }
        if (occurrences.Count > 2) occurrences[2].Skipped = true;

        foreach (var handle in new[] { "drmoderator", "student_lee", "resident_ruth", "nurse_kim", "educator_eve", "patient_pat" })
            if (members.TryGetValue(handle, out var m))
                db.EventRsvps.Add(new EventRsvp { EventId = chat.Id, MemberId = m.Id, CreatedAt = now });
        await db.SaveChangesAsync(ct);
    }
}
