using System.Net;
using System.Net.Http.Json;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Polls;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>A standalone poll through the API (with the post that introduces it), closing in a week unless told.</summary>
    public async Task<PollView> Poll(TestMember author, string[]? options = null, Audience audience = Audience.Public, long? groupId = null,
        TimeSpan? closesIn = null, bool multiple = false, int? maxChoices = null, bool resultsAfterClose = false,
        string question = "Which first-line agent do you use for an acute gout flare?", string? text = null)
    {
        using var client = app.As(author);
        var response = await client.PostAsJsonAsync("/api/v1/polls", PollRequest(options, audience, groupId,
            app.Clock.GetUtcNow().UtcDateTime + (closesIn ?? TimeSpan.FromDays(7)), multiple, maxChoices, resultsAfterClose, question, text));
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the poll failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PollView>())!;
    }

    public static object PollRequest(string[]? options = null, Audience audience = Audience.Public, long? groupId = null, DateTime? closesAt = null,
        bool multiple = false, int? maxChoices = null, bool resultsAfterClose = false, string question = "Which first-line agent do you use for an acute gout flare?",
        string? text = null) => new
    {
        question, options = options ?? ["Colchicine", "An NSAID", "A glucocorticoid"], multiple, maxChoices, closesAt,
        audience = audience.ToString().ToLowerInvariant(), groupId, resultsAfterClose, text,
    };

    /// <summary>Members of one profession (and specialty) who each vote for the given option.</summary>
    public async Task<List<TestMember>> Voters(PollView poll, int count, int option = 0, Profession profession = Profession.Physician, string? specialty = null,
        bool verified = true)
    {
        var voters = new List<TestMember>();
        for (var i = 0; i < count; i++)
        {
            var m = await Member(profession, verified: verified && profession.IsClinician(), with: x => x.SpecialtyCode = specialty);
            using var client = app.As(m);
            var response = await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[option].Id } });
            if (response.StatusCode != HttpStatusCode.NoContent)
                throw new InvalidOperationException($"Voting failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            voters.Add(m);
        }
        return voters;
    }
}
