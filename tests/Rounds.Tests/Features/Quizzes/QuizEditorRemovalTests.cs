using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Quizzes;

namespace Rounds.Tests.Features.Quizzes;

public class QuizEditorRemovalTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task The_owner_removes_an_editor_who_then_no_longer_sees_unreleased_items_and_the_owner_stays()
    {
        var owner = await app.Given.VerifiedClinician();
        var editor = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner);
        await app.Given.AddQuizEditor(owner, series.Id, editor);
        var draft = await app.Given.QuizItem(owner, series.Id);
        (await app.As(editor).GetAsync($"/api/v1/quizzes/items/{draft.Id}")).EnsureSuccessStatusCode();

        // Only the owner removes, and never themselves.
        await (await app.As(editor).DeleteAsync($"/api/v1/quizzes/series/{series.Id}/editors/{owner.Handle}")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(owner).DeleteAsync($"/api/v1/quizzes/series/{series.Id}/editors/{owner.Handle}")).AssertStatusAsync(HttpStatusCode.Conflict);
        await (await app.As(owner).DeleteAsync($"/api/v1/quizzes/series/{series.Id}/editors/nobody_here")).AssertStatusAsync(HttpStatusCode.NotFound);

        var removed = await app.As(owner).DeleteAsync($"/api/v1/quizzes/series/{series.Id}/editors/{editor.Handle}");
        removed.EnsureSuccessStatusCode();
        var editors = (await removed.Content.ReadFromJsonAsync<AddQuizEditor.Response>())!.Editors;
        Assert.Equal([owner.Handle], editors.Select(e => e.Handle));
        await (await app.As(editor).GetAsync($"/api/v1/quizzes/items/{draft.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        var view = await app.As(editor).GetFromJsonAsync<SeriesView>($"/api/v1/quizzes/series/{series.Id}");
        Assert.False(view!.IsEditor);
    }
}
