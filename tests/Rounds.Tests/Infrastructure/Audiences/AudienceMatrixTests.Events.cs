using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: events (public, members — patients welcome —, clinicians or a group), read as the event, the event list and the room's
// messages, and posted into. The related viewer shares the group.
public partial class AudienceMatrixTests
{
    public static TheoryData<ViewerKind, Audience, bool> EventCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in Cells())
            if ((Audience)row[1] is Audience.Public or Audience.Members or Audience.Clinicians or Audience.Group)
                data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    public static TheoryData<ViewerKind, Audience, bool> SignedInEventCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in EventCells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    [Theory, MemberData(nameof(EventCells))]
    public async Task Events_their_rooms_and_messages_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var (ev, message) = (await world.EventsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} event";

        Assert.True(status == (await client.GetAsync($"/api/v1/events/{ev.Id}")).StatusCode, $"{cell}: event");
        var list = await client.GetFromJsonAsync<List<EventSummary>>("/api/v1/events?limit=200");
        Assert.True(expected == list!.Any(e => e.Id == ev.Id), $"{cell}: event list");
        var messages = await client.GetAsync($"/api/v1/events/{ev.Id}/messages");
        Assert.True(status == messages.StatusCode, $"{cell}: room messages");
        if (expected) Assert.True((await messages.Content.ReadFromJsonAsync<RoomSnapshot>())!.Messages.Any(m => m.PostId == message.PostId), $"{cell}: the message in the room");
        Assert.True(status == (await client.GetAsync($"/api/v1/posts/{message.PostId}")).StatusCode, $"{cell}: the message as a post");

        var post = await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = $"A thought from the {kind} viewer on the methods." });
        var postStatus = kind == ViewerKind.Anonymous ? HttpStatusCode.Unauthorized : expected ? HttpStatusCode.Created : HttpStatusCode.NotFound;
        Assert.True(postStatus == post.StatusCode, $"{cell}: post a message ({(int)post.StatusCode})");
        var rsvp = await client.PostAsync($"/api/v1/events/{ev.Id}/rsvp", null);
        Assert.True((kind == ViewerKind.Anonymous ? HttpStatusCode.Unauthorized : expected ? HttpStatusCode.NoContent : HttpStatusCode.NotFound) == rsvp.StatusCode, $"{cell}: RSVP");
    }

    [Theory, MemberData(nameof(SignedInEventCells))]
    public async Task A_block_either_way_hides_events(ViewerKind kind, Audience audience, bool related)
    {
        var (ev, message) = (await world.BlockingAuthorsEventsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, organizer blocked viewer: {blockerIsAuthor}) reading a {audience} event";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/events/{ev.Id}")).StatusCode, $"{cell}: event");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/events/{ev.Id}/messages")).StatusCode, $"{cell}: messages");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/posts/{message.PostId}")).StatusCode, $"{cell}: message post");
            var post = await client.PostAsJsonAsync($"/api/v1/events/{ev.Id}/messages", new { text = "Let me in." });
            Assert.True(HttpStatusCode.NotFound == post.StatusCode, $"{cell}: post");
            Assert.DoesNotContain((await client.GetFromJsonAsync<List<EventSummary>>("/api/v1/events?limit=200"))!, e => e.Id == ev.Id);
        }
    }

    public sealed partial class World
    {
        private Dictionary<Audience, (EventView Event, MessageView Message)>? _events, _blockingEvents;

        /// <summary>One running journal club per event audience by the author, with one message in its room, made on first use.</summary>
        public async Task<Dictionary<Audience, (EventView Event, MessageView Message)>> EventsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_events is not null) return _events;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _events = await WriteEventsAsync(_author!, _groupId, "Matrix");
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, (EventView Event, MessageView Message)>> BlockingAuthorsEventsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_blockingEvents is not null) return _blockingEvents;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _blockingEvents = await WriteEventsAsync(_blockingAuthor!, _blockingGroupId, "Blocking");
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, (EventView, MessageView)>> WriteEventsAsync(TestMember author, long groupId, string prefix)
        {
            var events = new Dictionary<Audience, (EventView, MessageView)>();
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group })
            {
                var ev = await Given.JournalClub(author, audience: audience.ToString().ToLowerInvariant(), groupId: audience == Audience.Group ? groupId : null,
                    startsIn: TimeSpan.FromHours(-1), length: TimeSpan.FromDays(10), questions: [], hashtag: $"{prefix}JC");
                events[audience] = (ev, await Given.EventMessage(author, ev.Id, $"{prefix} welcome to the {audience.ToString().ToLowerInvariant()} club."));
            }
            return events;
        }
    }
}
