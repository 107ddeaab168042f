using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Web.Features.Events;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>
    /// A recurring chat through POST /api/v1/events/chats: weekly on the weekday of <paramref name="firstStartLocal"/> (default: 21:00 New York
    /// time three days from the test clock's now), an hour long.
    /// </summary>
    public async Task<EventView> Chat(TestMember owner, string? rule = null, string? firstStartLocal = null, string timeZone = "America/New_York",
        string audience = "members", long? groupId = null, string? hostHandle = null, string hashtag = "MedEd", int durationMinutes = 60)
    {
        var first = firstStartLocal ?? NextLocal(timeZone, 3, 21);
        using var client = app.As(owner);
        var response = await client.PostAsJsonAsync("/api/v1/events/chats", new
        {
            title = "Medical education chat", hashtag, rule = rule ?? $"FREQ=WEEKLY;BYDAY={DateTime.Parse(first).DayOfWeek.ToString()[..2].ToUpperInvariant()}",
            firstStart = first, timeZone, durationMinutes, audience, groupId, hostHandle,
            description = "Our weekly chat on teaching and learning in medicine.",
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the chat failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<EventView>())!;
    }

    /// <summary>Local wall-clock time "yyyy-MM-ddTHH:mm" in the zone, <paramref name="days"/> days from the test clock's now at the hour.</summary>
    public string NextLocal(string timeZone, int days, int hour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone).Date.AddDays(days).AddHours(hour);
        return local.ToString("yyyy-MM-dd'T'HH:mm");
    }

    /// <summary>Moves the test clock forward to the instant when it is earlier (never back).</summary>
    public void ClockAtLeast(DateTimeOffset instant)
    {
        var now = app.Clock.GetUtcNow();
        if (instant > now) app.Clock.Advance(instant - now);
    }

    /// <summary>Runs a job's handler now, as the worker would.</summary>
    public Task Run<TJob, THandler>(TJob job) where TJob : IJob where THandler : IJobHandler<TJob> =>
        app.WithServicesAsync(sp => sp.GetRequiredService<THandler>().RunAsync(job, default));
}
