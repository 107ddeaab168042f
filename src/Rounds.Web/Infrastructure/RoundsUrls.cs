namespace Rounds.Web.Infrastructure;

/// <summary>Absolute links for emails: Rounds:PublicUrl when set, else the current request's origin.</summary>
public sealed class RoundsUrls(IHttpContextAccessor http, IConfiguration config)
{
    public string Absolute(string pathAndQuery)
    {
        var root = config["Rounds:PublicUrl"];
        if (string.IsNullOrWhiteSpace(root) && http.HttpContext?.Request is { } r) root = $"{r.Scheme}://{r.Host}{r.PathBase}";
        return (root ?? "http://localhost:5000").TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');
    }
}
