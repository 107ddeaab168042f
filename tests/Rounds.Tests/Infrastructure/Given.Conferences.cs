using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>
    /// A conference through the API (time zone Europe/London): a plenary running now for an hour (the owner speaking) and a workshop an hour
    /// after it ends, unless <paramref name="sessions"/> says otherwise.
    /// </summary>
    public async Task<EventView> Conference(TestMember owner, string audience = "members", long? groupId = null, object[]? sessions = null, object[]? hosts = null,
        string hashtag = "RheumCon", string timeZone = "Europe/London")
    {
        var now = app.Clock.GetUtcNow();
        return await Event(owner, new
        {
            kind = "conference", title = "Annual rheumatology meeting", hashtag, audience, groupId, timeZone,
            description = "Two days of sessions on inflammatory arthritis.",
            sessions = sessions ?? [
                new { title = "Opening plenary", room = "Hall A", startsAt = now.AddMinutes(-30), endsAt = now.AddMinutes(30), speakers = new object[] { new { handle = owner.Handle }, new { name = "Visiting faculty" } } },
                new { title = "Imaging workshop", room = "Room 2", startsAt = now.AddMinutes(90), endsAt = now.AddMinutes(150), speakers = new object[] { new { name = "Invited sonographer" } } },
            ],
            hosts = hosts ?? [],
        });
    }

    /// <summary>An ask-the-expert forum whose answering period starts <paramref name="startsIn"/> from now (default: running now, for two hours).</summary>
    public async Task<EventView> ExpertForum(TestMember owner, TestMember expert, string audience = "members", long? groupId = null, TimeSpan? startsIn = null,
        TimeSpan? length = null, string hashtag = "AskRheum")
    {
        var start = app.Clock.GetUtcNow() + (startsIn ?? TimeSpan.Zero);
        return await Event(owner, new
        {
            kind = "expert-forum", title = "Ask a rheumatologist about gout", hashtag, audience, groupId, timeZone = "America/New_York",
            description = "Bring your questions on gout treatment.",
            sessions = new[] { new { title = "Answering period", startsAt = start, endsAt = start + (length ?? TimeSpan.FromHours(2)) } },
            hosts = new[] { new { handle = expert.Handle, role = "expert" } },
        });
    }

    /// <summary>Moves a session into the past (it ended a minute ago), for worlds whose clock other tests share.</summary>
    public Task EndSession(long sessionId) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return await db.EventSessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, now.AddHours(-2)).SetProperty(x => x.EndsAt, now.AddMinutes(-1)));
    });

    public async Task<HttpResponseMessage> CheckIn(TestMember member, long eventId, string mode = "on-site")
    {
        using var client = app.As(member);
        return await client.PostAsJsonAsync($"/api/v1/events/{eventId}/check-in", new { mode });
    }

    /// <summary>Checks in and throws when refused.</summary>
    public async Task CheckedIn(TestMember member, long eventId, string mode = "on-site")
    {
        var response = await CheckIn(member, eventId, mode);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Check-in failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
