using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Email;

namespace Rounds.Web.Features.Accounts;

/// <summary>The account emails: confirmation and password reset, each carrying a single-use link.</summary>
public static class AccountEmails
{
    public static async Task SendConfirmationAsync(Member member, UserManager<Member> users, IEmailSender email, RoundsUrls urls, CancellationToken ct)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(member));
        var link = urls.Absolute($"account/confirm?member={member.Id}&code={code}");
        await email.SendAsync(new EmailMessage(member.Email!, "Confirm your email for Rounds",
            $"Hello {member.DisplayName},\n\nConfirm your email address to finish joining Rounds:\n\n{link}\n\nIf you did not sign up, ignore this message."), ct);
    }

    public static async Task SendPasswordResetAsync(Member member, UserManager<Member> users, IEmailSender email, RoundsUrls urls, CancellationToken ct)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(member));
        var link = urls.Absolute($"account/reset-password?email={Uri.EscapeDataString(member.Email!)}&code={code}");
        await email.SendAsync(new EmailMessage(member.Email!, "Reset your Rounds password",
            $"Hello {member.DisplayName},\n\nSomeone asked to reset the password of your Rounds account. To choose a new one, open:\n\n{link}\n\nThe link works once and expires soon. If it was not you, ignore this message."), ct);
    }

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }
}
