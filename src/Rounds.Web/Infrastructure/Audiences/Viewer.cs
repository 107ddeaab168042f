using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Infrastructure.Audiences;

public sealed record Viewer(long? Id, ViewerKind Kind)
{
    public static readonly Viewer Anonymous = new(null, ViewerKind.Anonymous);

    public static Viewer For(Member member, bool isAdmin, bool isModerator, DateTime now) => new(member.Id,
        isAdmin ? ViewerKind.Admin
        : isModerator ? ViewerKind.Moderator
        : member.Profession == Profession.PatientAdvocate ? ViewerKind.Patient
        : member.IsClinician ? (member.IsVerified(now) ? ViewerKind.VerifiedClinician : ViewerKind.UnverifiedClinician)
        : ViewerKind.Member);

    public bool IsSignedIn => Id is not null;
}
