using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Profiles;

public sealed record ProfileView(
    long Id, string Handle, string DisplayName, string Profession, string ProfessionLabel,
    string? SpecialtyCode, string? Specialty, string? Institution, string? TrainingProgram, int? TrainingStartYear, int? TrainingEndYear,
    string? Bio, List<string> Links, string? ConflictOfInterest, bool ShowsDisclaimer, string? AvatarUrl,
    bool Verified, string? VerificationMethod, DateTime? VerifiedUntil, string ProfileAudience, int Vouches, DateTime JoinedAt);

public static class GetProfile
{
    public const string Disclaimer = "Views my own, not medical advice.";

    /// <summary>Loads a profile the viewer may see; a hidden or blocked profile is indistinguishable from a missing one.</summary>
    public static async Task<Member?> LoadVisibleAsync(string handle, CurrentUser me, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var member = await Connections.MemberHandles.FindAsync(db, handle, ct);
        if (member is null) return null;
        var viewer = await me.ViewerAsync(ct);
        return await audiences.CanSeeAsync(viewer, new AudienceTarget(member.ProfileAudience, member.Id), ct) ? member : null;
    }

    public static async Task<ProfileView> ViewAsync(Member m, RoundsDb db, SpecialtyTaxonomy specialties, DateTime now, CancellationToken ct)
    {
        var verified = m.IsVerified(now);
        var vouches = verified ? 0 : await db.Vouches.CountAsync(v => v.MemberId == m.Id, ct);
        return new ProfileView(m.Id, m.Handle, m.DisplayName, m.Profession.ToString(), m.Profession.Label(),
            m.SpecialtyCode, specialties.Find(m.SpecialtyCode)?.Label, m.Institution, m.TrainingProgram, m.TrainingStartYear, m.TrainingEndYear,
            m.Bio, m.Links, m.ConflictOfInterest, m.ShowsDisclaimer, MemberSummary.AvatarUrlOf(m),
            verified, verified ? m.VerificationMethod : null, verified ? m.VerifiedUntil : null,
            m.ProfileAudience.ToString().ToLowerInvariant(), vouches, m.CreatedAt);
    }

    public static async Task<Results<Ok<ProfileView>, NotFound>> HandleAsync(string handle, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var member = await LoadVisibleAsync(handle, me, db, audiences, ct);
        if (member is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ViewAsync(member, db, specialties, clock.GetUtcNow().UtcDateTime, ct));
    }

    public static async Task<Ok<ProfileView>> MineAsync(CurrentUser me, RoundsDb db, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync((await me.MemberAsync(ct))!, db, specialties, clock.GetUtcNow().UtcDateTime, ct));
}
