using System.Text.Json;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;
using AudienceService = Rounds.Web.Infrastructure.Audiences.Audiences;

namespace Rounds.Tests.Infrastructure.Audiences;

/// <summary>
/// Every viewer kind against every audience, with and without the relation an audience depends on,
/// and with blocks both ways. Each content type adds its own rows below (profiles and avatars; posts with their
/// images, threads and hashtag and paper timelines).
/// </summary>
public partial class AudienceMatrixTests(AudienceMatrixTests.World world) : IClassFixture<AudienceMatrixTests.World>
{
    /// <summary>The whole rule in one table: may a viewer of this kind see content with this audience?</summary>
    private static bool Expected(ViewerKind kind, Audience audience, bool related) => audience switch
    {
        Audience.Public => true,
        Audience.Members => kind != ViewerKind.Anonymous,
        Audience.Clinicians => kind is ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin,
        Audience.Group or Audience.Followers or Audience.Direct => related && kind != ViewerKind.Anonymous,
        _ => throw new ArgumentOutOfRangeException(nameof(audience)),
    };

    public static TheoryData<ViewerKind, Audience, bool> Cells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var kind in Enum.GetValues<ViewerKind>())
            foreach (var audience in Enum.GetValues<Audience>())
                foreach (var related in new[] { false, true })
                    if (!(related && kind == ViewerKind.Anonymous)) data.Add(kind, audience, related);
        return data;
    }

    [Theory, MemberData(nameof(Cells))]
    public async Task The_audience_check_answers_every_viewer_kind_and_audience(ViewerKind kind, Audience audience, bool related)
    {
        var viewer = await world.ViewerAsync(kind, related);
        var target = await world.TargetAsync(audience, viewer, related);
        var answer = await world.CanSeeAsync(viewer, target);
        Assert.Equal(Expected(kind, audience, related), answer);
    }

    public static TheoryData<ViewerKind, Audience, bool> SignedInCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in Cells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    [Theory, MemberData(nameof(SignedInCells))]
    public async Task A_block_either_way_hides_everything(ViewerKind kind, Audience audience, bool related)
    {
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var viewer = await world.BlockedViewerAsync(kind, related, blockerIsAuthor);
            var target = await world.TargetAsync(audience, viewer, related, world.BlockingAuthor);
            Assert.False(await world.CanSeeAsync(viewer, target), $"{kind} saw {audience} content across a block (author blocked viewer: {blockerIsAuthor}).");
        }
    }

    [Theory]
    [InlineData(Audience.Public)]
    [InlineData(Audience.Members)]
    [InlineData(Audience.Clinicians)]
    [InlineData(Audience.Group)]
    [InlineData(Audience.Followers)]
    [InlineData(Audience.Direct)]
    public async Task Authors_always_see_their_own_content(Audience audience)
    {
        var author = await world.App.Given.Patient();
        var viewer = new Viewer(author.Id, ViewerKind.Patient);
        Assert.True(await world.CanSeeAsync(viewer, new AudienceTarget(audience, author.Id, GroupId: null, Recipients: [])));
    }

    // Content type: profiles (audience public, members or clinicians), read through the API and the avatar endpoint.
    public static TheoryData<ViewerKind, Audience> ProfileCells()
    {
        var data = new TheoryData<ViewerKind, Audience>();
        foreach (var kind in Enum.GetValues<ViewerKind>())
            foreach (var audience in new[] { Audience.Public, Audience.Members, Audience.Clinicians })
                data.Add(kind, audience);
        return data;
    }

    [Theory, MemberData(nameof(ProfileCells))]
    public async Task Profiles_and_their_avatars_follow_the_matrix(ViewerKind kind, Audience audience)
    {
        var owner = await world.ProfileOwnerAsync(audience);
        var client = await world.ClientAsync(kind);
        var expected = Expected(kind, audience, related: false);

        var profile = await client.GetAsync($"/api/v1/profiles/{owner.Handle}");
        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound, profile.StatusCode);
        var avatar = await client.GetAsync($"/media/avatars/{owner.Handle}");
        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound, avatar.StatusCode);
    }

    // Content type: posts, in every audience, read as the post, its image and preview, its thread, and on the hashtag
    // and paper timelines. The related viewer follows the author, shares the group and is named by the direct post.
    [Theory, MemberData(nameof(Cells))]
    public async Task Posts_their_images_threads_and_timelines_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var post = (await world.PostsAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} post";

        Assert.True(status == (await client.GetAsync($"/api/v1/posts/{post.Id}")).StatusCode, $"{cell}: post");
        Assert.True(status == (await client.GetAsync($"/media/posts/{post.MediaId}")).StatusCode, $"{cell}: image");
        Assert.True(status == (await client.GetAsync($"/media/posts/{post.MediaId}/preview")).StatusCode, $"{cell}: preview");
        var thread = await client.GetAsync($"/api/v1/posts/{post.Id}/thread");
        Assert.True(status == thread.StatusCode, $"{cell}: thread");
        if (expected)
        {
            var view = await thread.Content.ReadFromJsonAsync<ThreadView>();
            Assert.Equal([post.ReplyId], view!.Descendants.Select(p => p.Id));
        }
        var tag = await client.GetFromJsonAsync<TimelinePage>($"/api/v1/timelines/tags/{post.Tag}");
        Assert.True(expected == tag!.Items.Any(p => p.Id == post.Id), $"{cell}: hashtag timeline");
        var paper = await client.GetFromJsonAsync<TimelinePage>($"/api/v1/timelines/papers?doi={post.Doi}");
        Assert.True(expected == paper!.Items.Any(p => p.Id == post.Id), $"{cell}: paper timeline");
        Assert.True(status == (await client.GetAsync($"/posts/{post.Id}")).StatusCode, $"{cell}: thread page");
        Assert.True(status == (await client.GetAsync($"/fragments/posts/{post.Id}")).StatusCode, $"{cell}: live card");
        var profile = await client.GetAsync($"/api/v1/timelines/members/{world.AuthorHandle}");
        Assert.True(expected == (profile.IsSuccessStatusCode && (await profile.Content.ReadFromJsonAsync<TimelinePage>())!.Items.Any(p => p.Id == post.Id)), $"{cell}: profile timeline");
        var local = await client.GetFromJsonAsync<TimelinePage>("/api/v1/timelines/local?limit=40");
        var onLocal = audience is Audience.Public or Audience.Members or Audience.Clinicians && expected;
        Assert.True(onLocal == local!.Items.Any(p => p.Id == post.Id), $"{cell}: community timeline");
        if (kind == ViewerKind.Anonymous) return;
        // The related viewer follows the author and is mentioned in every post: home timeline and notification only when allowed.
        var home = await client.GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home?limit=40");
        Assert.True((expected && related) == home!.Items.Any(p => p.Id == post.Id), $"{cell}: home timeline");
        var notifications = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=40");
        var mentioned = notifications.GetProperty("items").EnumerateArray().Any(n => n.GetProperty("postId").ValueKind == JsonValueKind.Number && n.GetProperty("postId").GetInt64() == post.Id);
        Assert.True((expected && related) == mentioned, $"{cell}: mention notification");
    }

    [Theory, MemberData(nameof(SignedInCells))]
    public async Task A_block_either_way_hides_posts_their_images_threads_and_timeline_entries(ViewerKind kind, Audience audience, bool related)
    {
        var post = (await world.BlockingAuthorsPostsAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, author blocked viewer: {blockerIsAuthor}) reading a {audience} post";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/posts/{post.Id}")).StatusCode, $"{cell}: post");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/media/posts/{post.MediaId}")).StatusCode, $"{cell}: image");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/posts/{post.Id}/thread")).StatusCode, $"{cell}: thread");
            var tag = await client.GetFromJsonAsync<TimelinePage>($"/api/v1/timelines/tags/{post.Tag}");
            Assert.DoesNotContain(tag!.Items, p => p.Id == post.Id);
        }
    }

    // Content type: cases, which are only ever for clinicians or a group: the case, its image, its answers, its page and
    // the case list. The related viewer shares the group.
    public static TheoryData<ViewerKind, Audience, bool> CaseCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in Cells()) if ((Audience)row[1] is Audience.Clinicians or Audience.Group) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    public static TheoryData<ViewerKind, Audience, bool> SignedInCaseCells()
    {
        var data = new TheoryData<ViewerKind, Audience, bool>();
        foreach (var row in CaseCells()) if ((ViewerKind)row[0] != ViewerKind.Anonymous) data.Add((ViewerKind)row[0], (Audience)row[1], (bool)row[2]);
        return data;
    }

    [Theory, MemberData(nameof(CaseCells))]
    public async Task Cases_their_images_and_answers_follow_the_matrix(ViewerKind kind, Audience audience, bool related)
    {
        var c = (await world.CasesAsync())[audience];
        var client = await world.ClientAsync(kind, related);
        var expected = Expected(kind, audience, related);
        var status = expected ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        var cell = $"{kind} ({(related ? "related" : "stranger")}) reading a {audience} case";

        Assert.True(status == (await client.GetAsync($"/api/v1/cases/{c.Id}")).StatusCode, $"{cell}: case");
        Assert.True(status == (await client.GetAsync($"/media/posts/{c.MediaId}")).StatusCode, $"{cell}: image");
        Assert.True(status == (await client.GetAsync($"/media/posts/{c.MediaId}/preview")).StatusCode, $"{cell}: preview");
        var answers = await client.GetAsync($"/api/v1/cases/{c.Id}/answers");
        Assert.True(status == answers.StatusCode, $"{cell}: answers");
        if (expected) Assert.Contains((await answers.Content.ReadFromJsonAsync<List<PostView>>())!, a => a.Id == c.AnswerId);
        Assert.True(status == (await client.GetAsync($"/api/v1/posts/{c.AnswerId}")).StatusCode, $"{cell}: answer as a post");
        Assert.True(status == (await client.GetAsync($"/cases/{c.Id}")).StatusCode, $"{cell}: case page");
        var list = await client.GetFromJsonAsync<Rounds.Web.Features.Cases.CaseListPage>("/api/v1/cases?limit=50");
        Assert.True(expected == list!.Items.Any(x => x.Id == c.Id), $"{cell}: case list");
    }

    [Theory, MemberData(nameof(SignedInCaseCells))]
    public async Task A_block_either_way_hides_cases(ViewerKind kind, Audience audience, bool related)
    {
        var c = (await world.BlockingAuthorsCasesAsync())[audience];
        foreach (var blockerIsAuthor in new[] { true, false })
        {
            var client = await world.BlockedClientAsync(kind, related, blockerIsAuthor);
            var cell = $"{kind} ({(related ? "related" : "stranger")}, author blocked viewer: {blockerIsAuthor}) reading a {audience} case";
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/v1/cases/{c.Id}")).StatusCode, $"{cell}: case");
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/media/posts/{c.MediaId}")).StatusCode, $"{cell}: image");
            var list = await client.GetFromJsonAsync<Rounds.Web.Features.Cases.CaseListPage>("/api/v1/cases?limit=50");
            Assert.DoesNotContain(list!.Items, x => x.Id == c.Id);
        }
    }

    /// <summary>One author, one member of each viewer kind, and the relations, made once for the class.</summary>
    public sealed partial class World : RoundsApp
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<string, TestMember> _members = [];
        private readonly Dictionary<Audience, TestMember> _profileOwners = [];
        private TestMember? _author, _blockingAuthor;
        public string AuthorHandle => _author!.Handle;
        private long _groupId, _blockingGroupId;

        public RoundsApp App => this;
        public TestMember BlockingAuthor => _blockingAuthor!;

        private async Task<TestMember> OnceAsync(string key, Func<Task<TestMember>> make)
        {
            await _gate.WaitAsync();
            try
            {
                if (!_members.TryGetValue(key, out var m)) _members[key] = m = await make();
                return m;
            }
            finally { _gate.Release(); }
        }

        private async Task EnsureAuthorsAsync()
        {
            _author ??= await OnceAsync("author", () => Given.VerifiedClinician());
            _blockingAuthor ??= await OnceAsync("blocking-author", () => Given.VerifiedClinician());
            if (_groupId == 0) _groupId = await Given.Group(_author);
            if (_blockingGroupId == 0) _blockingGroupId = await Given.Group(_blockingAuthor);
        }

        private Task<TestMember> MemberOfKind(ViewerKind kind, string suffix) => OnceAsync($"{kind}-{suffix}", () => kind switch
        {
            ViewerKind.Member => Given.Member(Profession.EducatorResearcher),
            ViewerKind.Patient => Given.Patient(),
            ViewerKind.UnverifiedClinician => Given.UnverifiedClinician(),
            ViewerKind.VerifiedClinician => Given.VerifiedClinician(Profession.MedicalStudent),
            ViewerKind.Moderator => Given.Moderator(),
            ViewerKind.Admin => Given.Admin(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        });

        public async Task<Viewer> ViewerAsync(ViewerKind kind, bool related)
        {
            await EnsureAuthorsAsync();
            if (kind == ViewerKind.Anonymous) return Viewer.Anonymous;
            var m = await MemberOfKind(kind, related ? "related" : "stranger");
            if (related) await RelateAsync(m, _author!, _groupId);
            return await AsViewerAsync(m);
        }

        public async Task<Viewer> BlockedViewerAsync(ViewerKind kind, bool related, bool blockerIsAuthor)
        {
            await EnsureAuthorsAsync();
            var m = await MemberOfKind(kind, $"blocked-{related}-{blockerIsAuthor}");
            if (related) await RelateAsync(m, _blockingAuthor!, _blockingGroupId);
            if (blockerIsAuthor) await OnceAsync($"block-{m.Id}", async () => { await Given.Block(_blockingAuthor!, m); return m; });
            else await OnceAsync($"block-{m.Id}", async () => { await Given.Block(m, _blockingAuthor!); return m; });
            return await AsViewerAsync(m);
        }

        private Task RelateAsync(TestMember m, TestMember author, long groupId) => OnceAsync($"related-{m.Id}-{author.Id}", async () =>
        {
            await Given.Follow(m, author);
            await WithDbAsync(async db =>
            {
                db.GroupMemberships.Add(new Rounds.Web.Features.Groups.GroupMembership { GroupId = groupId, MemberId = m.Id, JoinedAt = DateTime.UtcNow });
                return await db.SaveChangesAsync();
            });
            return m;
        });

        /// <summary>The viewer exactly as a request would build it: from the stored member and its roles.</summary>
        private async Task<Viewer> AsViewerAsync(TestMember m)
        {
            var member = await MemberAsync(m.Id);
            var roles = await WithDbAsync(async db => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.UserRoles.Where(r => r.UserId == m.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)));
            return Viewer.For(member, roles.Contains(Roles.Admin), roles.Contains(Roles.Moderator), Clock.GetUtcNow().UtcDateTime);
        }

        public async Task<AudienceTarget> TargetAsync(Audience audience, Viewer viewer, bool related, TestMember? author = null)
        {
            await EnsureAuthorsAsync();
            author ??= _author!;
            var group = author == _author ? _groupId : _blockingGroupId;
            IReadOnlyCollection<long> recipients = related && viewer.Id is { } id ? [id] : [];
            return new AudienceTarget(audience, author.Id, audience == Audience.Group ? group : null, recipients);
        }

        public async Task<bool> CanSeeAsync(Viewer viewer, AudienceTarget target)
        {
            using var scope = Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AudienceService>().CanSeeAsync(viewer, target);
        }

        public async Task<TestMember> ProfileOwnerAsync(Audience audience)
        {
            await _gate.WaitAsync();
            try
            {
                if (_profileOwners.TryGetValue(audience, out var owner)) return owner;
                owner = await Given.Member(Profession.Physician, verified: true, profileAudience: audience);
                using var client = As(owner);
                var jpeg = await File.ReadAllBytesAsync(Path.Combine(TestFiles.SharedTestData, "images", "no-face.jpg"));
                var form = new MultipartFormDataContent { { new ByteArrayContent(jpeg), "avatar", "photo.jpg" } };
                (await client.PutAsync("/api/v1/me/avatar", form)).EnsureSuccessStatusCode();
                return _profileOwners[audience] = owner;
            }
            finally { _gate.Release(); }
        }

        public async Task<HttpClient> ClientAsync(ViewerKind kind)
        {
            if (kind == ViewerKind.Anonymous) return Anonymous();
            return As(await MemberOfKind(kind, "stranger"));
        }

        public async Task<HttpClient> ClientAsync(ViewerKind kind, bool related)
        {
            if (!related) return await ClientAsync(kind);
            await ViewerAsync(kind, related: true); // makes the member and its relations
            return As(await MemberOfKind(kind, "related"));
        }

        public async Task<HttpClient> BlockedClientAsync(ViewerKind kind, bool related, bool blockerIsAuthor)
        {
            await BlockedViewerAsync(kind, related, blockerIsAuthor);
            return As(await MemberOfKind(kind, $"blocked-{related}-{blockerIsAuthor}"));
        }

        private static readonly ViewerKind[] SignedInKinds = Enum.GetValues<ViewerKind>().Where(k => k != ViewerKind.Anonymous).ToArray();
        private readonly SemaphoreSlim _postsGate = new(1, 1);
        private Dictionary<Audience, MatrixPost>? _posts, _blockingPosts;

        /// <summary>One post (with an image, a reply, a hashtag and a DOI) per audience by the author, made on first use.</summary>
        public async Task<Dictionary<Audience, MatrixPost>> PostsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_posts is not null) return _posts;
                await EnsureAuthorsAsync();
                var recipients = new List<TestMember>();
                foreach (var kind in SignedInKinds)
                {
                    await ViewerAsync(kind, related: true);
                    recipients.Add(await MemberOfKind(kind, "related"));
                }
                return _posts = await WritePostsAsync(_author!, _groupId, "matrix", recipients);
            }
            finally { _postsGate.Release(); }
        }

        /// <summary>The same posts by the author whom every "blocked" viewer blocked or was blocked by.</summary>
        public async Task<Dictionary<Audience, MatrixPost>> BlockingAuthorsPostsAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_blockingPosts is not null) return _blockingPosts;
                await EnsureAuthorsAsync();
                var recipients = new List<TestMember>();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                    {
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                        recipients.Add(await MemberOfKind(kind, $"blocked-True-{blockerIsAuthor}"));
                    }
                return _blockingPosts = await WritePostsAsync(_blockingAuthor!, _blockingGroupId, "blocking", recipients);
            }
            finally { _postsGate.Release(); }
        }

        private Dictionary<Audience, MatrixCase>? _cases, _blockingCases;

        /// <summary>One case (with an image and an answer by the author) per case audience, made on first use.</summary>
        public async Task<Dictionary<Audience, MatrixCase>> CasesAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_cases is not null) return _cases;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds) await ViewerAsync(kind, related: true);
                return _cases = await WriteCasesAsync(_author!, _groupId);
            }
            finally { _postsGate.Release(); }
        }

        public async Task<Dictionary<Audience, MatrixCase>> BlockingAuthorsCasesAsync()
        {
            await _postsGate.WaitAsync();
            try
            {
                if (_blockingCases is not null) return _blockingCases;
                await EnsureAuthorsAsync();
                foreach (var kind in SignedInKinds)
                    foreach (var blockerIsAuthor in new[] { true, false })
                        await BlockedViewerAsync(kind, related: true, blockerIsAuthor);
                return _blockingCases = await WriteCasesAsync(_blockingAuthor!, _blockingGroupId);
            }
            finally { _postsGate.Release(); }
        }

        private async Task<Dictionary<Audience, MatrixCase>> WriteCasesAsync(TestMember author, long groupId)
        {
            var cases = new Dictionary<Audience, MatrixCase>();
            foreach (var audience in new[] { Audience.Clinicians, Audience.Group })
            {
                var media = await Given.Image(author);
                var c = await Given.Case(author, audience == Audience.Group ? groupId : null, images: media.Id);
                using var client = As(author);
                var answer = await client.PostAsJsonAsync($"/api/v1/cases/{c.Id}/answers", new { text = "Cultures first, then treat." });
                answer.EnsureSuccessStatusCode();
                cases[audience] = new MatrixCase(c.Id, media.Id, (await answer.Content.ReadFromJsonAsync<PostView>())!.Id);
            }
            await SettleAsync();
            return cases;
        }

        private async Task<Dictionary<Audience, MatrixPost>> WritePostsAsync(TestMember author, long groupId, string prefix, List<TestMember> recipients)
        {
            var posts = new Dictionary<Audience, MatrixPost>();
            foreach (var audience in Enum.GetValues<Audience>())
            {
                var name = audience.ToString().ToLowerInvariant();
                var tag = $"{prefix}{name}";
                var doi = $"10.5555/{prefix}.{name}";
                // Every post names the related viewers (for the direct post, that is its audience); a mention grants nothing else.
                var names = string.Join(" ", recipients.Select(r => "@" + r.Handle));
                var media = await Given.Image(author);
                var post = await Given.Post(author, $"#{tag} doi:{doi} {names}", audience, audience == Audience.Group ? groupId : null, media: media.Id);
                var reply = await Given.Post(author, audience == Audience.Direct ? $"More on it {names}" : "More on it", inReplyToId: post.Id);
                posts[audience] = new MatrixPost(post.Id, media.Id, reply.Id, tag, doi);
            }
            await SettleAsync();
            return posts;
        }
    }
}

public sealed record MatrixPost(long Id, long MediaId, long ReplyId, string Tag, string Doi);

public sealed record MatrixCase(long Id, long MediaId, long AnswerId);
