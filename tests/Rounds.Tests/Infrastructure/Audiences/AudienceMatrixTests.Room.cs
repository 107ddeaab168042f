using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: an event's live room — the room page, the participant list (API and hub), joining over SignalR, and the moderation
// endpoints (pin, hide, slow mode). Seeing follows the event; running the room is for its hosts and the site's moderators.
public partial class AudienceMatrixTests
{
    [Theory, MemberData(nameof(EventCells))]
    public async Task Rooms_their_participants_and_moderation_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var (ev, message) = (await world.EventsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) in the room of a {audience} event";

        var page = kind == ViewerKind.Anonymous ? world.Browser() : await world.SignedInPageAsync(kind, related);
        var response = await page.GetAsync($"/events/{ev.Id}/room");
        Assert.True(status == response.StatusCode, $"{cell}: room page ({(int)response.StatusCode})");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == html.Contains(message.Text), $"{cell}: the message on the room page");
        Assert.True(status == (await client.GetAsync($"/api/v1/events/{ev.Id}/participants")).StatusCode, $"{cell}: participants");

        await using (var room = await world.Given.RoomClient(await world.RoomMemberAsync(kind, related)))
        {
            var joined = true;
            try { await room.JoinAsync(ev.Id); }
            catch (HubException) { joined = false; }
            Assert.True(expected == joined, $"{cell}: joining over the hub");
        }

        // Only site moderators run a room they do not host; others who see it are refused (403), the rest do not find it (404).
        var runs = kind is ViewerKind.Moderator or ViewerKind.Admin;
        var refused = kind == ViewerKind.Anonymous ? HttpStatusCode.Unauthorized : expected ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
        var pin = await client.PostAsync($"/api/v1/events/{ev.Id}/messages/{message.PostId}/pin", null);
        Assert.True((expected && runs ? HttpStatusCode.NoContent : refused) == pin.StatusCode, $"{cell}: pin ({(int)pin.StatusCode})");
        if (pin.StatusCode == HttpStatusCode.NoContent)
            Assert.True(HttpStatusCode.NoContent == (await client.DeleteAsync($"/api/v1/events/{ev.Id}/messages/{message.PostId}/pin")).StatusCode, $"{cell}: unpin");
        if (!runs)
        {
            var hide = await client.PostAsync($"/api/v1/events/{ev.Id}/messages/{message.PostId}/hide", null);
            Assert.True(refused == hide.StatusCode, $"{cell}: hide ({(int)hide.StatusCode})");
        }
        var slow = await client.PutAsync($"/api/v1/events/{ev.Id}/slow-mode", JsonContent.Create(new { seconds = 0 }));
        Assert.True((expected && runs ? HttpStatusCode.OK : refused) == slow.StatusCode, $"{cell}: slow mode ({(int)slow.StatusCode})");
    }

    [Theory, MemberData(nameof(SignedInEventCells))]
    public async Task A_block_either_way_hides_rooms(ViewerKind kind, Audience audience, bool related)
    {
        var (ev, message) = (await world.BlockingAuthorsEventsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, organizer blocked viewer: {blockerIsAuthor}) in the room of a {audience} event";
            var page = await world.BlockedRoomPageAsync(kind, related, blockerIsAuthor);
            Assert.True(HttpStatusCode.NotFound == (await page.GetAsync($"/events/{ev.Id}/room")).StatusCode, $"{cell}: room page");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/events/{ev.Id}/participants")).StatusCode, $"{cell}: participants");
            Assert.True(HttpStatusCode.NotFound == (await client.PostAsync($"/api/v1/events/{ev.Id}/messages/{message.PostId}/pin", null)).StatusCode, $"{cell}: pin");
            Assert.True(HttpStatusCode.NotFound == (await client.PostAsync($"/api/v1/events/{ev.Id}/messages/{message.PostId}/hide", null)).StatusCode, $"{cell}: hide");
            await using var room = await world.Given.RoomClient(await world.BlockedRoomMemberAsync(kind, related, blockerIsAuthor));
            await Assert.ThrowsAsync<HubException>(() => room.JoinAsync(ev.Id));
        }
    }

    public sealed partial class World
    {
        private readonly Dictionary<string, PageClient> _roomPages = [];
        private readonly SemaphoreSlim _roomGate = new(1, 1);

        /// <summary>The member behind a viewer kind (null for anonymous), made and related as <see cref="ClientAsync(ViewerKind, bool)"/> does.</summary>
        public async Task<TestMember?> RoomMemberAsync(ViewerKind kind, bool related)
        {
            if (kind == ViewerKind.Anonymous) return null;
            await ClientAsync(kind, related);
            return await MemberOfKind(kind, related ? "related" : "stranger");
        }

        public async Task<TestMember> BlockedRoomMemberAsync(ViewerKind kind, bool related, bool blockerIsAuthor)
        {
            await BlockedViewerAsync(kind, related, blockerIsAuthor);
            return await MemberOfKind(kind, $"blocked-{related}-{blockerIsAuthor}");
        }

        public async Task<PageClient> BlockedRoomPageAsync(ViewerKind kind, bool related, bool blockerIsAuthor)
        {
            var member = await BlockedRoomMemberAsync(kind, related, blockerIsAuthor);
            await _roomGate.WaitAsync();
            try
            {
                if (_roomPages.TryGetValue(member.Handle, out var known)) return known;
                return _roomPages[member.Handle] = await Rounds.Tests.Features.SignedInPages.SignedInBrowserAsync(this, member);
            }
            finally { _roomGate.Release(); }
        }
    }
}
