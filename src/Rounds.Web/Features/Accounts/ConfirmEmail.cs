using Microsoft.AspNetCore.Identity;
using Rounds.Web.Data;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Accounts;

public static class ConfirmEmail
{
    /// <summary>Confirms the address, then verifies a clinician whose address is on an allow-listed institution domain.</summary>
    public static async Task<Outcome<Member>> RunAsync(long memberId, string? code, UserManager<Member> users, RoundsDb db,
        VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        var member = await users.FindByIdAsync(memberId.ToString());
        var token = AccountEmails.Decode(code);
        if (member is null || token is null) return Outcome.Invalid("code", "This confirmation link is not valid.");
        if (member.EmailConfirmed) return member;

        var result = await users.ConfirmEmailAsync(member, token);
        if (!result.Succeeded) return Outcome.Invalid("code", "This confirmation link is not valid or has expired. Sign in to get a new one.");

        await Verifier.VerifyByDomainAsync(db, member, options, clock, ct);
        return member;
    }
}
