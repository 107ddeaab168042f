using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Rounds.Web.Infrastructure;

public enum OutcomeKind { Ok, Invalid, NotFound, Forbidden, Conflict, TooLarge }

/// <summary>
/// What an operation decided, shared by its API handler (mapped to ProblemDetails) and its page
/// (mapped to field errors), so both apply the same rules.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value = default, Dictionary<string, string[]>? Errors = null, string? Message = null)
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public ProblemHttpResult Problem() => Problems.From(this);

    public static implicit operator Outcome<T>(T value) => new(OutcomeKind.Ok, value);
    public static implicit operator Outcome<T>(Failure f) => new(f.Kind, default, f.Errors, f.Message);

    /// <summary>Errors for a form: field errors, or the message under the empty key.</summary>
    public Dictionary<string, string[]> FormErrors() =>
        Errors ?? new() { [""] = [Message ?? "Something went wrong."] };
}

public sealed record Failure(OutcomeKind Kind, Dictionary<string, string[]>? Errors, string? Message);

public static class Outcome
{
    public static Failure Invalid(string field, string message) => new(OutcomeKind.Invalid, new() { [field] = [message] }, null);
    public static Failure Invalid(Dictionary<string, string[]> errors) => new(OutcomeKind.Invalid, errors, null);
    public static Failure NotFound() => new(OutcomeKind.NotFound, null, "Not found.");
    public static Failure Forbidden(string message) => new(OutcomeKind.Forbidden, null, message);
    public static Failure Conflict(string message) => new(OutcomeKind.Conflict, null, message);
    public static Failure TooLarge(string field, string message) => new(OutcomeKind.TooLarge, new() { [field] = [message] }, message);
}

/// <summary>ProblemDetails for outcomes that are not validation problems.</summary>
public static class Problems
{
    public static ProblemDetails Conflict(string detail) => new() { Status = 409, Title = "Conflict", Detail = detail };
    public static ProblemDetails Forbidden(string detail) => new() { Status = 403, Title = "Forbidden", Detail = detail };
    public static ProblemDetails TooLarge(string detail) => new() { Status = 413, Title = "Payload too large", Detail = detail };

    public static ProblemDetails NotFound() => new() { Status = 404, Title = "Not found" };
    public static ProblemDetails Invalid(IDictionary<string, string[]> errors) =>
        new HttpValidationProblemDetails(errors) { Status = 400, Title = "One or more fields are invalid." };

    /// <summary>Maps a non-OK outcome to its ProblemDetails response (400/403/404/409/413).</summary>
    public static ProblemHttpResult From<T>(Outcome<T> o) => TypedResults.Problem(o.Kind switch
    {
        OutcomeKind.Invalid => Invalid(o.Errors!),
        OutcomeKind.NotFound => NotFound(),
        OutcomeKind.Forbidden => Forbidden(o.Message!),
        OutcomeKind.Conflict => Conflict(o.Message!),
        OutcomeKind.TooLarge => TooLarge(o.Message!),
        _ => throw new InvalidOperationException("An OK outcome is not a problem."),
    });
}
