using System.Text.RegularExpressions;

namespace Rounds.Privacy;

/// <summary>Source-generated patterns for the identifiers that have a shape. Each starts at a digit or a rare prefix.</summary>
internal static partial class Patterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>
    /// Digit-led identifiers, tried only where the tokens say one could start; the first alternative that fits wins,
    /// so the most specific come first.
    /// </summary>
    [GeneratedRegex("""
        \G(?<![\w/.:+-])(?:
          (?<iso>(?:19|20)\d\d(?<s1>[-/.])(?:0?[1-9]|1[0-2])\k<s1>(?:0?[1-9]|[12]\d|3[01]))(?![\w/]|[.-]\d)
        | (?<ssn>\d{3}(?<s2>[- ])\d\d\k<s2>\d{4})(?![\w/]|[.-]\d)
        | (?<phone>(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?:\ ?(?i:x|ext\.?)\ ?\d{1,5})?)(?![\w/]|[.-]\d)
        | (?<date3>\d{1,2}(?<s3>[/.-])\d{1,2}\k<s3>(?:\d{4}|\d\d))(?![\w/]|[.-]\d)
        | (?<dmon>\d{1,2}(?:-|\ )?(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-zA-Z])(?:(?:-|,?\ )(?:19|20)?\d\d(?![\d/]))?)
        | (?<my>(?:0?[1-9]|1[0-2])[/-](?:19|20)\d\d)(?![\w/]|[.-]\d)
        | (?<age>(?:9\d|1[01]\d)(?i:\ ?-?\ ?(?:years?|yrs?|y)\ ?-?\ ?(?:old|o\b|/o)|\ ?(?:yo|y/o|y\.o\.?)(?![a-zA-Z])|\ (?:years?|yrs?)\ of\ age))
        | (?<phone7>[2-9]\d\d-\d{4})(?![\w/]|[.-]\d)
        | (?<dm>\d{1,2}/\d{1,2})(?![\w/%]|[.-]\d)
        )
        """, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnorePatternWhitespace)]
    public static partial Regex Numeric();

    [GeneratedRegex("""(?:https?://|www\.)[^\s<>"'()\[\]{}|\\^`]+""", Options)]
    public static partial Regex Url();

    /// <summary>Bare domains with a path or a common personal top-level domain: "instagram.com/jane.doe".</summary>
    [GeneratedRegex("""\G(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|edu|io|me|co|us|info|ly|gl|be|app|health|page|site|link)\b(?:/[^\s<>"'()\[\]{}]*)?""", Options)]
    public static partial Regex BareDomain();

    [GeneratedRegex("""\G(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)""", Options)]
    public static partial Regex IPv4();

    [GeneratedRegex("""(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])""", Options)]
    public static partial Regex IPv6();
}
