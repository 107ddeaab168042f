namespace Rounds.Web.Infrastructure;

public static class RoundsPaths
{
    /// <summary>Rounds:DataDirectory, default "data" beside the app's content root.</summary>
    public static string DataDirectory(IConfiguration config, string contentRoot)
    {
        var dir = config["Rounds:DataDirectory"];
        if (string.IsNullOrWhiteSpace(dir)) dir = Path.Combine(contentRoot, "data");
        return Path.GetFullPath(dir, contentRoot);
    }
}
