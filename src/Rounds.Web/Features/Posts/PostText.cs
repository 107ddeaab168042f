using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Rounds.Web.Features.Posts;

/// <summary>What a post's text contains (hashtags, mentions, links, papers) and how it is shown as HTML.</summary>
public static partial class PostText
{
    [GeneratedRegex(@"(?<![\p{L}\p{N}_/#&])#(?<tag>[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")]
    private static partial Regex HashtagRegex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_@/.])@(?<handle>[A-Za-z0-9_]{1,30})(?![A-Za-z0-9_@])")]
    private static partial Regex MentionRegex();

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlRegex();

    [GeneratedRegex(@"(?<![\w.])(?:doi:\s*)?(?<doi>10\.\d{4,9}/[^\s""<>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DoiRegex();

    [GeneratedRegex(@"\bPMID:?\s*(?<pmid>\d{1,9})\b|pubmed\.ncbi\.nlm\.nih\.gov/(?<pmid>\d{1,9})", RegexOptions.IgnoreCase)]
    private static partial Regex PmidRegex();

    [GeneratedRegex(@"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?<doi>10\.\d{4,9}/\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WholeDoiRegex();

    [GeneratedRegex(@"^(?:pmid:?\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)?(?<pmid>[1-9]\d{0,8})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex WholePmidRegex();

    /// <summary>The DOI when the whole field is one (bare, "doi:…" or a doi.org address), as typed; otherwise null.</summary>
    public static string? DoiOf(string? field) => field is null ? null : WholeDoiRegex().Match(field.Trim()) is { Success: true } m ? m.Groups["doi"].Value : null;

    /// <summary>The PMID when the whole field is one (digits, "PMID: …" or a PubMed address); otherwise null.</summary>
    public static string? PmidOf(string? field) => field is null ? null : WholePmidRegex().Match(field.Trim()) is { Success: true } m ? m.Groups["pmid"].Value : null;

    /// <summary>Newlines as the browser and the API may send them, normalized so lengths agree everywhere.</summary>
    public static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Trim();

    /// <summary>Length as a person counts it: one per user-perceived character (an emoji is one).</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    public static string NormalizeTag(string tag) => tag.TrimStart('#').ToLowerInvariant();

    public static IReadOnlyList<string> Hashtags(string text) =>
        HashtagRegex().Matches(text).Select(m => NormalizeTag(m.Groups["tag"].Value)).Where(t => t.Length <= 100).Distinct().ToList();

    public static IReadOnlyList<string> Mentions(string text) =>
        MentionRegex().Matches(text).Select(m => m.Groups["handle"].Value.ToLowerInvariant()).Distinct().ToList();

    /// <summary>Papers cited, as "doi:10.xxxx/…" (lower case) and "pmid:…".</summary>
    public static IReadOnlyList<string> Papers(string text)
    {
        var keys = new List<string>();
        foreach (Match m in DoiRegex().Matches(text)) keys.Add("doi:" + TrimTrailing(m.Groups["doi"].Value).ToLowerInvariant());
        foreach (Match m in PmidRegex().Matches(text)) keys.Add("pmid:" + long.Parse(m.Groups["pmid"].Value, CultureInfo.InvariantCulture));
        return keys.Where(k => k.Length <= 200).Distinct().ToList();
    }

    /// <summary>A paper key from what a person types: a DOI (with or without "doi:" or doi.org) or a PMID.</summary>
    public static string? PaperKey(string? doi, string? pmid)
    {
        if (!string.IsNullOrWhiteSpace(pmid) && long.TryParse(pmid.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0)
            return $"pmid:{p}";
        if (string.IsNullOrWhiteSpace(doi)) return null;
        var m = DoiRegex().Match(doi.Trim());
        return m.Success ? "doi:" + TrimTrailing(m.Groups["doi"].Value).ToLowerInvariant() : null;
    }

    /// <summary>Where a paper lives outside Rounds.</summary>
    public static string PaperLink(string key) => key.StartsWith("pmid:", StringComparison.Ordinal)
        ? $"https://pubmed.ncbi.nlm.nih.gov/{key[5..]}/"
        : $"https://doi.org/{key[4..]}";

    public static string PaperLabel(string key) => key.StartsWith("pmid:", StringComparison.Ordinal) ? $"PMID {key[5..]}" : $"doi:{key[4..]}";

    /// <summary>The Rounds page of a paper.</summary>
    public static string PaperPage(string key) => key.StartsWith("pmid:", StringComparison.Ordinal) ? $"/papers/pmid/{key[5..]}" : $"/papers/doi/{key[4..]}";

    private static string TrimTrailing(string s) => s.TrimEnd('.', ',', ';', ':', ')', ']', '!', '?', '\'', '"');

    private enum Kind { Url, Tag, Mention, Doi, Pmid }

    /// <summary>
    /// The text as safe HTML: everything encoded, then hashtags, known mentions, links and papers made into links.
    /// <paramref name="mentioned"/> holds the handles (lower case) that resolved to members.
    /// </summary>
    public static string ToHtml(string text, IReadOnlySet<string> mentioned)
    {
        var spans = new List<(int Start, int Length, Kind Kind, string Value)>();
        foreach (Match m in UrlRegex().Matches(text))
        {
            var url = TrimTrailing(m.Value);
            spans.Add((m.Index, url.Length, Kind.Url, url));
        }
        foreach (Match m in DoiRegex().Matches(text)) spans.Add((m.Index, TrimTrailing(m.Value).Length, Kind.Doi, TrimTrailing(m.Groups["doi"].Value)));
        foreach (Match m in PmidRegex().Matches(text)) spans.Add((m.Index, m.Length, Kind.Pmid, m.Groups["pmid"].Value));
        foreach (Match m in HashtagRegex().Matches(text)) spans.Add((m.Index, m.Length, Kind.Tag, m.Groups["tag"].Value));
        foreach (Match m in MentionRegex().Matches(text))
            if (mentioned.Contains(m.Groups["handle"].Value.ToLowerInvariant())) spans.Add((m.Index, m.Length, Kind.Mention, m.Groups["handle"].Value.ToLowerInvariant()));

        var html = new StringBuilder(text.Length + 64);
        var at = 0;
        foreach (var s in spans.OrderBy(s => s.Start).ThenByDescending(s => s.Length))
        {
            if (s.Start < at) continue; // inside an earlier span (a hashtag in a URL, a DOI in a doi.org link)
            html.Append(WebUtility.HtmlEncode(text[at..s.Start]));
            var shown = WebUtility.HtmlEncode(text.Substring(s.Start, s.Length));
            var href = s.Kind switch
            {
                Kind.Url => s.Value,
                Kind.Tag => $"/tags/{Uri.EscapeDataString(NormalizeTag(s.Value))}",
                Kind.Mention => $"/members/{s.Value}",
                Kind.Doi => PaperPage("doi:" + s.Value.ToLowerInvariant()),
                _ => PaperPage("pmid:" + long.Parse(s.Value, CultureInfo.InvariantCulture)),
            };
            var attrs = s.Kind == Kind.Url ? " rel=\"nofollow noopener ugc\" target=\"_blank\"" : s.Kind == Kind.Tag ? " class=\"hashtag\"" : s.Kind == Kind.Mention ? " class=\"mention\"" : " class=\"paper\"";
            html.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append('"').Append(attrs).Append('>').Append(shown).Append("</a>");
            at = s.Start + s.Length;
        }
        html.Append(WebUtility.HtmlEncode(text[at..]));
        return html.ToString().Replace("\n", "<br>");
    }
}
