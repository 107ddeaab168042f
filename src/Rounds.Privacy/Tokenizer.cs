using System.Buffers;
using System.Globalization;

namespace Rounds.Privacy;

internal enum TokenKind : byte { Word, Number, Alnum, Punct }

/// <summary>A run of letters, digits or both, or one punctuation character; whitespace is only remembered as flags.</summary>
internal struct Token
{
    public int Start;
    public int Length;
    public TokenKind Kind;
    public bool SpaceBefore;
    public bool LineBefore;
    public readonly int End => Start + Length;
}

internal static class Tokenizer
{
    /// <summary>Splits the text into tokens in one pass; the array comes from the shared pool and must be returned.</summary>
    public static Token[] Tokenize(string text, out int count)
    {
        var tokens = ArrayPool<Token>.Shared.Rent(Math.Max(16, text.Length / 3 + 8));
        var n = 0;
        var i = 0;
        var space = false;
        var line = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c <= ' ' || char.IsWhiteSpace(c))
            {
                space = true;
                if (c == '\n' || c == '\r') line = true;
                i++;
                continue;
            }
            var start = i;
            TokenKind kind;
            if (char.IsAsciiDigit(c) || char.IsLetter(c))
            {
                var hasDigit = false;
                var hasLetter = false;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (char.IsAsciiDigit(d)) { hasDigit = true; i++; }
                    else if (char.IsLetter(d)) { hasLetter = true; i++; }
                    else if (d > 0x2FF && i > start && CharUnicodeInfo.GetUnicodeCategory(d) == UnicodeCategory.NonSpacingMark) i++;
                    else if ((d == '\'' || d == '\u2019') && hasLetter && !hasDigit && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                    {
                        // "O'Brien" and "don't" stay whole; a possessive 's stays outside the word.
                        var next = text[i + 1];
                        if ((next == 's' || next == 'S') && (i + 2 >= text.Length || !char.IsLetter(text[i + 2]))) break;
                        i++;
                    }
                    else break;
                }
                kind = hasDigit ? (hasLetter ? TokenKind.Alnum : TokenKind.Number) : TokenKind.Word;
            }
            else
            {
                i++;
                kind = TokenKind.Punct;
            }
            if (n == tokens.Length)
            {
                var bigger = ArrayPool<Token>.Shared.Rent(tokens.Length * 2);
                Array.Copy(tokens, bigger, n);
                ArrayPool<Token>.Shared.Return(tokens);
                tokens = bigger;
            }
            tokens[n++] = new Token { Start = start, Length = i - start, Kind = kind, SpaceBefore = space, LineBefore = line };
            space = false;
            line = false;
        }
        count = n;
        return tokens;
    }
}
