namespace Rounds.Web.Infrastructure;

/// <summary>The one check for addresses taken from a request (return URLs, notification links): this site only, no open redirect.</summary>
public static class LocalUrls
{
    /// <summary>A path on this site: starts with one "/", not "//" or "/\" (which browsers treat as another host).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
