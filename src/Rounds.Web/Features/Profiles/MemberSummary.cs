using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Features.Profiles;

/// <summary>How a member is shown wherever their name appears: name, handle, profession and the verified badge.</summary>
public sealed record MemberSummary(long Id, string Handle, string DisplayName, string Profession, bool Verified, string? AvatarUrl)
{
    public static MemberSummary From(Member m, DateTime now) =>
        new(m.Id, m.Handle, m.DisplayName, m.Profession.Label(), m.IsVerified(now), AvatarUrlOf(m));

    /// <summary>The version parameter changes with each upload (the stored key is random) so caches never serve an old photo.</summary>
    public static string? AvatarUrlOf(Member m) => m.AvatarKey is null ? null : $"/media/avatars/{m.Handle}?v={Path.GetFileNameWithoutExtension(m.AvatarKey)[..8]}";
}
