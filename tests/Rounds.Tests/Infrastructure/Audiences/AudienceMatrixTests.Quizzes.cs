using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Quizzes;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: image quiz series (public, members, clinicians or a group) and their released items, read as the series,
// its page, the series list, the item, its page and its image. The related viewer shares the group.
public partial class AudienceMatrixTests
{
    public static TheoryData<ViewerKind, Audience, bool> QuizCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in Cells())
            if ((Audience)row[1] is Audience.Public or Audience.Members or Audience.Clinicians or Audience.Group) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    public static TheoryData<ViewerKind, Audience, bool> SignedInQuizCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in QuizCells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    [Theory, MemberData(nameof(QuizCells))]
    public async Task Quiz_series_items_and_their_images_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var q = (await world.QuizzesAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} quiz series";

        Assert.True(status == (await client.GetAsync($"/api/v1/quizzes/series/{q.SeriesId}")).StatusCode, $"{cell}: series");
        Assert.True(status == (await client.GetAsync($"/quizzes/{q.SeriesId}")).StatusCode, $"{cell}: series page");
        var list = await client.GetFromJsonAsync<List<SeriesSummary>>("/api/v1/quizzes/series");
        Assert.True(expected == list!.Any(s => s.Id == q.SeriesId), $"{cell}: series list");
        Assert.True(expected == (await client.GetStringAsync("/quizzes")).Contains($"data-series-id=\"{q.SeriesId}\""), $"{cell}: series list page");
        Assert.True(status == (await client.GetAsync($"/api/v1/quizzes/items/{q.ItemId}")).StatusCode, $"{cell}: item");
        Assert.True(status == (await client.GetAsync($"/quizzes/items/{q.ItemId}")).StatusCode, $"{cell}: item page");
        Assert.True(status == (await client.GetAsync($"/media/posts/{q.MediaId}")).StatusCode, $"{cell}: item image");
        Assert.True(status == (await client.GetAsync($"/media/posts/{q.MediaId}/preview")).StatusCode, $"{cell}: item image preview");
        // The item not yet released is its editors' alone, whatever the audience.
        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/quizzes/items/{q.ScheduledItemId}")).StatusCode, $"{cell}: scheduled item");
        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/media/posts/{q.ScheduledMediaId}")).StatusCode, $"{cell}: scheduled item image");
        if (kind == ViewerKind.Anonymous) return;
        var follow = await client.PostAsync($"/api/v1/quizzes/series/{q.SeriesId}/follow", null);
        Assert.True(status == follow.StatusCode, $"{cell}: follow");
    }

    [Theory, MemberData(nameof(SignedInQuizCells))]
    public async Task A_block_either_way_hides_quiz_series_and_items(ViewerKind kind, Audience audience, bool related)
    {
        var q = (await world.BlockingAuthorsQuizzesAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, author blocked viewer: {blockerIsAuthor}) reading a {audience} quiz series";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/quizzes/series/{q.SeriesId}")).StatusCode, $"{cell}: series");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/quizzes/items/{q.ItemId}")).StatusCode, $"{cell}: item");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/quizzes/items/{q.ItemId}")).StatusCode, $"{cell}: item page");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/media/posts/{q.MediaId}")).StatusCode, $"{cell}: item image");
            var list = await client.GetFromJsonAsync<List<SeriesSummary>>("/api/v1/quizzes/series");
            Assert.DoesNotContain(list!, s => s.Id == q.SeriesId);
            Assert.True(HttpStatusCode.NotFound == (await client.PostAsJsonAsync($"/api/v1/quizzes/items/{q.ItemId}/answers", new { option = 0 })).StatusCode, $"{cell}: answer");
        }
    }

    public sealed record MatrixQuiz(long SeriesId, long ItemId, long MediaId, long ScheduledItemId, long ScheduledMediaId);

    public sealed partial class World
    {
        private Dictionary<Audience, MatrixQuiz>? _quizzes, _blockingQuizzes;

        /// <summary>One series per audience by the author, each with a released item and a scheduled one, made on first use.</summary>
        public async Task<Dictionary<Audience, MatrixQuiz>> QuizzesAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_quizzes is not null) return _quizzes;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _quizzes = await WriteQuizzesAsync(_author!, _groupId);
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, MatrixQuiz>> BlockingAuthorsQuizzesAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_blockingQuizzes is not null) return _blockingQuizzes;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _blockingQuizzes = await WriteQuizzesAsync(_blockingAuthor!, _blockingGroupId);
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, MatrixQuiz>> WriteQuizzesAsync(TestMember owner, long groupId)
        {
            var editor = await Given.VerifiedClinician();
            await WithDbAsync(async db =>
            {
                db.GroupMemberships.Add(new Rounds.Web.Features.Groups.GroupMembership { GroupId = groupId, MemberId = editor.Id, JoinedAt = DateTime.UtcNow });
                return await db.SaveChangesAsync();
            });
            var result = new Dictionary<Audience, MatrixQuiz>();
            var releaseAt = Clock.GetUtcNow().UtcDateTime.AddMinutes(1);
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group })
            {
                var series = await Given.QuizSeries(owner, audience.ToString().ToLowerInvariant(), audience == Audience.Group ? groupId : null,
                    title: $"Matrix series {audience}");
                await Given.AddQuizEditor(owner, series.Id, editor);
                var item = await Given.ApprovedQuizItem(editor, owner, series.Id, releaseAt);
                var scheduled = await Given.ApprovedQuizItem(editor, owner, series.Id, releaseAt.AddDays(30));
                result[audience] = new MatrixQuiz(series.Id, item.Id, item.Images[0].Id, scheduled.Id, scheduled.Images[0].Id);
            }
            Clock.Advance(TimeSpan.FromMinutes(2));
            await SettleAsync();
            return result;
        }
    }
}
