namespace Rounds.Web.Infrastructure.Audiences;

/// <summary>Who may see a piece of content. Every piece has exactly one.</summary>
public enum Audience
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,
    /// <summary>Any signed-in account, patients included.</summary>
    Members,
    /// <summary>Verified clinicians and students (and moderators).</summary>
    Clinicians,
    /// <summary>Members of one group.</summary>
    Group,
    /// <summary>The author's followers.</summary>
    Followers,
    /// <summary>Named accounts only.</summary>
    Direct,
}

/// <summary>The kinds of viewer the audience rules distinguish.</summary>
public enum ViewerKind
{
    Anonymous,
    Member,
    Patient,
    UnverifiedClinician,
    VerifiedClinician,
    Moderator,
    Admin,
}

/// <summary>What the audience check needs to know about the content: its audience and to whom it belongs.</summary>
public sealed record AudienceTarget(Audience Audience, long OwnerId, long? GroupId = null, IReadOnlyCollection<long>? Recipients = null);
