using System.Buffers;
using System.Text.RegularExpressions;

namespace Rounds.Privacy;

/// <summary>A finding before overlaps are settled; the higher rank wins an overlap, then confidence, then length.</summary>
internal readonly record struct Candidate(int Start, int End, IdentifierType Type, double Confidence, int Rank);

/// <summary>One scan of one text: the shaped identifiers by pattern, then one walk over the tokens for the rest.</summary>
internal sealed partial class Scanner
{
    private const int RankBare = 1, RankGuess = 2, RankContext = 3, RankStrong = 4, RankExact = 5;

    private readonly string _text;
    private readonly Token[] _tok;
    private readonly int _n;
    [ThreadStatic] private static List<Candidate>? t_found;
    [ThreadStatic] private static List<Candidate>? t_exact;
    private readonly List<Candidate> _found;
    private readonly List<Candidate> _exact;   // pattern matches, sorted, that the token rules must not look inside

    private Scanner(string text, Token[] tokens, int count)
    {
        _text = text;
        _tok = tokens;
        _n = count;
        // Reused per thread: a scan of a post should allocate little more than its result.
        _found = t_found ??= new List<Candidate>(64);
        _exact = t_exact ??= new List<Candidate>(32);
        _found.Clear();
        _exact.Clear();
    }

    /// <summary>The phases one at a time, for the benchmark's profile: 1 shaped, 2 token walk, 3 names spread, 4 settle.</summary>
    internal static void ScanPhases(string text, int upTo)
    {
        var tokens = Tokenizer.Tokenize(text, out var count);
        var scanner = new Scanner(text, tokens, count);
        if (upTo >= 1) scanner.FindShaped();
        if (upTo == 5) { scanner.BuildCovered(); scanner.ClassifyWords(); }
        if (upTo is >= 2 and <= 4) scanner.WalkTokens();
        if (upTo is >= 3 and <= 4) scanner.SpreadNames();
        if (upTo == 4) scanner.Settle();
        scanner.ReturnClasses();
        ArrayPool<Token>.Shared.Return(tokens);
    }

    public static List<Finding> Scan(string text)
    {
        var tokens = Tokenizer.Tokenize(text, out var count);
        try
        {
            var scanner = new Scanner(text, tokens, count);
            scanner.FindShaped();
            scanner.WalkTokens();
            scanner.SpreadNames();
            scanner.ReturnClasses();
            return scanner.Settle();
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(tokens);
            // Do not keep a huge document's candidates alive on the thread.
            if (t_found is { Capacity: > 4096 }) t_found = null;
            if (t_exact is { Capacity: > 4096 }) t_exact = null;
        }
    }

    // ---------------------------------------------------------------- shaped identifiers

    private void FindShaped()
    {
        var text = _text;
        if (text.Contains('@')) FindEmails();
        if (text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase))
            foreach (var m in Patterns.Url().EnumerateMatches(text)) AddUrl(m.Index, m.Length);
        FindBareDomains();
        for (var i = 0; i + 6 < _n; i++)
        {
            // Four numbers joined by dots: only then is an IPv4 address worth a look.
            if (_tok[i].Kind != TokenKind.Number || _tok[i + 1].Kind != TokenKind.Punct || _text[_tok[i + 1].Start] != '.' || _tok[i + 2].Kind != TokenKind.Number
                || _tok[i + 4].Kind != TokenKind.Number || _tok[i + 6].Kind != TokenKind.Number || _tok[i + 2].SpaceBefore || _tok[i + 4].SpaceBefore) continue;
            var m = Patterns.IPv4().Match(text, _tok[i].Start);
            if (!m.Success) continue;
            var at = m.Index;
            i += 6;
            if (at > 0 && char.ToLowerInvariant(text[at - 1]) == 'v') continue;
            if (PrecedingWordIs(at, "version")) continue;
            AddExact(at, at + m.Length, IdentifierType.IpAddress, 0.95);
        }
        if (text.Contains("::", StringComparison.Ordinal) || text.Contains(':') && CountOf(text, ':') >= 7)
            foreach (var m in Patterns.IPv6().EnumerateMatches(text))
                if (m.Length >= 6) AddExact(m.Index, m.Index + m.Length, IdentifierType.IpAddress, 0.9);

        var numeric = Patterns.Numeric();
        for (var i = 0; i < _n; i++)
        {
            if (!MayStartNumeric(i)) continue;
            var match = numeric.Match(text, _tok[i].Start);
            if (!match.Success) continue;
            ClassifyNumeric(match);
            var end = match.Index + match.Length;
            while (i + 1 < _n && _tok[i + 1].Start < end) i++;
        }
        _exact.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>A cheap look at the tokens: most numbers ("40 mg", "HR 88") cannot start a date, phone or age.</summary>
    private bool MayStartNumeric(int i)
    {
        ref readonly var t = ref _tok[i];
        if (t.Kind == TokenKind.Punct)
            return _text[t.Start] == '(' && i + 1 < _n && _tok[i + 1].Kind == TokenKind.Number && !_tok[i + 1].SpaceBefore;
        if (t.Kind == TokenKind.Word || !char.IsAsciiDigit(_text[t.Start])) return false;
        if (t.Start > 0 && !t.SpaceBefore && _text[t.Start - 1] is '/' or '.' or ':' or '+' or '-' or '_' || t.Start > 0 && char.IsLetterOrDigit(_text[t.Start - 1])) return false;
        if (i + 1 >= _n || t.Kind == TokenKind.Alnum) return false;
        ref readonly var next = ref _tok[i + 1];
        var len = t.Length;
        if (!next.SpaceBefore)
        {
            if (next.Kind == TokenKind.Word)
                return len <= 2 && WordClasses.TryGet(_text.AsSpan(next.Start, next.Length), out var c) && (c & WordClass.Months) != 0 || len is 2 or 3 && Num(_text.AsSpan(t.Start, len)) is >= 90 and < 120;
            if (next.Kind != TokenKind.Punct) return false;
            var sep = _text[next.Start];
            // Does the same separator come back after the next number ("03/14/2024", "555-123-4567", "2024.03.14")?
            var again = i + 3 < _n && _tok[i + 3].Kind == TokenKind.Punct && _text[_tok[i + 3].Start] == sep && !_tok[i + 3].SpaceBefore && !_tok[i + 2].SpaceBefore;
            var after = i + 2 < _n && !_tok[i + 2].SpaceBefore ? _tok[i + 2] : default;
            switch (sep)
            {
                case '.':
                    return again;
                case '/':
                    if (len == 3) return false;
                    if (len == 4 || again) return again;
                    if (after.Length == 4 && after.Kind == TokenKind.Number) return true;              // "12/2019"
                    if (len <= 2 && after.Kind == TokenKind.Number && after.Length <= 2)
                    {
                        // "3/14" or a fraction ("4/5"): decided here without the pattern.
                        var end = after.Start + after.Length;
                        var tail = end < _text.Length ? _text[end] : ' ';
                        var digitAfter = end + 1 < _text.Length && char.IsAsciiDigit(_text[end + 1]);
                        if (!(char.IsLetterOrDigit(tail) || tail is '/' or '%' or '_' || tail is '.' or '-' && digitAfter))
                            ClassifyDayMonth(t.Start, end);
                    }
                    return false;
                case '-':
                    if (len == 3) return after.Kind == TokenKind.Number || after.Kind == TokenKind.Word && Num(_text.AsSpan(t.Start, len)) < 120;   // SSN, phone, "103-year-old"
                    if (len == 4) return again;
                    if (len > 2) return false;
                    return after.Kind == TokenKind.Word && after.Length >= 3 || after.Kind == TokenKind.Number && (again || after.Length == 4)
                        || len is 2 && Num(_text.AsSpan(t.Start, len)) >= 90;
                default:
                    return false;
            }
        }
        if (next.LineBefore) return false;
        if (next.Kind == TokenKind.Number) return len == 3 && next.Length is 2 or 3 || len == 1 && _text[t.Start] == '1' && next.Length == 3;
        if (next.Kind == TokenKind.Word)
        {
            var first = _text[next.Start];
            if (first is 'y' or 'Y') return len is 2 or 3 && Num(_text.AsSpan(t.Start, len)) is >= 90 and < 120;
            if (len <= 2 && next.Length >= 3 && Lexicon.Months.Contains(_text.AsSpan(next.Start, next.Length))) return true;
        }
        return false;
    }

    private static int CountOf(string text, char c)
    {
        var count = 0;
        foreach (var ch in text) if (ch == c) count++;
        return count;
    }

    private static readonly WordSet TopLevelDomains = new(["com", "org", "net", "edu", "io", "me", "co", "us", "info", "ly", "gl", "be", "app", "health", "page", "site", "link"]);

    /// <summary>"instagram.com/jane.doe" without a scheme: looked for only where a known top-level domain follows a dot.</summary>
    private void FindBareDomains()
    {
        var lastEnd = -1;
        for (var i = 2; i < _n; i++)
        {
            ref readonly var t = ref _tok[i];
            if (t.Kind != TokenKind.Word || t.SpaceBefore || t.Length > 6 || _tok[i - 1].Kind != TokenKind.Punct || _text[_tok[i - 1].Start] != '.' || _tok[i - 1].SpaceBefore) continue;
            if (!TopLevelDomains.Contains(_text.AsSpan(t.Start, t.Length)) || t.Start < lastEnd) continue;
            var start = _tok[i - 1].Start;
            while (start > 0 && (char.IsAsciiLetterOrDigit(_text[start - 1]) || _text[start - 1] is '.' or '-')) start--;
            if (start > 0 && (_text[start - 1] == '@' || _text[start - 1] == '/')) continue;
            var m = Patterns.BareDomain().Match(_text, start);
            if (!m.Success) continue;
            lastEnd = m.Index + m.Length;
            AddUrl(m.Index, m.Length);
        }
    }

    private void FindEmails()
    {
        var text = _text;
        var at = text.IndexOf('@');
        while (at >= 0)
        {
            var left = at;
            while (left > 0 && IsLocalChar(text[left - 1])) left--;
            var right = at + 1;
            var lastDot = -1;
            while (right < text.Length && (char.IsAsciiLetterOrDigit(text[right]) || text[right] == '-' || text[right] == '.'))
            {
                if (text[right] == '.') lastDot = right;
                right++;
            }
            while (right > at + 1 && (text[right - 1] == '.' || text[right - 1] == '-')) right--;
            if (lastDot >= right) lastDot = text.LastIndexOf('.', right - 1, right - at - 1);
            if (left < at && lastDot > at + 1 && right - lastDot > 2 && AllLetters(text.AsSpan(lastDot + 1, right - lastDot - 1)))
                AddExact(left, right, IdentifierType.Email, 0.99);
            at = text.IndexOf('@', Math.Max(right, at + 1));
        }
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool AllLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiLetter(c)) return false;
        return true;
    }

    private void AddUrl(int start, int length)
    {
        var end = start + length;
        while (end > start && ".,;:!?)]'\"".Contains(_text[end - 1])) end--;
        var span = _text.AsSpan(start, end - start);
        var host = span;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOfAny('/', '?', '#');
        if (slash >= 0) host = host[..slash];
        var colon = host.IndexOf(':');
        if (colon >= 0) host = host[..colon];
        if (host.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) host = host[4..];
        if (host.Length == 0) return;
        // A citation or guideline link names no person; the host or any parent domain on the reference list makes it one.
        var h = host;
        while (true)
        {
            if (Lexicon.ReferenceDomains.Contains(h) || h.EndsWith(".gov", StringComparison.OrdinalIgnoreCase)) return;
            var dot = h.IndexOf('.');
            if (dot < 0 || h[(dot + 1)..].IndexOf('.') < 0) break;
            h = h[(dot + 1)..];
        }
        if (span.Contains("doi", StringComparison.OrdinalIgnoreCase) || span.Contains("pubmed", StringComparison.OrdinalIgnoreCase)) return;
        // Journal and article links are citations whatever the publisher.
        if (host.Contains("journal", StringComparison.OrdinalIgnoreCase) || span.Contains("/article", StringComparison.OrdinalIgnoreCase)
            || span.Contains("/abs/", StringComparison.OrdinalIgnoreCase) || span.Contains("/full/", StringComparison.OrdinalIgnoreCase)
            || span.Contains("/pmc/", StringComparison.OrdinalIgnoreCase) || span.Contains("/guideline", StringComparison.OrdinalIgnoreCase)) return;
        var hasPath = slash >= 0 && host.Length + 1 < span.Length - (scheme >= 0 ? scheme + 3 : 0);
        AddExact(start, end, IdentifierType.Url, scheme >= 0 || hasPath ? 0.95 : 0.8);
    }

    // Group numbers, looked up once: a lookup by name on every match costs more than the match.
    private static readonly int GIso = Patterns.Numeric().GroupNumberFromName("iso");
    private static readonly int GSsn = Patterns.Numeric().GroupNumberFromName("ssn");
    private static readonly int GPhone = Patterns.Numeric().GroupNumberFromName("phone");
    private static readonly int GPhone7 = Patterns.Numeric().GroupNumberFromName("phone7");
    private static readonly int GDate3 = Patterns.Numeric().GroupNumberFromName("date3");
    private static readonly int GDmon = Patterns.Numeric().GroupNumberFromName("dmon");
    private static readonly int GMy = Patterns.Numeric().GroupNumberFromName("my");
    private static readonly int GAge = Patterns.Numeric().GroupNumberFromName("age");
    private static readonly int GDm = Patterns.Numeric().GroupNumberFromName("dm");
    private static readonly int GS3 = Patterns.Numeric().GroupNumberFromName("s3");

    private void ClassifyNumeric(Match m)
    {
        var text = _text;
        var g = m.Groups;
        int start = m.Index, end = m.Index + m.Length;
        if (g[GIso].Success) { AddExact(start, end, IdentifierType.Date, 0.95); return; }
        if (g[GSsn].Success)
        {
            var s = m.ValueSpan;
            int area = Num(s[..3]), group = Num(s.Slice(4, 2)), serial = Num(s[7..]);
            var valid = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
            if (!valid) return;
            var labelled = LabelBefore(start) == IdentifierType.Ssn || SsnNear(start);
            if (s[3] == ' ' && !labelled) return;
            AddExact(start, end, IdentifierType.Ssn, labelled ? 0.99 : 0.9);
            return;
        }
        if (g[GPhone].Success)
        {
            // A phone-shaped number is another kind only when that kind's label is right before it ("NPI 123-456-7890").
            if (LabelBefore(start, out _, out var distance) is { } label && distance == 0 && label is not (IdentifierType.Phone or IdentifierType.Fax or IdentifierType.Date or IdentifierType.ZipCode))
            { AddExact(start, end, label, 0.9); return; }
            AddExact(start, end, IsFax(start) ? IdentifierType.Fax : IdentifierType.Phone, 0.95);
            return;
        }
        if (g[GPhone7].Success)
        {
            // "UACR 200-5000" is a range of round numbers, not a local number.
            if (text[start + 2] == '0' && text[end - 1] == '0') return;
            var label = LabelBefore(start);
            if (label is IdentifierType.Phone or IdentifierType.Fax || label is null && !FollowedByUnit(end))
                AddExact(start, end, IsFax(start) ? IdentifierType.Fax : IdentifierType.Phone, label is null ? 0.6 : 0.9);
            else if (label is { } other && other != IdentifierType.Date) AddExact(start, end, other, 0.85);
            return;
        }
        if (g[GDate3].Success)
        {
            var s = m.ValueSpan;
            var sep = s[g[GS3].Index - start];
            var parts = new Range[3];
            s.Split(parts, sep);
            int a = Num(s[parts[0]]), b = Num(s[parts[1]]);
            var yearLength = s[parts[2]].Length;
            var plausible = (a is >= 1 and <= 12 && b is >= 1 and <= 31) || (a is >= 1 and <= 31 && b is >= 1 and <= 12);
            if (!plausible || (sep == '.' && yearLength != 4)) return;
            if (sep == '-' && yearLength == 2 && !DateCueBefore(start)) return;   // "2-3-10 mg" style ranges
            AddExact(start, end, IdentifierType.Date, 0.95);
            return;
        }
        if (g[GDmon].Success)
        {
            var s = m.ValueSpan;
            var digits = 0;
            while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
            var day = Num(s[..digits]);
            if (day is < 1 or > 31) return;
            if (digits < s.Length && s[digits] == ' ' && !char.IsUpper(s[digits + 1])) return;
            AddExact(start, end, IdentifierType.Date, 0.9);
            return;
        }
        if (g[GMy].Success)
        {
            if (NegativeDateContext(start, end)) return;
            AddExact(start, end, IdentifierType.Date, 0.85);
            return;
        }
        if (g[GAge].Success) { AddExact(start, end, IdentifierType.Age, 0.95); return; }
        if (g[GDm].Success) ClassifyDayMonth(start, end);
    }

    private void ClassifyDayMonth(int start, int end)
    {
        {
            var s = _text.AsSpan(start, end - start);
            var slash = s.IndexOf('/');
            int a = Num(s[..slash]), b = Num(s[(slash + 1)..]);
            if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) return;
            if (NegativeDateBefore(start)) return;
            if (DateCueBefore(start, strongOnly: true)) { AddExact(start, end, IdentifierType.Date, 0.85); return; }
            if (NegativeDateContext(start, end)) return;
            if (DateCueBefore(start)) { AddExact(start, end, IdentifierType.Date, 0.85); return; }
            if (DateCueAfter(end)) { AddExact(start, end, IdentifierType.Date, 0.85); return; }
            if (b is 2 or 3 or 4 or 5 or 6 or 8 or 10 or 20 || a > 12 && b > 12) return;
            AddExact(start, end, IdentifierType.Date, 0.6);
        }
    }

    private static int Num(ReadOnlySpan<char> s)
    {
        var v = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return -1;
            v = v * 10 + (c - '0');
            if (v > 100_000_000) return v;
        }
        return v;
    }

    /// <summary>"SSN" or "social security" shortly before: "his SSN instead of MRN: 611 28 4490".</summary>
    private bool SsnNear(int start)
    {
        var from = Math.Max(0, start - 50);
        var before = _text.AsSpan(from, start - from);
        return before.Contains("ssn", StringComparison.OrdinalIgnoreCase) || before.Contains("social security", StringComparison.OrdinalIgnoreCase);
    }

    private void AddExact(int start, int end, IdentifierType type, double confidence)
    {
        var c = new Candidate(start, end, type, confidence, RankExact);
        _exact.Add(c);
        _found.Add(c);
    }

    private void Add(int start, int end, IdentifierType type, double confidence, int rank)
    {
        if (end > start) _found.Add(new Candidate(start, end, type, confidence, rank));
    }

    private bool IsFax(int start)
    {
        var from = Math.Max(0, start - 50);
        var before = _text.AsSpan(from, start - from);
        var nl = before.LastIndexOfAny('\n', ';', '|');
        if (nl >= 0) before = before[(nl + 1)..];
        if (before.Contains("fax", StringComparison.OrdinalIgnoreCase) || before.Contains("facsimile", StringComparison.OrdinalIgnoreCase)) return true;
        var t = before.TrimEnd();
        return t.EndsWith("F:", StringComparison.Ordinal) || t.EndsWith("(F)", StringComparison.Ordinal) || t.EndsWith("f:", StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- context helpers on the raw text

    /// <summary>The words just before a position, nearest first, skipping light punctuation; stops at a sentence end.</summary>
    private int WordsBefore(int pos, Span<Range> words)
    {
        var text = _text;
        var count = 0;
        var i = pos - 1;
        while (count < words.Length)
        {
            while (i >= 0 && (char.IsWhiteSpace(text[i]) || text[i] is ':' or '#' or ',' or '(' or '-' or '=' or '\'' or '"' or '/')) i--;
            if (i < 0 || !(char.IsLetterOrDigit(text[i]) || text[i] == '.')) break;
            if (text[i] == '.')
            {
                // "no." and "Dr." keep going; a full stop after a longer word ends the sentence.
                var j = i - 1;
                while (j >= 0 && char.IsLetter(text[j])) j--;
                if (i - j - 1 > 3 || i - j - 1 == 0) break;
                i--;
            }
            var end = i + 1;
            while (i >= 0 && (char.IsLetterOrDigit(text[i]) || text[i] == '.' && i > 0 && char.IsLetter(text[i - 1]) && end - i < 6)) i--;
            words[count++] = new Range(i + 1, end);
        }
        return count;
    }

    private bool PrecedingWordIs(int pos, string word)
    {
        Span<Range> w = stackalloc Range[1];
        return WordsBefore(pos, w) == 1 && _text.AsSpan()[w[0]].Equals(word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The kind of identifier the label just before a number names ("MRN:", "fax #", "member ID"), if any.</summary>
    private IdentifierType? LabelBefore(int pos) => LabelBefore(pos, out _);

    private IdentifierType? LabelBefore(int pos, out bool strong) => LabelBefore(pos, out strong, out _);

    private IdentifierType? LabelBefore(int pos, out bool strong, out int distance)
    {
        strong = false;
        distance = 0;
        Span<Range> words = stackalloc Range[5];
        // Most numbers follow a word that is no label at all ("HR 88", "40 mg"): look at one word first.
        if (WordsBefore(pos, words[..1]) == 0) return null;
        var nearest = _text.AsSpan()[words[0]].TrimEnd('.');
        if (!Lexicon.TryGetLabel(nearest, out _) && !IsLabelFiller(nearest) && !(nearest.Length == 2 && Lexicon.StateCodeLookup.Contains(nearest))) return null;
        var count = WordsBefore(pos, words);
        IdentifierType? fallback = null;
        var loose = 0;
        for (var k = 0; k < count; k++)
        {
            var w = _text.AsSpan()[words[k]].TrimEnd('.');
            if (w.Length == 0) continue;
            if (Lexicon.TryGetLabel(w, out var type))
            {
                if (w.Equals("id", StringComparison.OrdinalIgnoreCase) || w.Equals("identifier", StringComparison.OrdinalIgnoreCase))
                {
                    fallback ??= type;
                    continue;
                }
                if ((w.Equals("patient", StringComparison.OrdinalIgnoreCase) || w.Equals("pt", StringComparison.OrdinalIgnoreCase)) && fallback is null) return null;
                if (w.Equals("home", StringComparison.OrdinalIgnoreCase) || w.Equals("work", StringComparison.OrdinalIgnoreCase) || w.Equals("call", StringComparison.OrdinalIgnoreCase) || w.Equals("text", StringComparison.OrdinalIgnoreCase) || w.Equals("contact", StringComparison.OrdinalIgnoreCase))
                {
                    if (k > 0 && fallback is null) return null;   // only right before the number
                }
                strong = Lexicon.StrongLabels.Contains(w) || fallback is not null;
                distance = loose;
                return type;
            }
            if (Lexicon.NotIdentifierLabels.Contains(w)) return null;
            if (IsLabelFiller(w) || w.Length == 2 && Lexicon.StateCodeLookup.Contains(w))   // "licence (TX Q4418)"
            {
                // "No." binds a label to its number; "at", "the", "is" loosen it.
                if (!(w.Equals("no", StringComparison.OrdinalIgnoreCase) || w.Equals("number", StringComparison.OrdinalIgnoreCase) || w.Equals("num", StringComparison.OrdinalIgnoreCase)
                    || w.Equals("nr", StringComparison.OrdinalIgnoreCase) || w.Length == 2 && char.IsUpper(w[0]))) loose++;
                continue;
            }
            break;
        }
        return fallback;
    }

    private static readonly WordSet LabelFillers = new(["no", "nr", "num", "number", "numbers", "is", "was", "of", "the", "her", "his", "their", "s", "medical",
        "med", "security", "health", "credit", "driver", "drivers", "driver's", "state", "date", "code", "on", "file", "new", "old", "primary", "secondary",
        "a", "and", "or", "at", "listed"]);

    private static bool IsLabelFiller(ReadOnlySpan<char> w) => LabelFillers.Contains(w);

    private static readonly WordSet DateCuesBefore = new(["on", "since", "from", "until", "till", "through", "thru", "by", "dated", "date", "dob", "admitted", "admission", "adm",
        "discharged", "discharge", "seen", "started", "stopped", "began", "last", "next", "of", "effective", "scheduled", "appt", "appointment", "visit", "fu", "f/u",
        "followup", "surgery", "returned", "presented", "born", "died", "expired", "due", "dc", "dc'd", "op", "procedure", "biopsy", "ct", "mri", "echo", "cxr", "xr",
        "ekg", "ecg", "labs", "done", "performed", "drawn", "collected", "received", "around", "before", "after", "onset", "diagnosed", "hospitalized", "vaccinated",
        "booster", "tested", "test", "positive", "negative", "injury", "fall", "fell", "accident", "arrived", "left", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "weekend", "and", "to", "between", "dos", "d.o.s", "dod", "edc", "edd", "readmitted", "readmission", "the",
        "lmp", "updated", "signed", "refilled", "filled", "called", "emailed", "messaged", "posted", "intubated", "extubated", "transfused", "placed", "removed"]);
    private static readonly WordSet DateCuesAfter = new(["at", "to", "and", "through", "thru", "until", "-", "admission", "visit", "appointment", "appt", "labs", "ct", "mri",
        "note", "clinic", "surgery", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
    private static readonly WordSet NotDateBefore = new(["bp", "pressure", "sbp", "dbp", "strength", "power", "motor", "pain", "score", "grade", "murmur", "vision", "acuity",
        "va", "reflexes", "reflex", "dtr", "dtrs", "gcs", "apgar", "apgars", "ratio", "rated", "scale", "mmt", "sensation", "pulses", "pulse", "tanner", "gravida", "g", "p",
        "nihss", "mrs", "phq", "gad", "mmse", "moca", "ecog", "nyha", "asa", "out", "ef", "rr", "hr", "bps", "mmhg", "bilaterally", "fev1", "fvc", "scored", "stage", "class", "lvef", "titer", "titre", "ana", "dilution", "cd4", "ratios", "odds", "about", "approximately", "roughly", "dose", "doses", "x", "bipap", "cpap", "ipap", "epap", "peep", "vent", "settings", "ps", "fio2", "abg", "vbg", "bp", "bps", "nibp", "map"]);
    private static readonly WordSet NotDateAfter = new(["strength", "pain", "murmur", "power", "vision", "scale", "score", "mg", "mcg", "ml", "tabs", "tab", "tablets", "tablet",
        "bilaterally", "bilat", "throughout", "x", "ratio", "rule", "dtrs", "reflexes", "pulses", "in", "on", "of", "proximal", "distal", "lue", "rue", "lle", "rle",
        "ue", "le", "upper", "lower", "systolic", "diastolic", "holosystolic", "sem", "crescendo", "mmhg", "patients", "pts", "cases", "people", "residents", "students",
        "times", "or", "split", "dilution", "titer", "correct", "positive", "negative", "nodes", "lymph", "cores", "biopsies", "%", "points", "pts.", "stars", "doses"]);

    private static readonly WordSet WeakDateCues = new(["to", "and", "of", "from", "between", "until", "till", "by", "last", "next", "before", "after", "around", "through", "thru", "positive", "negative", "test", "left", "fall", "the"]);

    private bool DateCueBefore(int start, bool strongOnly = false)
    {
        Span<Range> w = stackalloc Range[2];
        var count = WordsBefore(start, w);
        for (var k = 0; k < count; k++)
        {
            var word = _text.AsSpan()[w[k]];
            if (DateCuesBefore.Contains(word) && !(strongOnly && WeakDateCues.Contains(word))) return true;
            // "Readmitted 9/3", "Operated 4/12": a past-tense verb right before.
            if (k == 0 && word.Length > 4 && word.EndsWith("ed", StringComparison.OrdinalIgnoreCase) && !NotDateBefore.Contains(word)) return true;
            if (k == 0 && !strongOnly && (word.Equals("as", StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }

    private bool DateCueAfter(int end)
    {
        var w = NextWord(end);
        return w.Length > 0 && DateCuesAfter.Contains(w);
    }

    private ReadOnlySpan<char> NextWord(int end)
    {
        var text = _text;
        var i = end;
        while (i < text.Length && (text[i] == ' ' || text[i] == ',')) i++;
        if (i < text.Length && !char.IsLetterOrDigit(text[i])) return text.AsSpan(i, 1);
        var s = i;
        while (i < text.Length && char.IsLetter(text[i])) i++;
        return text.AsSpan(s, i - s);
    }

    private bool NegativeDateBefore(int start)
    {
        Span<Range> w = stackalloc Range[2];
        var count = WordsBefore(start, w);
        for (var k = 0; k < count; k++)
            if (NotDateBefore.Contains(_text.AsSpan()[w[k]])) return true;
        return false;
    }

    private bool NegativeDateContext(int start, int end)
    {
        Span<Range> w = stackalloc Range[2];
        var count = WordsBefore(start, w);
        for (var k = 0; k < count; k++)
            if (NotDateBefore.Contains(_text.AsSpan()[w[k]])) return true;
        if (end < _text.Length && _text[end] == '%') return true;
        var next = NextWord(end);
        return next.Length > 0 && NotDateAfter.Contains(next);
    }

    private bool FollowedByUnit(int end)
    {
        // Only the word right after the number: "40 mg", not "4412, L deltoid".
        var i = end;
        if (i < _text.Length && _text[i] == ' ') i++;
        var s = i;
        while (i < _text.Length && (char.IsLetter(_text[i]) || _text[i] == '/')) i++;
        return i > s && Lexicon.Units.Contains(_text.AsSpan(s, i - s));
    }

    // ---------------------------------------------------------------- settling overlaps

    private List<Finding> Settle()
    {
        _found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var kept = new List<Candidate>(_found.Count);
        foreach (var c in _found)
        {
            // Replace every kept candidate this one overlaps only if it beats each of them.
            var firstOverlap = kept.Count;
            while (firstOverlap > 0 && kept[firstOverlap - 1].End > c.Start) firstOverlap--;
            var wins = true;
            for (var k = firstOverlap; k < kept.Count; k++)
                if (!Beats(c, kept[k])) { wins = false; break; }
            if (!wins) continue;
            kept.RemoveRange(firstOverlap, kept.Count - firstOverlap);
            kept.Add(c);
        }
        var result = new List<Finding>(kept.Count);
        foreach (var c in kept)
        {
            var start = c.Start;
            var end = c.End;
            while (start < end && char.IsWhiteSpace(_text[start])) start++;
            while (end > start && (char.IsWhiteSpace(_text[end - 1]) || _text[end - 1] is ',' or ';' or ':')) end--;
            if (end > start) result.Add(new Finding(start, end - start, c.Type, Math.Round(c.Confidence, 2)));
        }
        return result;
    }

    private static bool Beats(Candidate a, Candidate b)
    {
        if (a.Rank != b.Rank) return a.Rank > b.Rank;
        var la = a.End - a.Start;
        var lb = b.End - b.Start;
        if (la != lb) return la > lb;
        return a.Confidence > b.Confidence;
    }
}
