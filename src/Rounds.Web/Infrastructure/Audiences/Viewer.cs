using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Infrastructure.Audiences;

public sealed record Viewer(long? Id, ViewerKind Kind)
{
    public static readonly Viewer Anonymous = new(null, ViewerKind.Anonymous);

    public static Viewer For(Member member, bool isAdmin, bool isModerator, DateTime now) =>
        For(member.Id, member.Profession, member.VerifiedAt, member.VerifiedUntil, isAdmin, isModerator, now);

    /// <summary>The same rule from the few columns it needs (the token handler reads no more).</summary>
    public static Viewer For(long id, Profession profession, DateTime? verifiedAt, DateTime? verifiedUntil, bool isAdmin, bool isModerator, DateTime now) =>
        new(id,
            isAdmin ? ViewerKind.Admin
            : isModerator ? ViewerKind.Moderator
            : profession == Profession.PatientAdvocate ? ViewerKind.Patient
            : profession.IsClinician() ? (Member.IsVerifiedClinician(profession, verifiedAt, verifiedUntil, now)
                ? ViewerKind.VerifiedClinician : ViewerKind.UnverifiedClinician)
            : ViewerKind.Member);

    public bool IsSignedIn => Id is not null;
}
