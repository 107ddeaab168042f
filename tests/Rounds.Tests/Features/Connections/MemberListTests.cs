using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Features.Timelines;

namespace Rounds.Tests.Features.Connections;

public class MemberListTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task<MemberListView> CreateAsync(TestMember owner, string title = "Rheumatologists") =>
        await (await app.As(owner).PostAsJsonAsync("/api/v1/lists", new { title })).ReadAsync<MemberListView>(HttpStatusCode.Created);

    [Fact]
    public async Task A_list_gathers_members_whose_posts_form_its_timeline()
    {
        var owner = await app.Given.Member();
        var rheum = await app.Given.VerifiedClinician();
        var other = await app.Given.VerifiedClinician();
        var list = await CreateAsync(owner, "  Rheumatologists  ");
        Assert.Equal("Rheumatologists", list.Title);

        var added = await (await app.As(owner).PostAsync($"/api/v1/lists/{list.Id}/members/{rheum.Handle}", null)).ReadAsync<MemberListView>();
        Assert.Equal(1, added.Members);
        var members = await app.As(owner).GetFromJsonAsync<List<MemberSummary>>($"/api/v1/lists/{list.Id}/members");
        Assert.Equal([rheum.Handle], members!.Select(m => m.Handle));

        var inList = await app.PostAsync(rheum, "Gout flares and the holidays");
        var notInList = await app.PostAsync(other, "Unrelated");
        var timeline = await app.As(owner).GetFromJsonAsync<TimelinePage>($"/api/v1/timelines/lists/{list.Id}");
        Assert.Contains(timeline!.Items, p => p.Id == inList.Id);
        Assert.DoesNotContain(timeline.Items, p => p.Id == notInList.Id);

        var renamed = await (await app.As(owner).PutAsJsonAsync($"/api/v1/lists/{list.Id}", new { title = "Rheum" })).ReadAsync<MemberListView>();
        Assert.Equal("Rheum", renamed.Title);
        var mine = await app.As(owner).GetFromJsonAsync<List<MemberListView>>("/api/v1/lists");
        Assert.Equal([("Rheum", 1)], mine!.Select(l => (l.Title, l.Members)));

        var removed = await (await app.As(owner).DeleteAsync($"/api/v1/lists/{list.Id}/members/{rheum.Handle}")).ReadAsync<MemberListView>();
        Assert.Equal(0, removed.Members);
        await (await app.As(owner).DeleteAsync($"/api/v1/lists/{list.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.Empty(await app.As(owner).GetFromJsonAsync<List<MemberListView>>("/api/v1/lists") ?? []);
    }

    [Fact]
    public async Task A_list_needs_a_title_of_at_most_100_characters()
    {
        var owner = await app.Given.Member();
        await (await app.As(owner).PostAsJsonAsync("/api/v1/lists", new { title = "  " })).AssertInvalidAsync("title");
        await (await app.As(owner).PostAsJsonAsync("/api/v1/lists", new { title = new string('x', 101) })).AssertInvalidAsync("title");
        var list = await CreateAsync(owner);
        await (await app.As(owner).PutAsJsonAsync($"/api/v1/lists/{list.Id}", new { title = "" })).AssertInvalidAsync("title");
    }

    [Fact]
    public async Task A_member_has_at_most_50_lists()
    {
        var owner = await app.Given.Member();
        for (var i = 0; i < MemberLists.MaxPerMember; i++) await CreateAsync(owner, $"List {i}");
        var response = await app.As(owner).PostAsJsonAsync("/api/v1/lists", new { title = "One too many" });
        await response.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal(MemberLists.MaxPerMember, (await app.As(owner).GetFromJsonAsync<List<MemberListView>>("/api/v1/lists"))!.Count);
    }

    [Fact]
    public async Task Someone_elses_list_is_not_found()
    {
        var owner = await app.Given.Member();
        var stranger = await app.Given.Member();
        var list = await CreateAsync(owner);
        var client = app.As(stranger);

        await (await client.GetAsync($"/api/v1/lists/{list.Id}/members")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/api/v1/lists/{list.Id}", new { title = "Mine now" })).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/api/v1/lists/{list.Id}/members/{stranger.Handle}", null)).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/v1/lists/{list.Id}/members/{owner.Handle}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/v1/lists/{list.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/timelines/lists/{list.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Empty(await client.GetFromJsonAsync<List<MemberListView>>("/api/v1/lists") ?? []);
        Assert.Equal("Rheumatologists", (await app.As(owner).GetFromJsonAsync<List<MemberListView>>("/api/v1/lists"))!.Single().Title);
    }

    [Fact]
    public async Task Adding_a_member_twice_is_a_conflict_and_an_unknown_handle_is_refused()
    {
        var owner = await app.Given.Member();
        var member = await app.Given.Member();
        var list = await CreateAsync(owner);
        await (await app.As(owner).PostAsync($"/api/v1/lists/{list.Id}/members/@{member.Handle}", null)).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(owner).PostAsync($"/api/v1/lists/{list.Id}/members/{member.Handle}", null)).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await app.As(owner).PostAsync($"/api/v1/lists/{list.Id}/members/no_such_member_9", null)).AssertInvalidAsync("handle");
    }

    [Fact]
    public async Task Blocking_takes_the_member_off_the_blockers_lists()
    {
        var owner = await app.Given.Member();
        var member = await app.Given.Member();
        var list = await CreateAsync(owner);
        await app.As(owner).PostAsync($"/api/v1/lists/{list.Id}/members/{member.Handle}", null);
        await app.As(owner).PostAsync($"/api/v1/members/{member.Handle}/block", null);
        Assert.Empty(await app.As(owner).GetFromJsonAsync<List<MemberSummary>>($"/api/v1/lists/{list.Id}/members") ?? []);
    }
}
