using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Quizzes;

namespace Rounds.Tests.Features.Quizzes;

/// <summary>An editor keeps to the series' audience and to blocks: being an editor opens nothing the member could not see anyway.</summary>
public class QuizEditorAccessTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private async Task AssertHiddenAsync(TestMember viewer, SeriesView series, ItemView item)
    {
        await (await app.As(viewer).GetAsync($"/api/v1/quizzes/series/{series.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(viewer).GetAsync($"/api/v1/quizzes/items/{item.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(viewer).GetAsync(item.Images[0].Url)).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(viewer).GetAsync($"/quizzes/items/{item.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    private async Task AssertVisibleAsync(TestMember viewer, SeriesView series, ItemView item)
    {
        await (await app.As(viewer).GetAsync($"/api/v1/quizzes/series/{series.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(viewer).GetAsync($"/api/v1/quizzes/items/{item.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(viewer).GetAsync(item.Images[0].Url)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_editor_the_owner_then_blocks_no_longer_sees_the_series_its_unreleased_item_or_the_image()
    {
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner, "public");
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        var draft = await app.Given.QuizItem(owner, series.Id);
        var scheduled = await app.Given.ApprovedQuizItem(owner, editor, series.Id);
        await AssertVisibleAsync(editor, series, draft);
        await AssertVisibleAsync(editor, series, scheduled);

        await (await app.As(owner).PostAsync($"/api/v1/members/{editor.Handle}/block", null)).AssertStatusAsync(HttpStatusCode.OK);

        await AssertHiddenAsync(editor, series, draft);
        await AssertHiddenAsync(editor, series, scheduled);
        // Nor can the blocked editor act on the series.
        await (await app.As(editor).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/items", Given.QuizItemRequest([])))
            .AssertStatusAsync(HttpStatusCode.NotFound);
        // The owner still has it all.
        await AssertVisibleAsync(owner, series, draft);
    }

    [Fact]
    public async Task An_editor_who_leaves_the_group_loses_the_groups_series_and_its_unreleased_items()
    {
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var groupId = await app.Given.Group(owner, editor);
        var series = await app.Given.QuizSeries(owner, "group", groupId);
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        var draft = await app.Given.QuizItem(owner, series.Id);
        await AssertVisibleAsync(editor, series, draft);

        // Leaving the group (there is no leave endpoint yet: the membership goes as it would).
        await app.WithDbAsync(db => db.GroupMemberships.Where(m => m.GroupId == groupId && m.MemberId == editor.Id).ExecuteDeleteAsync());

        await AssertHiddenAsync(editor, series, draft);
    }

    [Fact]
    public async Task Adding_an_educator_outside_the_group_as_editor_of_a_group_series_is_refused_with_a_clear_message()
    {
        var owner = await app.Given.VerifiedClinician();
        var outsider = await app.Given.VerifiedClinician();
        var groupId = await app.Given.Group(owner);
        var series = await app.Given.QuizSeries(owner, "group", groupId);

        var refused = await app.As(owner).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/editors", new { handle = outsider.Handle });
        await refused.AssertInvalidAsync("handle");
        var message = (await refused.JsonAsync()).GetProperty("errors").GetProperty("handle")[0].GetString();
        Assert.Contains("members of the group", message);
        Assert.False(await app.WithDbAsync(db => db.QuizEditors.AnyAsync(e => e.SeriesId == series.Id && e.MemberId == outsider.Id)));
    }

    [Fact]
    public async Task Adding_an_educator_who_blocked_the_owner_answers_exactly_as_an_unknown_handle()
    {
        var owner = await app.Given.VerifiedClinician();
        var educator = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner);
        await (await app.As(educator).PostAsync($"/api/v1/members/{owner.Handle}/block", null)).AssertStatusAsync(HttpStatusCode.OK);

        var blocked = await app.As(owner).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/editors", new { handle = educator.Handle });
        var unknown = await app.As(owner).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/editors", new { handle = "nobody_by_this_name_42" });
        await blocked.AssertInvalidAsync("handle");
        await unknown.AssertInvalidAsync("handle");
        var blockedErrors = (await blocked.JsonAsync()).GetProperty("errors").GetRawText();
        var unknownErrors = (await unknown.JsonAsync()).GetProperty("errors").GetRawText();
        Assert.Equal(unknownErrors, blockedErrors);
        Assert.DoesNotContain("block", blockedErrors, StringComparison.OrdinalIgnoreCase);
        Assert.False(await app.WithDbAsync(db => db.QuizEditors.AnyAsync(e => e.SeriesId == series.Id && e.MemberId == educator.Id)));
    }
}
