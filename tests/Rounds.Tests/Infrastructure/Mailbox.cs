using System.Text.RegularExpressions;

namespace Rounds.Tests.Infrastructure;

/// <summary>Reads what the app wrote to its email pickup folder.</summary>
public sealed partial class Mailbox(string directory)
{
    public IReadOnlyList<string> To(string address) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.eml").OrderBy(f => f).Select(File.ReadAllText)
                .Where(t => t.Contains($"To: {address}\r\n", StringComparison.OrdinalIgnoreCase)).ToList()
            : [];

    public string Last(string address) => To(address).LastOrDefault() ?? throw new InvalidOperationException($"No email to {address}.");

    /// <summary>The first link in the last email to this address, as a path and query.</summary>
    public string LinkIn(string address)
    {
        var match = LinkPattern().Match(Last(address));
        if (!match.Success) throw new InvalidOperationException("No link in the email.");
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
