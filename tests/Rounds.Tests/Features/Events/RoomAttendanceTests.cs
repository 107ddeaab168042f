using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Events;

/// <summary>A room whose attendance minimum is two minutes, with a beat every 30 seconds.</summary>
public sealed class ShortAttendanceApp : RoundsApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Rounds:Events:AttendanceMinutes", "2"), new("Rounds:Events:HeartbeatSeconds", "30")];
}

/// <summary>Time in a room counts while the room is open, two beats at most per beat, and becomes one learning-record entry.</summary>
public class RoomAttendanceTests(ShortAttendanceApp app) : IClassFixture<ShortAttendanceApp>
{
    private Task<int> SecondsAsync(long eventId, long memberId) =>
        app.WithDbAsync(db => db.EventAttendance.Where(a => a.EventId == eventId && a.MemberId == memberId).Select(a => a.Seconds).SingleAsync());

    private Task<List<LearningEntry>> EntriesAsync(long eventId) =>
        app.WithDbAsync(db => db.LearningEntries.Where(e => e.SourceKind == "event" && e.SourceId == eventId).ToListAsync());

    [Fact]
    public async Task Presence_counts_only_open_time_and_records_attendance_once_and_never_for_the_host()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, startsIn: TimeSpan.FromMinutes(30), length: TimeSpan.FromMinutes(30), questions: []);
        var learner = await app.Given.Member();
        await using var learnerRoom = await app.Given.RoomClient(learner);
        await using var hostRoom = await app.Given.RoomClient(owner);
        await learnerRoom.JoinAsync(ev.Id);
        await hostRoom.JoinAsync(ev.Id);
        async Task BeatAsync(TimeSpan after)
        {
            app.Clock.Advance(after);
            await learnerRoom.HeartbeatAsync(ev.Id);
            await hostRoom.HeartbeatAsync(ev.Id);
        }

        // The room opens 15 minutes before the window: time before that does not count, and a long silence counts two beats at most.
        await BeatAsync(TimeSpan.FromSeconds(14 * 60 + 30));
        Assert.Equal(0, await SecondsAsync(ev.Id, learner.Id));
        await BeatAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(30, await SecondsAsync(ev.Id, learner.Id));
        await BeatAsync(TimeSpan.FromSeconds(30));
        await BeatAsync(TimeSpan.FromSeconds(30));
        await BeatAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(120, await SecondsAsync(ev.Id, learner.Id));
        var entry = Assert.Single(await EntriesAsync(ev.Id));
        Assert.Equal(learner.Id, entry.MemberId);
        Assert.Equal(LearningActivity.JournalClubAttended, entry.Activity);
        var recordedAt = await app.WithDbAsync(db => db.EventAttendance.Where(a => a.EventId == ev.Id && a.MemberId == learner.Id).Select(a => a.RecordedAt).SingleAsync());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, recordedAt!.Value, TimeSpan.FromSeconds(1));

        // Staying on: more time, still one entry; a silence of ten minutes adds two beats, not ten minutes.
        await BeatAsync(TimeSpan.FromSeconds(30));
        await BeatAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(210, await SecondsAsync(ev.Id, learner.Id));
        Assert.Single(await EntriesAsync(ev.Id));
        Assert.Equal(210, await SecondsAsync(ev.Id, owner.Id)); // the host's time counts, but earns nothing from their own club

        // After the window the room is closed: nothing more counts.
        await BeatAsync(TimeSpan.FromMinutes(40));
        await BeatAsync(TimeSpan.FromSeconds(30));
        Assert.True(await SecondsAsync(ev.Id, learner.Id) < 210 + 60);
        var closedAt = await SecondsAsync(ev.Id, learner.Id);
        await BeatAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(closedAt, await SecondsAsync(ev.Id, learner.Id));
        Assert.Single(await EntriesAsync(ev.Id));
    }

    [Fact]
    public async Task Two_tabs_of_one_member_count_the_same_time_once_and_record_once_and_leaving_counts_the_last_stretch()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var learner = await app.Given.VerifiedClinician();
        await using var tab1 = await app.Given.RoomClient(learner);
        var tab2 = await app.Given.RoomClient(learner);
        await tab1.JoinAsync(ev.Id);
        await tab2.JoinAsync(ev.Id);
        for (var i = 0; i < 4; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAll(tab1.HeartbeatAsync(ev.Id), tab2.HeartbeatAsync(ev.Id));
        }
        Assert.Equal(120, await SecondsAsync(ev.Id, learner.Id));
        Assert.Single(await EntriesAsync(ev.Id), e => e.MemberId == learner.Id && e.Activity == LearningActivity.JournalClubAttended);

        app.Clock.Advance(TimeSpan.FromSeconds(20));
        await tab2.DisposeAsync(); // closing a tab counts the time since its last beat
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await SecondsAsync(ev.Id, learner.Id) == 120 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(140, await SecondsAsync(ev.Id, learner.Id));
        Assert.Single(await EntriesAsync(ev.Id), e => e.MemberId == learner.Id);
    }
}
