using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Features.Learning;
using Rounds.Web.Features.Learning;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: the learning record. A transcript, its entries and its exports (API and the page's cookie links) belong to
// their member alone — every other viewer kind, moderators and admins included, gets 404 or only their own. A goal is
// seen by its owner and the partners it is shared with (the related viewers), and a block either way hides it.
public partial class AudienceMatrixTests
{
    public static TheoryData<ViewerKind, bool> LearningCells()
    {
        var data = new TheoryData<ViewerKind, bool>();
        foreach (var kind in Enum.GetValues<ViewerKind>())
            foreach (var related in new[] { false, true })
                if (!(related && kind == ViewerKind.Anonymous)) data.Add(kind, related);
        return data;
    }

    [Theory, MemberData(nameof(LearningCells))]
    public async Task Transcripts_their_entries_and_exports_are_their_owners_alone(ViewerKind kind, bool related)
    {
        var learning = await world.LearningAsync();
        var client = await world.ClientAsync(kind, related);
        var cell = $"{kind} ({(related ? "goal partner" : "stranger")}) reading another member's learning record";

        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/learning/entries/{learning.EntryId}")).StatusCode, $"{cell}: entry");
        Assert.True((await client.PutAsJsonAsync($"/api/v1/learning/entries/{learning.EntryId}/reflection",
            new { reflection = "Not mine to write." })).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{cell}: reflection");
        var list = await client.GetAsync("/api/v1/learning/entries");
        foreach (var (path, response) in new[]
                 {
                     ("entries", list),
                     ("csv", await client.GetAsync("/api/v1/learning/transcript.csv")),
                     ("xapi", await client.GetAsync("/api/v1/learning/transcript.xapi.json")),
                     ("pdf", await client.GetAsync("/api/v1/learning/transcript.pdf")),
                 })
        {
            if (kind == ViewerKind.Anonymous)
            {
                Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{cell}: {path}");
                continue;
            }
            Assert.True(HttpStatusCode.OK == response.StatusCode, $"{cell}: own {path}");
            var body = path == "pdf" ? PdfText.Extract(await response.Content.ReadAsByteArrayAsync()) : await response.Content.ReadAsStringAsync();
            Assert.False(body.Contains(learning.Title), $"{cell}: the owner's entry is in the viewer's {path}");
        }
    }

    [Fact]
    public async Task Signed_out_the_pages_export_links_find_nothing_and_the_page_asks_to_sign_in()
    {
        var client = world.Anonymous();
        foreach (var path in new[] { "/learning/transcript.csv", "/learning/transcript.xapi.json", "/learning/transcript.pdf" })
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync(path)).StatusCode, path);
        using var browser = world.Browser();
        var page = await browser.GetAsync("/learning");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_owner_reads_their_own_learning_record_everywhere()
    {
        var learning = await world.LearningAsync();
        using var client = world.As(learning.Owner);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/learning/entries/{learning.EntryId}")).StatusCode);
        Assert.Contains(learning.Title, await client.GetStringAsync("/api/v1/learning/transcript.csv"));
        Assert.Contains(learning.Title, await client.GetStringAsync("/api/v1/learning/transcript.xapi.json"));
        Assert.Contains(learning.Title, PdfText.Extract(await client.GetByteArrayAsync("/api/v1/learning/transcript.pdf")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/learning/goals/{learning.GoalId}")).StatusCode);
    }

    [Theory, MemberData(nameof(LearningCells))]
    public async Task Goals_are_seen_by_their_partners_only(ViewerKind kind, bool related)
    {
        var learning = await world.LearningAsync();
        var client = await world.ClientAsync(kind, related);
        var expected = related && kind != ViewerKind.Anonymous;
        var cell = $"{kind} ({(related ? "partner" : "stranger")}) reading a goal";

        Assert.True((expected ? HttpStatusCode.OK : HttpStatusCode.NotFound) == (await client.GetAsync($"/api/v1/learning/goals/{learning.GoalId}")).StatusCode, $"{cell}: goal");
        var shared = await client.GetAsync("/api/v1/learning/goals/shared");
        if (kind == ViewerKind.Anonymous) Assert.True(HttpStatusCode.NotFound == shared.StatusCode, $"{cell}: shared list");
        else Assert.True(expected == (await shared.Content.ReadFromJsonAsync<List<GoalView>>())!.Any(g => g.Id == learning.GoalId), $"{cell}: shared list");
        if (kind == ViewerKind.Anonymous) return;
        Assert.True((expected ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound) == (await client.DeleteAsync($"/api/v1/learning/goals/{learning.GoalId}")).StatusCode,
            $"{cell}: delete");
        var page = await (await world.SignedInPageAsync(kind, related)).GetPageAsync("/learning");
        Assert.True(expected == page.Contains(learning.GoalTitle), $"{cell}: learning page");
    }

    public static TheoryData<ViewerKind, bool> SignedInLearningCells()
    {
        var data = new TheoryData<ViewerKind, bool>();
        foreach (var row in LearningCells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (bool)row[1]);
        return data;
    }

    [Theory, MemberData(nameof(SignedInLearningCells))]
    public async Task A_block_either_way_hides_a_shared_goal(ViewerKind kind, bool related)
    {
        var goalId = await world.BlockingAuthorsGoalAsync();
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "partner" : "stranger")}, owner blocked viewer: {blockerIsAuthor}) reading a goal";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/learning/goals/{goalId}")).StatusCode, $"{cell}: goal");
            Assert.DoesNotContain((await client.GetFromJsonAsync<List<GoalView>>("/api/v1/learning/goals/shared"))!, g => g.Id == goalId);
        }
    }

    public sealed partial class World
    {
        private readonly SemaphoreSlim _learningGate = new(1, 1);
        private MatrixLearning? _learning;
        private long? _blockingGoalId;
        private readonly Dictionary<string, PageClient> _pages = [];

        /// <summary>A learner with one entry, and a goal shared with every related viewer; made on first use.</summary>
        public async Task<MatrixLearning> LearningAsync()
        {
            await _learningGate.WaitAsync();
            try
            {
                if (_learning is not null) return _learning;
                await EnsureAuthorsAsync();
                var owner = await OnceAsync("learner", () => Given.VerifiedClinician());
                var entry = await Given.LearningEntry(owner, LearningActivity.CaseAnswered, "Matrix case about a murmur");
                var partners = new List<TestMember>();
                foreach (var kind in SignedInKinds)
                {
                    await ViewerAsync(kind, related: true);
                    partners.Add(await MemberOfKind(kind, "related"));
                }
                var goal = await Given.Goal(owner, title: "Matrix goal of four cases", partners: [.. partners]);
                return _learning = new MatrixLearning(owner, entry.Id, entry.Title, goal.Id, goal.Title);
            }
            finally { _learningGate.Release(); }
        }

        /// <summary>A goal of the blocking author, shared (before the blocks) with every blocked viewer who is related.</summary>
        public async Task<long> BlockingAuthorsGoalAsync()
        {
            await _learningGate.WaitAsync();
            try
            {
                if (_blockingGoalId is { } known) return known;
                await EnsureAuthorsAsync();
                var goal = await Given.Goal(BlockingAuthor, title: "Matrix goal across a block");
                var partners = new List<long>();
                foreach (var kind in SignedInKinds)
                    foreach (var related in new[] { true, false })
                        foreach (var blockerIsAuthor in new[] { true, false })
                        {
                            await BlockedViewerAsync(kind, related, blockerIsAuthor);
                            if (related) partners.Add((await MemberOfKind(kind, $"blocked-{related}-{blockerIsAuthor}")).Id);
                        }
                await WithDbAsync(async db =>
                {
                    db.LearningGoalPartners.AddRange(partners.Select(p => new LearningGoalPartner { GoalId = goal.Id, PartnerId = p, AddedAt = DateTime.UtcNow }));
                    return await db.SaveChangesAsync();
                });
                _blockingGoalId = goal.Id;
                return goal.Id;
            }
            finally { _learningGate.Release(); }
        }

        /// <summary>A signed-in page client for the viewer (made once per viewer).</summary>
        public async Task<PageClient> SignedInPageAsync(ViewerKind kind, bool related)
        {
            await ClientAsync(kind, related);
            var member = await MemberOfKind(kind, related ? "related" : "stranger");
            await _learningGate.WaitAsync();
            try
            {
                if (_pages.TryGetValue(member.Handle, out var known)) return known;
                return _pages[member.Handle] = await Rounds.Tests.Features.SignedInPages.SignedInBrowserAsync(this, member);
            }
            finally { _learningGate.Release(); }
        }
    }
}

public sealed record MatrixLearning(TestMember Owner, long EntryId, string Title, long GoalId, string GoalTitle);
