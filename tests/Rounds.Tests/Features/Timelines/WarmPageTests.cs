using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Data;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Timelines;

/// <summary>
/// Home and hashtag pages served from memory must be exactly what the database path answers — for every kind of viewer, on every page,
/// and on the very next request after any write, including bulk statements and writes the app never saw (another node, another process).
/// </summary>
public class WarmPageTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private WarmTimelines Warm => app.Services.GetRequiredService<WarmTimelines>();

    private sealed record World(TestMember Author, TestMember Other, TestMember Muted, TestMember Viewer, TestMember Patient, long Group,
        long Public, long Clinicians, long Followers, long Pictured, long OthersPost);

    private async Task<World> WorldAsync(string tag)
    {
        var author = await app.Given.VerifiedClinician();
        var other = await app.Given.Member();
        var muted = await app.Given.Member();
        var viewer = await app.Given.VerifiedClinician();
        var patient = await app.Given.Patient();
        foreach (var f in new[] { viewer, patient })
            foreach (var followee in new[] { author, other, muted }) await app.Given.Follow(f, followee);
        var group = await app.Given.Group(author, viewer);

        var pub = await app.Given.Post(author, $"Morning report: hyponatraemia #{tag}");
        var clin = await app.Given.Post(author, $"Dosing pearls for clinicians #{tag}", Audience.Clinicians);
        var fol = await app.Given.Post(author, $"For my followers #{tag}", Audience.Followers);
        await app.Given.Post(author, $"Group journal club #{tag}", Audience.Group, group);
        await app.Given.Post(author, $"@{viewer.Handle} have a look at this #{tag}", Audience.Direct);
        var image = await app.Given.Image(author);
        var pictured = await app.Given.Post(author, $"Classic film #{tag}", media: image.Id);
        var gone = await app.Given.Post(author, $"Posted in error #{tag}");
        await (await app.As(author).DeleteAsync($"/api/v1/posts/{gone.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        var others = await app.Given.Post(other, $"A case of Addison's #{tag}");
        await (await app.As(other).PostAsync($"/api/v1/posts/{pub.Id}/repost", null)).AssertSuccessAsync();
        await app.Given.Post(muted, $"Loud opinions #{tag}");
        await (await app.As(viewer).PostAsync($"/api/v1/posts/{pub.Id}/like", null)).AssertSuccessAsync();
        await (await app.As(viewer).PostAsync($"/api/v1/posts/{clin.Id}/bookmark", null)).AssertSuccessAsync();
        await (await app.As(viewer).PostAsync($"/api/v1/posts/{others.Id}/repost", null)).AssertSuccessAsync();
        await app.SettleAsync();
        return new World(author, other, muted, viewer, patient, group, pub.Id, clin.Id, fol.Id, pictured.Id, others.Id);
    }

    /// <summary>The page as the database path gives it, serialized as the API serializes it.</summary>
    private async Task<string> ColdAsync(TestMember? viewer, TimelineSource source, PageRequest page)
    {
        var json = "";
        await app.WithServicesAsync(async sp =>
        {
            var audiences = sp.GetRequiredService<Audiences>();
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var v = viewer is null ? Viewer.Anonymous : await audiences.ViewerOfAsync(viewer.Id, now);
            var result = await Timeline.ReadAsync(sp.GetRequiredService<RoundsDb>(), audiences, v, source, page, now, default);
            json = JsonSerializer.Serialize(result, sp.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        });
        return json;
    }

    private static string Query(PageRequest page) =>
        "?" + string.Join("&", new[] { ("max_id", page.MaxId), ("since_id", page.SinceId), ("min_id", page.MinId), ("limit", (long?)page.Limit) }
            .Where(x => x.Item2 is not null).Select(x => $"{x.Item1}={x.Item2}"));

    /// <summary>Asserts the API's page (served from memory) equals the database path's, and returns it.</summary>
    private async Task<TimelinePage> SameAsync(TestMember? viewer, string path, TimelineSource source, PageRequest page, bool fromMemory = true)
    {
        var (served, _) = Warm.Counts;
        using var client = viewer is null ? app.Anonymous() : app.As(viewer);
        var response = await client.GetAsync(path + Query(page));
        await response.AssertSuccessAsync();
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var warm = await response.Content.ReadAsStringAsync();
        if (fromMemory) Assert.Equal(served + 1, Warm.Counts.Served);
        Assert.Equal(await ColdAsync(viewer, source, page), warm);
        return JsonSerializer.Deserialize<TimelinePage>(warm, JsonSerializerOptions.Web)!;
    }

    private async Task AllSameAsync(World w, string tag)
    {
        foreach (var viewer in new[] { w.Viewer, w.Patient, w.Author, w.Other })
        {
            await SameAsync(viewer, "/api/v1/timelines/home", ReadTimelines.Home(viewer.Id), new PageRequest());
            await SameAsync(viewer, $"/api/v1/timelines/tags/{tag}", ReadTimelines.Tag(tag), new PageRequest());
        }
        await SameAsync(null, $"/api/v1/timelines/tags/{tag}", ReadTimelines.Tag(tag), new PageRequest());
    }

    [Fact]
    public async Task Pages_from_memory_are_the_database_paths_pages_for_every_viewer_and_cursor()
    {
        var w = await WorldAsync("wardround");
        await AllSameAsync(w, "wardround");
        await AllSameAsync(w, "WardRound"); // warm now, and a tag as typed

        // Paging back three at a time, then newer than the second page, for a clinician and a patient.
        foreach (var viewer in new[] { w.Viewer, w.Patient })
        {
            var page = new PageRequest(Limit: 3);
            var pages = 0;
            while (true)
            {
                var result = await SameAsync(viewer, "/api/v1/timelines/home", ReadTimelines.Home(viewer.Id), page);
                pages++;
                if (result.NextMaxId is null) break;
                if (pages == 2) await SameAsync(viewer, "/api/v1/timelines/home", ReadTimelines.Home(viewer.Id), new PageRequest(SinceId: result.NextMaxId, Limit: 3));
                page = new PageRequest(MaxId: result.NextMaxId, Limit: 3);
            }
            Assert.True(pages >= 3);
        }
        // Ascending pages (min_id alone) take the database path and agree with it.
        var (_, passed) = Warm.Counts;
        await SameAsync(w.Viewer, "/api/v1/timelines/home", ReadTimelines.Home(w.Viewer.Id), new PageRequest(MinId: w.Public, Limit: 2), fromMemory: false);
        Assert.Equal(passed + 1, Warm.Counts.Passed);

        // The memory answer carries what a viewer's own marks are.
        var home = await SameAsync(w.Viewer, "/api/v1/timelines/home", ReadTimelines.Home(w.Viewer.Id), new PageRequest());
        Assert.True(home.Items.Single(p => p.Id == w.Public).Liked);
        Assert.True(home.Items.Single(p => p.Id == w.Clinicians).Bookmarked);
        Assert.DoesNotContain(await SameAsync(w.Patient, "/api/v1/timelines/home", ReadTimelines.Home(w.Patient.Id), new PageRequest()) is var p ? p.Items : [],
            x => x.Id == w.Clinicians);
    }

    [Fact]
    public async Task Every_write_is_seen_on_the_next_page_from_memory()
    {
        const string tag = "handover";
        var w = await WorldAsync(tag);
        await AllSameAsync(w, tag);
        var steps = new (string What, Func<Task> Write)[]
        {
            ("an edit", async () => await (await app.As(w.Author).PutAsJsonAsync($"/api/v1/posts/{w.Public}", new { text = $"Morning report, corrected #{tag}" }))
                .AssertSuccessAsync()),
            ("a like", async () => await (await app.As(w.Viewer).PostAsync($"/api/v1/posts/{w.Pictured}/like", null)).AssertSuccessAsync()),
            ("an unlike", async () => await (await app.As(w.Viewer).DeleteAsync($"/api/v1/posts/{w.Public}/like")).AssertSuccessAsync()),
            ("an image's alt text", async () => await app.WithDbAsync(db => db.PostMedia.Where(m => m.PostId == w.Pictured)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.AltText, "Lateral chest film")))),
            ("a mute", async () => await (await app.As(w.Viewer).PostAsync($"/api/v1/members/{w.Muted.Handle}/mute", null)).AssertSuccessAsync()),
            ("a display name, in bulk", async () => await app.WithDbAsync(db => db.Users.Where(u => u.Id == w.Other.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Dr Renamed")))),
            ("leaving a group, in bulk", async () => await app.WithDbAsync(db => db.GroupMemberships.Where(m => m.MemberId == w.Viewer.Id).ExecuteDeleteAsync())),
            ("an unfollow", async () => await (await app.As(w.Patient).DeleteAsync($"/api/v1/members/{w.Author.Handle}/follow")).AssertSuccessAsync()),
            ("a block", async () => await (await app.As(w.Author).PostAsync($"/api/v1/members/{w.Viewer.Handle}/block", null)).AssertSuccessAsync()),
            ("a deleted original", async () => await (await app.As(w.Other).DeleteAsync($"/api/v1/posts/{w.OthersPost}")).AssertStatusAsync(HttpStatusCode.NoContent)),
            ("a new post, delivered", async () => { await app.Given.Post(w.Other, $"Fresh from clinic #{tag}"); await app.SettleAsync(); }),
            ("a narrower audience", async () => await app.WithDbAsync(db => db.Posts.Where(p => p.Id == w.Pictured)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Audience, Audience.Clinicians)))),
        };
        foreach (var (what, write) in steps)
        {
            await write();
            try { await AllSameAsync(w, tag); }
            catch (Exception e) { throw new Exception($"After {what}: {e.Message}", e); }
        }
    }

    [Fact]
    public async Task Home_rows_of_removed_posts_are_skipped_and_do_not_end_the_timeline()
    {
        var author = await app.Given.Member();
        var reposter = await app.Given.Member();
        var reader = await app.Given.Member();
        await app.Given.Follow(reader, reposter);
        var notes = new List<long>();
        for (var i = 0; i < 3; i++) notes.Add((await app.Given.Post(reposter, $"Teaching note {i}")).Id);
        var originals = new List<long>();
        for (var i = 0; i < 12; i++) originals.Add((await app.Given.Post(author, $"Worth passing on {i}")).Id);
        foreach (var id in originals) await (await app.As(reposter).PostAsync($"/api/v1/posts/{id}/repost", null)).AssertStatusAsync(HttpStatusCode.Created);
        var error = await app.Given.Post(reposter, "Posted in error");
        await app.SettleAsync();
        var home = ReadTimelines.Home(reader.Id);
        Assert.Equal(16, (await SameAsync(reader, "/api/v1/timelines/home", home, new PageRequest(Limit: 40))).Items.Count); // now warm

        foreach (var id in originals) await (await app.As(reposter).DeleteAsync($"/api/v1/posts/{id}/repost")).AssertSuccessAsync();
        await (await app.As(reposter).DeleteAsync($"/api/v1/posts/{error.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        // The rows stay until trimmed (no post index to find them by): the twelve newest point at posts that no longer exist.
        Assert.Equal(16, await app.WithDbAsync(db => db.FeedEntries.CountAsync(f => f.MemberId == reader.Id)));

        // Two at a time: a slice of ids that were all removed must not read as the end of the timeline, from memory or the database.
        var seen = new List<long>();
        var page = new PageRequest(Limit: 2);
        while (true)
        {
            var result = await SameAsync(reader, "/api/v1/timelines/home", home, page);
            seen.AddRange(result.Items.Select(p => p.Id));
            if (result.NextMaxId is null) break;
            page = new PageRequest(MaxId: result.NextMaxId, Limit: 2);
        }
        Assert.Equal(notes.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task A_write_the_app_never_saw_reaches_pages_from_memory_within_the_poll()
    {
        var w = await WorldAsync("sepsis");
        await AllSameAsync(w, "sepsis");
        // Another node or process: its own connection, past this app's interceptors.
        var connectionString = await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using (var connection = app.IsPostgres ? (System.Data.Common.DbConnection)new Npgsql.NpgsqlConnection(connectionString)
                         : new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""UPDATE "Posts" SET "DeletedAt" = '2026-01-01 00:00:00' WHERE "Id" = {w.Followers}""";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var client = app.As(w.Viewer);
            var page = await client.GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home");
            if (page!.Items.All(p => p.Id != w.Followers)) break;
            Assert.True(DateTime.UtcNow < deadline, "The deleted post was still on the page from memory after 10 s.");
            await Task.Delay(50);
        }
        await AllSameAsync(w, "sepsis");
    }
}
