using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Privacy;

/// <summary>Scans text as the author types, so the compose box can highlight findings before anything is sent. Writes nothing.</summary>
public static class ScanText
{
    public const int MaxLength = 20_000;

    public sealed record Request(string? Text);

    public sealed record Response(IReadOnlyList<GuardFinding> Findings);

    public static Results<Ok<Response>, ProblemHttpResult> Handle(Request request)
    {
        if (request.Text?.Length > MaxLength) return Problems.From<Response>(Outcome.Invalid("text", $"Scan at most {MaxLength} characters at a time."));
        return TypedResults.Ok(new Response(PrivacyGuard.Scan("text", request.Text).Findings));
    }
}
