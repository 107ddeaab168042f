using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Email;

namespace Rounds.Web.Features.Accounts;

public static partial class SignUp
{
    public sealed record Request(
        [Required, EmailAddress, MaxLength(254)] string? Email,
        [Required] string? Password,
        [Required, MaxLength(80)] string? DisplayName,
        [Required] string? Handle,
        [Required] Profession? Profession,
        bool AcceptGuidelines);

    public sealed record Response(long Id, string Handle, string Email, bool EmailConfirmed);

    [GeneratedRegex("^[a-z0-9_]{3,30}$")]
    public static partial Regex HandlePattern();

    public static async Task<Outcome<Member>> RunAsync(Request r, UserManager<Member> users, IEmailSender email, RoundsUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        var handle = r.Handle?.Trim().TrimStart('@').ToLowerInvariant();
        if (handle is not null && !HandlePattern().IsMatch(handle))
            errors.Add("handle", "A handle has 3 to 30 letters, digits or underscores.");
        if (!r.AcceptGuidelines)
            errors.Add("acceptGuidelines", "You must accept the community guidelines to join.");
        if (r.DisplayName is not null && string.IsNullOrWhiteSpace(r.DisplayName))
            errors.Add("displayName", "Enter the name others will see.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        if (await users.FindByEmailAsync(r.Email!) is not null)
            return Outcome.Invalid("email", "An account with this email already exists.");
        if (await users.FindByNameAsync(handle!) is not null)
            return Outcome.Invalid("handle", "This handle is taken.");

        var now = clock.GetUtcNow().UtcDateTime;
        var member = new Member
        {
            Email = r.Email!.Trim(),
            Handle = handle!,
            DisplayName = r.DisplayName!.Trim(),
            Profession = r.Profession!.Value,
            ShowsDisclaimer = r.Profession!.Value.IsClinician(),
            CreatedAt = now,
            GuidelinesAcceptedAt = now,
        };
        var result = await users.CreateAsync(member, r.Password!);
        if (!result.Succeeded) return Outcome.Invalid(IdentityErrors(result));

        await AccountEmails.SendConfirmationAsync(member, users, email, urls, ct);
        return member;
    }

    public static async Task<Results<Created<Response>, ValidationProblem>> HandleAsync(
        Request request, UserManager<Member> users, IEmailSender email, RoundsUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(request, users, email, urls, clock, ct);
        if (!outcome.IsOk) return TypedResults.ValidationProblem(outcome.Errors!);
        var m = outcome.Value!;
        return TypedResults.Created($"/api/v1/profiles/{m.Handle}", new Response(m.Id, m.Handle, m.Email!, m.EmailConfirmed));
    }

    /// <summary>Maps Identity's error codes onto the form's fields.</summary>
    public static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code switch
            {
                var c when c.StartsWith("Password", StringComparison.Ordinal) => "password",
                var c when c.Contains("Email", StringComparison.Ordinal) => "email",
                var c when c.Contains("UserName", StringComparison.Ordinal) => "handle",
                _ => "",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description.Replace("Username", "Handle").Replace("User name", "Handle")).ToArray());
}
