using System.Net;
using System.Net.Http.Json;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>
    /// A journal club through the API: one live window starting <paramref name="startsIn"/> from the test clock's now (default: running
    /// now, for an hour), on a DOI, with questions T1 at the start and T2 twenty minutes in unless told.
    /// </summary>
    public async Task<EventView> JournalClub(TestMember owner, string audience = "members", long? groupId = null, TimeSpan? startsIn = null,
        TimeSpan? length = null, object[]? hosts = null, object[]? questions = null, string hashtag = "RheumJC", object[]? sessions = null)
    {
        var start = app.Clock.GetUtcNow() + (startsIn ?? TimeSpan.Zero);
        return await Event(owner, new
        {
            kind = "journal-club", title = "Treat-to-target in early arthritis", hashtag, audience, groupId, timeZone = "America/New_York",
            description = "We read the trial together, then discuss what it changes in clinic.",
            paper = "10.1136/annrheumdis-2023-224001", paperTitle = "Treat-to-target strategies in early arthritis: a randomised trial",
            paperJournal = "Annals of the Rheumatic Diseases", preRead = "**Why it matters**: tight control early changes outcomes.",
            sessions = sessions ?? [new { title = "Americas window", startsAt = start, endsAt = start + (length ?? TimeSpan.FromHours(1)) }],
            hosts = hosts ?? [],
            questions = questions ?? [new { text = "What was the primary outcome?", session = 0, offsetMinutes = 0 }, new { text = "Would you change practice?", session = 0, offsetMinutes = 20 }],
        });
    }

    /// <summary>Any event through POST /api/v1/events; throws with the problem when it is refused.</summary>
    public async Task<EventView> Event(TestMember owner, object request)
    {
        using var client = app.As(owner);
        var response = await client.PostAsJsonAsync("/api/v1/events", request);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the event failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<EventView>())!;
    }

    /// <summary>A message in the event's room; throws with the problem when it is refused.</summary>
    public async Task<MessageView> EventMessage(TestMember author, long eventId, string text, int? question = null, long? inReplyToId = null, long? sessionId = null)
    {
        using var client = app.As(author);
        var response = await client.PostAsJsonAsync($"/api/v1/events/{eventId}/messages", new { text, question, inReplyToId, sessionId });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Posting failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<MessageView>())!;
    }
}
