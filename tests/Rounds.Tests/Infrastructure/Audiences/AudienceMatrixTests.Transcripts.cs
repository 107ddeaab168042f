using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Features.Learning;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: event transcripts (page, JSON, PDF) of finished clubs, one per event audience; they follow the event. The related viewer
// shares the group.
public partial class AudienceMatrixTests
{
    [Theory, MemberData(nameof(EventCells))]
    public async Task Transcripts_follow_the_matrix_as_page_json_and_pdf(ViewerKind kind, Audience audience, bool related)
    {
        var (ev, message) = (await world.TranscriptEventsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading the transcript of a {audience} event";

        var json = await client.GetAsync($"/api/v1/events/{ev.Id}/transcript");
        Assert.True(status == json.StatusCode, $"{cell}: JSON ({(int)json.StatusCode})");
        var page = await client.GetAsync($"/events/{ev.Id}/transcript");
        Assert.True(status == page.StatusCode, $"{cell}: page ({(int)page.StatusCode})");
        var pdf = await client.GetAsync($"/events/{ev.Id}/transcript.pdf");
        Assert.True(status == pdf.StatusCode, $"{cell}: PDF ({(int)pdf.StatusCode})");
        if (expected)
        {
            var t = (await json.Content.ReadFromJsonAsync<TranscriptView>())!;
            Assert.True(t.IsFinal, $"{cell}: final");
            Assert.True(t.Messages.Any(m => m.PostId == message.PostId), $"{cell}: the message in the JSON");
            Assert.True((await page.Content.ReadAsStringAsync()).Contains(message.Text), $"{cell}: the message on the page");
            Assert.True(PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync()).Contains(message.Text), $"{cell}: the message in the PDF");
        }
        else Assert.DoesNotContain(message.Text, await page.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(SignedInEventCells))]
    public async Task A_block_either_way_hides_transcripts(ViewerKind kind, Audience audience, bool related)
    {
        var (ev, message) = (await world.BlockingAuthorsTranscriptEventsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, organizer blocked viewer: {blockerIsAuthor}) reading the transcript of a {audience} event";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/events/{ev.Id}/transcript")).StatusCode, $"{cell}: JSON");
            var page = await client.GetAsync($"/events/{ev.Id}/transcript");
            Assert.True(HttpStatusCode.NotFound == page.StatusCode, $"{cell}: page");
            Assert.DoesNotContain(message.Text, await page.Content.ReadAsStringAsync());
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/events/{ev.Id}/transcript.pdf")).StatusCode, $"{cell}: PDF");
        }
    }

    public sealed partial class World
    {
        private Dictionary<Audience, (EventView Event, MessageView Message)>? _jcTranscripts, _jcBlockingTranscripts;

        /// <summary>One finished journal club per event audience by the author, with one message, made on first use.</summary>
        public async Task<Dictionary<Audience, (EventView Event, MessageView Message)>> TranscriptEventsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_jcTranscripts is not null) return _jcTranscripts;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _jcTranscripts = await JcWriteFinishedClubsAsync(_author!, _groupId, "Transcript");
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, (EventView Event, MessageView Message)>> BlockingAuthorsTranscriptEventsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_jcBlockingTranscripts is not null) return _jcBlockingTranscripts;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _jcBlockingTranscripts = await JcWriteFinishedClubsAsync(_blockingAuthor!, _blockingGroupId, "BlockedTranscript");
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, (EventView, MessageView)>> JcWriteFinishedClubsAsync(TestMember author, long groupId, string prefix)
        {
            var events = new Dictionary<Audience, (EventView, MessageView)>();
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group })
            {
                var ev = await Given.JournalClub(author, audience: audience.ToString().ToLowerInvariant(), groupId: audience == Audience.Group ? groupId : null,
                    questions: [], hashtag: $"{prefix}JC");
                var message = await Given.EventMessage(author, ev.Id, $"{prefix} summary of the {audience.ToString().ToLowerInvariant()} club.");
                await Given.EventEnded(ev.Id); // the clock is shared by the whole matrix: the club moves into the past instead
                events[audience] = (ev, message);
            }
            return events;
        }
    }
}
