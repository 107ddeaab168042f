using System.Globalization;

namespace Rounds.Web.Infrastructure;

/// <summary>The start of a text for a list or a preview, cut at a user-perceived character and on one line.</summary>
public static class Excerpt
{
    public static string Of(string text, int max = 140)
    {
        var oneLine = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        var info = new StringInfo(oneLine);
        return info.LengthInTextElements <= max ? oneLine : info.SubstringByTextElements(0, max - 1).TrimEnd() + "…";
    }
}
