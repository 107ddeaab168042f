using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: event pages and calendars — the event page (/events/{id}), the event list page (/events), the iCalendar feed per event
// (/events/{id}/calendar.ics) and per member (/calendar/{token}.ics, checked for the member it belongs to even after they RSVP'd), for a
// recurring chat per audience (public, members, clinicians, group). The related viewer shares the group.
public partial class AudienceMatrixTests
{
    [Theory, MemberData(nameof(EventCells))]
    public async Task Event_pages_and_calendars_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var chat = (await world.ChatEventsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} chat";

        Assert.True(status == (await client.GetAsync($"/events/{chat.Id}")).StatusCode, $"{cell}: event page");
        Assert.True(expected == (await client.GetStringAsync("/events")).Contains($"href=\"/events/{chat.Id}\""), $"{cell}: event list page");
        var ics = await client.GetAsync($"/events/{chat.Id}/calendar.ics");
        Assert.True(status == ics.StatusCode, $"{cell}: calendar feed of the chat");
        if (expected) Assert.Contains($"UID:event-{chat.Id}@", await ics.Content.ReadAsStringAsync());
        if (kind == ViewerKind.Anonymous) return;

        // The member's own feed: an RSVP on record does not show what the member may not see.
        var viewer = await world.ViewerAsync(kind, related);
        var feed = await world.MemberFeedAsync(client, viewer.Id!.Value, chat.Id);
        Assert.True(expected == feed.Contains($"#{chat.Hashtag}"), $"{cell}: the member's calendar feed");
    }

    [Theory, MemberData(nameof(SignedInEventCells))]
    public async Task A_block_either_way_hides_event_pages_and_calendars(ViewerKind kind, Audience audience, bool related)
    {
        var chat = (await world.BlockingChatEventsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, organizer blocked viewer: {blockerIsAuthor}) reading a {audience} chat";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/events/{chat.Id}")).StatusCode, $"{cell}: event page");
            Assert.DoesNotContain($"href=\"/events/{chat.Id}\"", await client.GetStringAsync("/events"));
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/events/{chat.Id}/calendar.ics")).StatusCode, $"{cell}: calendar feed");
            var viewer = await world.BlockedViewerAsync(kind, related, blockerIsAuthor);
            Assert.DoesNotContain($"#{chat.Hashtag}", await world.MemberFeedAsync(client, viewer.Id!.Value, chat.Id));
        }
    }

    public sealed partial class World
    {
        private Dictionary<Audience, EventView>? _chatEvents, _chatBlockingEvents;

        /// <summary>One weekly chat per event audience by the author, made on first use.</summary>
        public async Task<Dictionary<Audience, EventView>> ChatEventsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_chatEvents is not null) return _chatEvents;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _chatEvents = await WriteChatsAsync(_author!, _groupId, "Mx");
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, EventView>> BlockingChatEventsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_chatBlockingEvents is not null) return _chatBlockingEvents;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _chatBlockingEvents = await WriteChatsAsync(_blockingAuthor!, _blockingGroupId, "MxBlock");
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, EventView>> WriteChatsAsync(TestMember author, long groupId, string prefix)
        {
            var chats = new Dictionary<Audience, EventView>();
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group })
                chats[audience] = await Given.Chat(author, audience: audience.ToString().ToLowerInvariant(), groupId: audience == Audience.Group ? groupId : null,
                    hashtag: $"{prefix}Chat{audience}");
            return chats;
        }

        /// <summary>
        /// The member's calendar feed after an RSVP to the chat is on record (written directly: the RSVP may predate losing sight of the
        /// chat), fetched without signing in as a calendar client does.
        /// </summary>
        public async Task<string> MemberFeedAsync(HttpClient client, long memberId, long eventId)
        {
            await WithDbAsync(async db =>
            {
                if (await db.EventRsvps.AnyAsync(r => r.EventId == eventId && r.MemberId == memberId)) return 0;
                db.EventRsvps.Add(new EventRsvp { EventId = eventId, MemberId = memberId, CreatedAt = DateTime.UtcNow });
                return await db.SaveChangesAsync();
            });
            var feed = (await client.GetFromJsonAsync<CalendarFeedView>("/api/v1/calendar/feed"))!;
            var response = await Anonymous().GetAsync(new Uri(feed.Url).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
    }
}
