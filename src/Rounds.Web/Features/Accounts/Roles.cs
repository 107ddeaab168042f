namespace Rounds.Web.Features.Accounts;

public static class Roles
{
    public const string Admin = "admin";
    public const string Moderator = "moderator";
    /// <summary>Authorization policy names.</summary>
    public const string Moderates = "moderates";
    public const string Administers = "administers";
}
