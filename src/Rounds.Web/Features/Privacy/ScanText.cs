using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Privacy;

/// <summary>Scans text as the author types, so the compose box can highlight findings before anything is sent. Writes nothing.</summary>
public static class ScanText
{
    public const int MaxLength = 20_000;

    public sealed record Request([MaxLength(MaxLength)] string? Text);

    public sealed record Response(IReadOnlyList<GuardFinding> Findings);

    public static Results<Ok<Response>, ProblemHttpResult> Handle(Request request)
    {
        var errors = Validation.Check(request);
        if (errors.Count > 0) return Problems.From<Response>(Outcome.Invalid(errors));
        return TypedResults.Ok(new Response(PrivacyGuard.Scan("text", request.Text).Findings));
    }
}
