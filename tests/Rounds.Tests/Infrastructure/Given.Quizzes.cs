using System.Net;
using System.Net.Http.Json;
using Rounds.Web.Features.Quizzes;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>A series through the API (members, Mondays 09:00 UTC, open 7 days unless told).</summary>
    public async Task<SeriesView> QuizSeries(TestMember owner, string audience = "members", long? groupId = null, string releaseDay = "Monday",
        string releaseTime = "09:00", string timeZone = "UTC", int openDays = 7, string title = "Rheumatology Image of the Week")
    {
        using var client = app.As(owner);
        var response = await client.PostAsJsonAsync("/api/v1/quizzes/series", new
        {
            title, description = "One image a week with a question; the explanation opens once you answer.", specialtyCode = "rheumatology",
            hashtag = "RheumIOW", audience, groupId, releaseDay, releaseTime, timeZone, openDays,
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the series failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SeriesView>())!;
    }

    public async Task AddQuizEditor(TestMember owner, long seriesId, TestMember editor)
    {
        using var client = app.As(owner);
        var response = await client.PostAsJsonAsync($"/api/v1/quizzes/series/{seriesId}/editors", new { handle = editor.Handle });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Adding the editor failed: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A valid item request naming the given images (three options, B correct).</summary>
    public static object QuizItemRequest(long[] images, DateTime? releaseAt = null, string[]? options = null, int? correctOption = 1) => new
    {
        stem = "Hand radiograph of a long-standing inflammatory arthritis. Which diagnosis fits the erosions shown?",
        options = options ?? ["Gout", "Psoriatic arthritis", "Rheumatoid arthritis"],
        correctOption,
        explanation = "Pencil-in-cup deformities at the distal joints with fluffy periostitis point to psoriatic arthritis.",
        references = new[] { "10.1136/annrheumdis-2020-218456", "PMID: 31234567", "https://www.eular.org/recommendations" },
        images = images.Select(id => new { id }).ToArray(),
        releaseAt,
    };

    /// <summary>A draft item by the author, with one fresh image.</summary>
    public async Task<ItemView> QuizItem(TestMember author, long seriesId, DateTime? releaseAt = null)
    {
        var image = await Image(author, "Synthetic hand radiograph with erosions");
        using var client = app.As(author);
        var response = await client.PostAsJsonAsync($"/api/v1/quizzes/series/{seriesId}/items", QuizItemRequest([image.Id], releaseAt));
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the item failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ItemView>())!;
    }

    /// <summary>Submitted by the author and approved by the reviewer; released at the next slot or the time asked for.</summary>
    public async Task<ItemView> ApprovedQuizItem(TestMember author, TestMember reviewer, long seriesId, DateTime? releaseAt = null)
    {
        var item = await QuizItem(author, seriesId, releaseAt);
        (await app.As(author).PostAsync($"/api/v1/quizzes/items/{item.Id}/submit", null)).EnsureSuccessStatusCode();
        var approved = await app.As(reviewer).PostAsync($"/api/v1/quizzes/items/{item.Id}/approve", null);
        if (!approved.IsSuccessStatusCode) throw new InvalidOperationException($"Approving failed: {await approved.Content.ReadAsStringAsync()}");
        return (await approved.Content.ReadFromJsonAsync<ItemView>())!;
    }

    /// <summary>An item released a minute from now; the clock is moved past the release and the release job has run.</summary>
    public async Task<ItemView> ReleasedQuizItem(TestMember author, TestMember reviewer, long seriesId)
    {
        var item = await ApprovedQuizItem(author, reviewer, seriesId, app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SettleAsync();
        return item;
    }
}
