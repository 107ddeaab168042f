using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rounds.Web.Features.Privacy;

namespace Rounds.Web.Infrastructure;

public enum OutcomeKind { Ok, Invalid, NotFound, Forbidden, Conflict, TooLarge, Privacy, TooSoon }

/// <summary>
/// What an operation decided, shared by its API handler (mapped to ProblemDetails) and its page
/// (mapped to field errors), so both apply the same rules.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value = default, Dictionary<string, string[]>? Errors = null, string? Message = null,
    GuardReport? Guard = null)
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public ProblemHttpResult Problem() => Problems.From(this);

    public static implicit operator Outcome<T>(T value) => new(OutcomeKind.Ok, value);
    public static implicit operator Outcome<T>(Failure f) => new(f.Kind, default, f.Errors, f.Message, f.Guard);

    /// <summary>Errors for a form: field errors, or the message under the empty key.</summary>
    public Dictionary<string, string[]> FormErrors() =>
        Errors ?? new() { [""] = [Message ?? "Something went wrong."] };

    /// <summary>For a form: the guard's findings when the guard refused, otherwise the errors.</summary>
    public (Dictionary<string, string[]>? Errors, GuardReport? Guard) ForForm() => Guard is null ? (FormErrors(), null) : (null, Guard);
}

public sealed record Failure(OutcomeKind Kind, Dictionary<string, string[]>? Errors, string? Message, GuardReport? Guard = null);

public static class Outcome
{
    public static Failure Invalid(string field, string message) => new(OutcomeKind.Invalid, new() { [field] = [message] }, null);
    public static Failure Invalid(Dictionary<string, string[]> errors) => new(OutcomeKind.Invalid, errors, null);
    public static Failure NotFound() => new(OutcomeKind.NotFound, null, "Not found.");
    public static Failure Forbidden(string message) => new(OutcomeKind.Forbidden, null, message);
    public static Failure Conflict(string message) => new(OutcomeKind.Conflict, null, message);
    public static Failure TooLarge(string field, string message) => new(OutcomeKind.TooLarge, new() { [field] = [message] }, message);
    /// <summary>429: allowed, but not yet (a room's slow mode).</summary>
    public static Failure TooSoon(string message) => new(OutcomeKind.TooSoon, null, message);
    public static Failure Privacy(GuardReport report) => new(OutcomeKind.Privacy, null, report.Message, report);
}

/// <summary>ProblemDetails for outcomes that are not validation problems.</summary>
public static class Problems
{
    public static ProblemDetails Conflict(string detail) => new() { Status = 409, Title = "Conflict", Detail = detail };
    public static ProblemDetails Forbidden(string detail) => new() { Status = 403, Title = "Forbidden", Detail = detail };
    public static ProblemDetails TooLarge(string detail) => new() { Status = 413, Title = "Payload too large", Detail = detail };

    public static ProblemDetails TooSoon(string detail) => new() { Status = 429, Title = "Too many requests", Detail = detail };

    public static ProblemDetails NotFound() => new() { Status = 404, Title = "Not found" };
    public static ProblemDetails Invalid(IDictionary<string, string[]> errors) =>
        new HttpValidationProblemDetails(errors) { Status = 400, Title = "One or more fields are invalid." };

    /// <summary>422 with each finding (field, start, length, type, text) as an extension, so a client can highlight and redact.</summary>
    public static ProblemDetails Privacy(GuardReport report) => new()
    {
        Status = 422, Title = "Possible patient identifiers", Detail = report.Message, Type = "https://rounds.invalid/problems/privacy",
        Extensions = { ["findings"] = report.Findings, ["blocking"] = report.Blocking },
    };

    /// <summary>Maps a non-OK outcome to its ProblemDetails response (400/403/404/409/413/422).</summary>
    public static ProblemHttpResult From<T>(Outcome<T> o) => TypedResults.Problem(o.Kind switch
    {
        OutcomeKind.Invalid => Invalid(o.Errors!),
        OutcomeKind.NotFound => NotFound(),
        OutcomeKind.Forbidden => Forbidden(o.Message!),
        OutcomeKind.Conflict => Conflict(o.Message!),
        OutcomeKind.TooLarge => TooLarge(o.Message!),
        OutcomeKind.Privacy => Privacy(o.Guard!),
        OutcomeKind.TooSoon => TooSoon(o.Message!),
        _ => throw new InvalidOperationException("An OK outcome is not a problem."),
    });
}
