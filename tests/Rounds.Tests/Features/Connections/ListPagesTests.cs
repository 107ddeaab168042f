using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;

namespace Rounds.Tests.Features.Connections;

/// <summary>The list pages, driven through their real forms.</summary>
public partial class ListPagesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private static async Task<long> CreateAsync(PageClient browser, string title)
    {
        var created = await browser.SubmitAsync("/lists", "create-list", new Dictionary<string, string> { ["Input.Title"] = title });
        var target = SignedInPages.RedirectTarget(created);
        var m = ListPattern().Match(target);
        Assert.True(m.Success, $"Unexpected redirect {target}");
        return long.Parse(m.Groups[1].Value);
    }

    [Fact]
    public async Task A_list_made_on_the_page_shows_its_members_posts()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.VerifiedClinician();
        using var browser = await app.SignedInBrowserAsync(me);

        var id = await CreateAsync(browser, "Cardiology people");
        var added = await browser.SubmitAsync($"/lists/{id}", "add-member", new Dictionary<string, string> { ["Add.Handle"] = $"@{ana.Handle}" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains($"Added @{ana.Handle}", await added.Content.ReadAsStringAsync());

        var post = await (await app.As(ana).PostAsJsonAsync("/api/v1/posts", new { text = "Troponin kinetics, a short thread" }))
            .ReadAsync<PostView>(HttpStatusCode.Created);
        await app.SettleAsync();

        var html = await browser.GetPageAsync($"/lists/{id}");
        Assert.Contains("<h1>Cardiology people</h1>", html);
        Assert.Contains($"data-member-id=\"{ana.Id}\"", html);
        Assert.Contains($"data-post-id=\"{post.Id}\"", html);
        Assert.Contains("Troponin kinetics, a short thread", html);
        Assert.Contains($"data-live-stream=\"list:{id}\"", html);

        var lists = await browser.GetPageAsync("/lists");
        Assert.Contains($"href=\"/lists/{id}\"", lists);
        Assert.Contains("1 member", lists);
    }

    [Fact]
    public async Task Members_are_removed_lists_renamed_and_deleted_from_the_pages()
    {
        var me = await app.Given.Member();
        var ana = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);
        var id = await CreateAsync(browser, "Journal club");
        await browser.SubmitAsync($"/lists/{id}", "add-member", new Dictionary<string, string> { ["Add.Handle"] = ana.Handle });

        var removed = await browser.SubmitAsync($"/lists/{id}", $"remove-{ana.Id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain($"data-member-id=\"{ana.Id}\"", await removed.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.MemberListEntries.AnyAsync(e => e.ListId == id)));

        var renamed = await browser.SubmitAsync($"/lists/{id}", "rename", new Dictionary<string, string> { ["Rename.Title"] = "Journal club 2027" });
        Assert.Contains("<h1>Journal club 2027</h1>", await renamed.Content.ReadAsStringAsync());

        var blank = await browser.SubmitAsync($"/lists/{id}", "rename", new Dictionary<string, string> { ["Rename.Title"] = " " });
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("id=\"title-error\"", await blank.Content.ReadAsStringAsync());
        Assert.Equal("Journal club 2027", await app.WithDbAsync(db => db.MemberLists.Where(l => l.Id == id).Select(l => l.Title).SingleAsync()));

        var deleted = await browser.SubmitAsync("/lists", $"delete-{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain($"href=\"/lists/{id}\"", await deleted.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.MemberLists.AnyAsync(l => l.Id == id)));
    }

    [Fact]
    public async Task Bad_input_shows_a_message_and_writes_nothing()
    {
        var me = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);

        var untitled = await browser.SubmitAsync("/lists", "create-list", new Dictionary<string, string> { ["Input.Title"] = "" });
        Assert.Equal(HttpStatusCode.OK, untitled.StatusCode);
        Assert.Contains("id=\"title-error\"", await untitled.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.MemberLists.AnyAsync(l => l.OwnerId == me.Id)));

        var id = await CreateAsync(browser, "Residents");
        var nobody = await browser.SubmitAsync($"/lists/{id}", "add-member", new Dictionary<string, string> { ["Add.Handle"] = "no_such_member_here" });
        Assert.Equal(HttpStatusCode.OK, nobody.StatusCode);
        Assert.Contains("id=\"handle-error\"", await nobody.Content.ReadAsStringAsync());
        var empty = await browser.SubmitAsync($"/lists/{id}", "add-member", new Dictionary<string, string> { ["Add.Handle"] = "" });
        Assert.Contains("id=\"handle-error\"", await empty.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.MemberListEntries.AnyAsync(e => e.ListId == id)));
    }

    [Fact]
    public async Task Someone_elses_list_is_a_404()
    {
        var me = await app.Given.Member();
        var stranger = await app.Given.Member();
        using var browser = await app.SignedInBrowserAsync(me);
        var id = await CreateAsync(browser, "Private picks");

        using var outsider = await app.SignedInBrowserAsync(stranger);
        var response = await outsider.GetAsync($"/lists/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Private picks", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Private picks", await outsider.GetPageAsync("/lists"));
    }

    [GeneratedRegex(@"^/lists/(\d+)$")]
    private static partial Regex ListPattern();
}
