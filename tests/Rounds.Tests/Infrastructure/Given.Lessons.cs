using System.Net.Http.Json;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>A lesson description that identifies nobody.</summary>
    public static object LessonRequest(string audience = "members", long? groupId = null, string title = "Reading a chest X-ray in five steps",
        string summary = "A systematic approach to the frontal chest film.", int minutes = 10) => new
    {
        title, summary, specialtyCode = "rheumatology", estimatedMinutes = minutes, audience, groupId,
    };

    public static object Slide(string text = "## Airway\nCheck the trachea is **central**.", long? imageId = null, string? altText = null) =>
        new { kind = "slide", text, imageId, altText };

    public static object Question(string text = "Where should the trachea lie?", string[]? options = null, int correctOption = 0,
        string explanation = "Midline: deviation suggests a mass or tension.") =>
        new { kind = "question", text, options = options ?? ["Midline", "Left of the spine", "Right of the spine"], correctOption, explanation };

    /// <summary>
    /// A lesson through the API: a slide, a question and a final slide unless steps are given; published unless asked not to.
    /// </summary>
    public async Task<LessonView> Lesson(TestMember author, Audience audience = Audience.Members, long? groupId = null, bool publish = true,
        long? imageId = null, params object[] steps)
    {
        using var client = app.As(author);
        var created = await client.PostAsJsonAsync("/api/v1/lessons", LessonRequest(audience.ToString().ToLowerInvariant(), groupId));
        if (created.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the lesson failed with {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        var lesson = (await created.Content.ReadFromJsonAsync<LessonView>())!;
        if (steps.Length == 0)
            steps = [Slide(imageId: imageId, altText: imageId is null ? null : "Frontal chest film"), Question(), Slide("## Summary\nAirway, breathing, circulation.")];
        foreach (var step in steps)
        {
            var added = await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/steps", step);
            if (added.StatusCode != System.Net.HttpStatusCode.Created)
                throw new InvalidOperationException($"Adding a step failed with {(int)added.StatusCode}: {await added.Content.ReadAsStringAsync()}");
        }
        if (publish)
        {
            var published = await client.PostAsync($"/api/v1/lessons/{lesson.Id}/publish", null);
            if (!published.IsSuccessStatusCode)
                throw new InvalidOperationException($"Publishing failed with {(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        }
        return (await client.GetFromJsonAsync<LessonView>($"/api/v1/lessons/{lesson.Id}"))!;
    }
}
