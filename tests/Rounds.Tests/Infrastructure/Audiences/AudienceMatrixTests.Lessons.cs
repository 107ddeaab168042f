using System.Net;
using System.Net.Http.Json;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

// Content type: lessons (public, members, clinicians or a group), read through the API, the pages, a step (API and page),
// the slide image and its preview, the list and the learner's start. Drafts are their author's alone; blocks hide everything.
public partial class AudienceMatrixTests
{
    private static readonly Audience[] LessonAudiences = [Audience.Public, Audience.Members, Audience.Clinicians, Audience.Group];

    public static TheoryData<ViewerKind, Audience, bool> LessonCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in Cells()) if (LessonAudiences.Contains((Audience)row[1])) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    public static TheoryData<ViewerKind, Audience, bool> SignedInLessonCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in LessonCells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    [Theory, MemberData(nameof(LessonCells))]
    public async Task Lessons_their_steps_and_slide_images_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var lesson = (await world.LessonsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} lesson";

        Assert.True(status == (await client.GetAsync($"/api/v1/lessons/{lesson.Id}")).StatusCode, $"{cell}: lesson");
        Assert.True(status == (await client.GetAsync($"/api/v1/lessons/{lesson.Id}/steps/1")).StatusCode, $"{cell}: step");
        Assert.True(status == (await client.GetAsync($"/media/posts/{lesson.MediaId}")).StatusCode, $"{cell}: slide image");
        Assert.True(status == (await client.GetAsync($"/media/posts/{lesson.MediaId}/preview")).StatusCode, $"{cell}: slide preview");
        Assert.True(status == (await client.GetAsync($"/lessons/{lesson.Id}")).StatusCode, $"{cell}: lesson page");
        Assert.True(status == (await client.GetAsync($"/lessons/{lesson.Id}/steps/1")).StatusCode, $"{cell}: step page");
        var list = await client.GetFromJsonAsync<LessonListPage>("/api/v1/lessons?limit=50");
        Assert.True(expected == list!.Items.Any(l => l.Id == lesson.Id), $"{cell}: lesson list");
        Assert.True(expected == (await client.GetStringAsync("/lessons")).Contains($"data-lesson-id=\"{lesson.Id}\""), $"{cell}: lessons page");
        if (kind == ViewerKind.Anonymous) return;
        var start = await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/advance", new { direction = "start" });
        Assert.True(status == start.StatusCode, $"{cell}: start");
    }

    [Theory, MemberData(nameof(LessonCells))]
    public async Task A_draft_lesson_is_seen_by_nobody_but_its_author(ViewerKind kind, Audience audience, bool related)
    {
        var draft = (await world.DraftLessonsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} draft";

        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/lessons/{draft.Id}")).StatusCode, $"{cell}: lesson");
        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/lessons/{draft.Id}/steps/1")).StatusCode, $"{cell}: step");
        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/media/posts/{draft.MediaId}")).StatusCode, $"{cell}: slide image");
        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/lessons/{draft.Id}")).StatusCode, $"{cell}: lesson page");
        Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/lessons/{draft.Id}/steps/1")).StatusCode, $"{cell}: step page");
        var list = await client.GetFromJsonAsync<LessonListPage>("/api/v1/lessons?limit=50");
        Assert.DoesNotContain(list!.Items, l => l.Id == draft.Id);
        if (kind == ViewerKind.Anonymous) return;
        var answer = await client.PostAsJsonAsync($"/api/v1/lessons/{draft.Id}/steps/2/answer", new { option = 0 });
        Assert.True(HttpStatusCode.NotFound == answer.StatusCode, $"{cell}: answer");
    }

    [Theory]
    [InlineData(Audience.Public)]
    [InlineData(Audience.Group)]
    public async Task The_author_sees_their_own_draft_and_its_image(Audience audience)
    {
        var draft = (await world.DraftLessonsAsync())[audience];
        var client = world.AuthorClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/lessons/{draft.Id}/steps/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/media/posts/{draft.MediaId}")).StatusCode);
    }

    [Theory, MemberData(nameof(SignedInLessonCells))]
    public async Task A_block_either_way_hides_lessons(ViewerKind kind, Audience audience, bool related)
    {
        var lesson = (await world.BlockingAuthorsLessonsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, author blocked viewer: {blockerIsAuthor}) reading a {audience} lesson";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/lessons/{lesson.Id}")).StatusCode, $"{cell}: lesson");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/lessons/{lesson.Id}/steps/1")).StatusCode, $"{cell}: step");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/media/posts/{lesson.MediaId}")).StatusCode, $"{cell}: slide image");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/lessons/{lesson.Id}")).StatusCode, $"{cell}: lesson page");
            var list = await client.GetFromJsonAsync<LessonListPage>("/api/v1/lessons?limit=50");
            Assert.DoesNotContain(list!.Items, l => l.Id == lesson.Id);
        }
    }

    public sealed partial class World
    {
        private Dictionary<Audience, MatrixLesson>? _lessons, _draftLessons, _blockingLessons;

        public HttpClient AuthorClient() => As(_author!);

        /// <summary>One published lesson (a slide with an image, a question, a slide) per lesson audience, made on first use.</summary>
        public async Task<Dictionary<Audience, MatrixLesson>> LessonsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_lessons is not null) return _lessons;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _lessons = await WriteLessonsAsync(_author!, _groupId, publish: true);
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, MatrixLesson>> DraftLessonsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_draftLessons is not null) return _draftLessons;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _draftLessons = await WriteLessonsAsync(_author!, _groupId, publish: false);
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, MatrixLesson>> BlockingAuthorsLessonsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_blockingLessons is not null) return _blockingLessons;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _blockingLessons = await WriteLessonsAsync(_blockingAuthor!, _blockingGroupId, publish: true);
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, MatrixLesson>> WriteLessonsAsync(TestMember author, long groupId, bool publish)
        {
            var lessons = new Dictionary<Audience, MatrixLesson>();
            foreach (var audience in LessonAudiences)
            {
                var media = await Given.Image(author);
                var lesson = await Given.Lesson(author, audience, audience == Audience.Group ? groupId : null, publish, media.Id);
                lessons[audience] = new MatrixLesson(lesson.Id, media.Id);
            }
            await SettleAsync();
            return lessons;
        }
    }
}

public sealed record MatrixLesson(long Id, long MediaId);
