using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Quizzes;

namespace Rounds.Tests.Features.Quizzes;

/// <summary>The series list follows the same rule as the series page; item references are measured once escaped.</summary>
public class QuizEditorListAndReferenceTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_reference_link_longer_than_500_characters_once_escaped_is_refused_and_no_item_is_written()
    {
        var owner = await app.Given.VerifiedClinician();
        var series = await app.Given.QuizSeries(owner);
        var image = await app.Given.Image(owner, "Synthetic hand radiograph with erosions");
        var link = "https://guidelines.example.org/" + new string('é', 150); // 181 characters typed, over 900 escaped
        var request = new
        {
            stem = "Hand radiograph of a long-standing inflammatory arthritis. Which diagnosis fits the erosions shown?",
            options = new[] { "Gout", "Psoriatic arthritis", "Rheumatoid arthritis" }, correctOption = 1,
            explanation = "Pencil-in-cup deformities at the distal joints with fluffy periostitis point to psoriatic arthritis.",
            references = new[] { link }, images = new[] { new { id = image.Id } },
        };
        var response = await app.As(owner).PostAsJsonAsync($"/api/v1/quizzes/series/{series.Id}/items", request);
        await response.AssertInvalidAsync("references[0]");
        Assert.False(await app.WithDbAsync(db => db.QuizItems.AnyAsync(i => i.SeriesId == series.Id)));
    }

    [Fact]
    public async Task A_blocked_editor_and_one_who_left_the_group_no_longer_find_the_series_in_the_list()
    {
        var owner = await app.Given.VerifiedClinician();
        var blocked = await app.Given.VerifiedClinician();
        var leaver = await app.Given.VerifiedClinician();
        var groupId = await app.Given.Group(owner, leaver);
        var open = await app.Given.QuizSeries(owner, "members", title: "Dermatology image of the week");
        var grouped = await app.Given.QuizSeries(owner, "group", groupId, title: "Ward radiology quiz");
        await app.Given.AddQuizEditor(owner, open.Id, blocked);
        await app.Given.AddQuizEditor(owner, grouped.Id, leaver);
        Assert.Contains(open.Id, (await app.As(blocked).GetFromJsonAsync<List<SeriesSummary>>("/api/v1/quizzes/series"))!.Select(s => s.Id));
        Assert.Contains(grouped.Id, (await app.As(leaver).GetFromJsonAsync<List<SeriesSummary>>("/api/v1/quizzes/series"))!.Select(s => s.Id));

        await (await app.As(owner).PostAsync($"/api/v1/members/{blocked.Handle}/block", null)).AssertStatusAsync(HttpStatusCode.OK);
        await app.WithDbAsync(db => db.GroupMemberships.Where(m => m.GroupId == groupId && m.MemberId == leaver.Id).ExecuteDeleteAsync());

        Assert.DoesNotContain(open.Id, (await app.As(blocked).GetFromJsonAsync<List<SeriesSummary>>("/api/v1/quizzes/series"))!.Select(s => s.Id));
        Assert.DoesNotContain(grouped.Id, (await app.As(leaver).GetFromJsonAsync<List<SeriesSummary>>("/api/v1/quizzes/series"))!.Select(s => s.Id));
        Assert.DoesNotContain("Ward radiology quiz", await app.As(leaver).GetStringAsync("/quizzes"));
    }
}
