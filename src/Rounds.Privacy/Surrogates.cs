using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rounds.Privacy;

/// <summary>
/// Plausible fakes of the same type. Deterministic: the same text, type and seed always give the same fake, so a name
/// that recurs in a text gets the same surrogate each time; dates all move by one seed-derived number of days.
/// </summary>
internal static partial class Surrogates
{
    private static readonly string[] MonthsFull = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] MonthsShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static string For(string original, IdentifierType type, int seed)
    {
        var rng = new Rng(Hash(seed, type, original));
        return type switch
        {
            IdentifierType.Name => FakeName(original, seed),
            IdentifierType.Date => ShiftDate(original, seed),
            IdentifierType.Age => FakeAge(original, ref rng),
            IdentifierType.Location => MatchCase(TitleCase(Lexicon.CityList[rng.Next(Lexicon.CityList.Length)]), original),
            IdentifierType.Address => FakeAddress(original, seed, ref rng),
            IdentifierType.Email => $"{Pick(Lexicon.GivenNameList, seed, original)}.{Pick(Lexicon.SurnameList, seed, original + "@")}@example.com",
            IdentifierType.Url => FakeUrl(original, ref rng),
            IdentifierType.IpAddress => FakeIp(original, ref rng),
            _ => Shape(original, ref rng),
        };
    }

    /// <summary>The number of days every date moves for this seed: never zero, within about a year.</summary>
    public static int DayShift(int seed)
    {
        var rng = new Rng(Hash(seed, IdentifierType.Date, "shift"));
        var days = rng.Next(1, 366);
        return rng.Next(2) == 0 ? days : -days;
    }

    // ---------------------------------------------------------------- names and places

    private static string FakeName(string original, int seed)
    {
        var result = new StringBuilder(original.Length + 8);
        var i = 0;
        while (i < original.Length)
        {
            if (!char.IsLetter(original[i])) { result.Append(original[i++]); continue; }
            var start = i;
            while (i < original.Length && (char.IsLetter(original[i]) || original[i] == '\'' && i + 1 < original.Length && char.IsLetter(original[i + 1]))) i++;
            var word = original[start..i];
            if (Lexicon.Titles.Contains(word) || Lexicon.PatientWords.Contains(word) || word.Equals("jr", StringComparison.OrdinalIgnoreCase) || word.Equals("sr", StringComparison.OrdinalIgnoreCase))
            {
                result.Append(word);
                continue;
            }
            if (word.Length == 1)
            {
                result.Append((char)('A' + (int)(Hash(seed, IdentifierType.Name, word) % 26)));
                continue;
            }
            var list = Lexicon.GivenNames.Contains(word) && !Lexicon.Surnames.Contains(word) || IsFirstWordOfMany(original, start) ? Lexicon.GivenNameList : Lexicon.SurnameList;
            var fake = Pick(list, seed, word.ToLowerInvariant());
            if (fake.Equals(word, StringComparison.OrdinalIgnoreCase)) fake = Pick(list, seed + 1, word.ToLowerInvariant());
            result.Append(MatchCase(fake, word));
        }
        return result.ToString();
    }

    private static bool IsFirstWordOfMany(string original, int start)
    {
        // "Jane Smith": the first of two or more name words is a given name.
        for (var k = 0; k < start; k++) if (char.IsLetter(original[k]) && !IsTitleAt(original, k)) return false;
        var rest = original.AsSpan(start);
        var space = rest.IndexOf(' ');
        return space > 0 && rest[(space + 1)..].ContainsAnyInRange('A', 'Z');
    }

    private static bool IsTitleAt(string s, int k)
    {
        var end = k;
        while (end < s.Length && char.IsLetter(s[end])) end++;
        var begin = k;
        while (begin > 0 && char.IsLetter(s[begin - 1])) begin--;
        var word = s.AsSpan(begin, end - begin);
        return Lexicon.Titles.Contains(word) || Lexicon.PatientWords.Contains(word);
    }

    private static string Pick(string[] list, int seed, string key) => TitleCase(list[(int)(Hash(seed, IdentifierType.Name, key) % (ulong)list.Length)]);

    private static string TitleCase(string lower)
    {
        var chars = lower.ToCharArray();
        var up = true;
        for (var k = 0; k < chars.Length; k++)
        {
            if (up && char.IsLetter(chars[k])) { chars[k] = char.ToUpperInvariant(chars[k]); up = false; }
            else if (chars[k] is ' ' or '-' or '\'') up = true;
        }
        return new string(chars);
    }

    private static string MatchCase(string fake, string like)
    {
        var upper = true;
        var lower = true;
        foreach (var c in like)
        {
            if (char.IsLower(c)) upper = false;
            if (char.IsUpper(c)) lower = false;
        }
        if (upper && like.Length > 1) return fake.ToUpperInvariant();
        if (lower) return fake.ToLowerInvariant();
        return fake;
    }

    private static string FakeAddress(string original, int seed, ref Rng rng)
    {
        var shaped = Shape(original, ref rng, lettersToo: false);
        var result = new StringBuilder(shaped.Length + 8);
        var i = 0;
        while (i < shaped.Length)
        {
            if (!char.IsLetter(shaped[i])) { result.Append(shaped[i++]); continue; }
            var start = i;
            while (i < shaped.Length && char.IsLetter(shaped[i])) i++;
            var word = shaped[start..i];
            var keep = !char.IsUpper(word[0]) || word.Length <= 2 || Lexicon.StreetSuffixes.Contains(word) || Lexicon.UnitWords.Contains(word)
                || Lexicon.Directionals.Contains(word) || word.Equals("box", StringComparison.OrdinalIgnoreCase)
                || start > 0 && char.IsDigit(shaped[start - 1]);
            result.Append(keep ? word : MatchCase(Pick(Lexicon.SurnameList, seed, word.ToLowerInvariant()), word));
        }
        return result.ToString();
    }

    // ---------------------------------------------------------------- dates and ages

    [GeneratedRegex(@"^(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{2,4}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"^(\d{1,2})([/-])(\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthName();

    [GeneratedRegex(@"(?<![\d])(\d{1,2})(st|nd|rd|th)?(?![\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayPart();

    [GeneratedRegex(@"\b((?:19|20)\d\d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearPart();

    private static string ShiftDate(string original, int seed)
    {
        var shift = DayShift(seed);
        var m = NumericDate().Match(original);
        if (m.Success) return ShiftNumeric(m, shift);
        var my = MonthYear().Match(original);
        if (my.Success)
        {
            var month = int.Parse(my.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var year = int.Parse(my.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
            if (month is >= 1 and <= 12)
            {
                var d = new DateOnly(year, month, 15).AddDays(shift);
                return Pad(d.Month, my.Groups[1].Length) + my.Groups[2].Value + d.Year.ToString(CultureInfo.InvariantCulture);
            }
        }
        return ShiftWords(original, shift, seed);
    }

    private static string ShiftNumeric(Match m, int shift)
    {
        var a = m.Groups[1].Value;
        var sep = m.Groups[2].Value;
        var b = m.Groups[3].Value;
        var c = m.Groups[4].Success ? m.Groups[4].Value : null;
        int Parse(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        if (a.Length == 4 && c is not null)
        {
            var date = SafeDate(Parse(a), Parse(b), Parse(c)).AddDays(shift);
            return date.Year.ToString(CultureInfo.InvariantCulture) + sep + Pad(date.Month, b.Length) + sep + Pad(date.Day, c.Length);
        }
        var dayFirst = Parse(a) > 12;
        int month = dayFirst ? Parse(b) : Parse(a), day = dayFirst ? Parse(a) : Parse(b);
        var year = c is null ? 2001 : c.Length == 2 ? 2000 + Parse(c) : Parse(c);
        var shifted = SafeDate(year, month, day).AddDays(shift);
        var first = dayFirst ? Pad(shifted.Day, a.Length) : Pad(shifted.Month, a.Length);
        var second = dayFirst ? Pad(shifted.Month, b.Length) : Pad(shifted.Day, b.Length);
        var result = first + sep + second;
        if (c is not null) result += sep + (c.Length == 2 ? Pad(shifted.Year % 100, 2) : shifted.Year.ToString(CultureInfo.InvariantCulture));
        return result;
    }

    private static string ShiftWords(string original, int shift, int seed)
    {
        var month = MonthName().Match(original);
        var day = DayPart().Match(original);
        while (day.Success && YearPart().IsMatch(original.AsSpan(day.Index, Math.Min(4, original.Length - day.Index))) && day.Length <= 2) day = day.NextMatch();
        var year = YearPart().Match(original);
        if (!month.Success)
        {
            if (day.Success)
            {
                // "on the 3rd": move the day of the month.
                var n = (int.Parse(day.Groups[1].ValueSpan, CultureInfo.InvariantCulture) - 1 + shift % 28 + 28) % 28 + 1;
                return original[..day.Index] + n.ToString(CultureInfo.InvariantCulture) + (day.Groups[2].Success ? Ordinal(n) : "") + original[(day.Index + day.Length)..];
            }
            // A holiday or other named day becomes a plain month and day.
            var rng = new Rng(Hash(seed, IdentifierType.Date, original));
            var d = new DateOnly(2001, 1, 1).AddDays(rng.Next(365));
            return MonthsFull[d.Month - 1] + " " + d.Day.ToString(CultureInfo.InvariantCulture);
        }
        var monthNumber = MonthNumber(month.Value);
        var yearNumber = year.Success ? int.Parse(year.ValueSpan, CultureInfo.InvariantCulture) : 2001;
        var dayNumber = day.Success && !(year.Success && day.Index >= year.Index && day.Index < year.Index + 4) ? int.Parse(day.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var shifted = dayNumber > 0 ? SafeDate(yearNumber, monthNumber, dayNumber).AddDays(shift) : SafeDate(yearNumber, monthNumber, 15).AddDays(shift);

        var sb = new StringBuilder(original);
        // Replace from the right so earlier offsets stay valid.
        var edits = new List<(int Index, int Length, string Text)>
        {
            (month.Index, month.Length, MonthLike(shifted.Month, month.Value)),
        };
        if (dayNumber > 0) edits.Add((day.Index, day.Length, shifted.Day.ToString(CultureInfo.InvariantCulture) + (day.Groups[2].Success ? Ordinal(shifted.Day) : "")));
        if (year.Success) edits.Add((year.Index, year.Length, shifted.Year.ToString(CultureInfo.InvariantCulture)));
        foreach (var (index, length, text) in edits.OrderByDescending(e => e.Index))
        {
            sb.Remove(index, length);
            sb.Insert(index, text);
        }
        return sb.ToString();
    }

    private static int MonthNumber(string name)
    {
        var key = name[..3].ToLowerInvariant();
        for (var k = 0; k < 12; k++)
            if (MonthsShort[k].Equals(key, StringComparison.OrdinalIgnoreCase)) return k + 1;
        return 1;
    }

    private static string MonthLike(int month, string like)
    {
        var text = like.Length > 3 && !like.Equals("sept", StringComparison.OrdinalIgnoreCase) ? MonthsFull[month - 1] : MonthsShort[month - 1];
        return MatchCase(text, like);
    }

    private static string Ordinal(int n) => (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };

    private static DateOnly SafeDate(int year, int month, int day)
    {
        year = Math.Clamp(year, 1, 9998);
        month = Math.Clamp(month, 1, 12);
        day = Math.Clamp(day, 1, DateTime.DaysInMonth(year, month));
        return new DateOnly(year, month, day);
    }

    private static string Pad(int value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    private static string FakeAge(string original, ref Rng rng)
    {
        // Another age over 89 in the same words: the fake is as safe as the aggregate "90 or older".
        if (!original.AsSpan().ContainsAnyInRange('0', '9'))
        {
            // "ninety-two-year-old": the number in words becomes digits, the rest stays.
            var at = original.IndexOf("year", StringComparison.OrdinalIgnoreCase);
            if (at < 0) at = original.IndexOf("yo", StringComparison.OrdinalIgnoreCase);
            if (at < 0) at = original.IndexOf("old", StringComparison.OrdinalIgnoreCase);
            var number = (90 + rng.Next(10)).ToString(CultureInfo.InvariantCulture);
            return at <= 0 ? number + " years old" : number + (original[at - 1] == '-' ? "-" : " ") + original[at..];
        }
        var result = new StringBuilder(original.Length);
        var i = 0;
        while (i < original.Length)
        {
            if (!char.IsAsciiDigit(original[i])) { result.Append(original[i++]); continue; }
            var start = i;
            while (i < original.Length && char.IsAsciiDigit(original[i])) i++;
            var value = int.Parse(original.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (value is 90 or 100 && i < original.Length && original[i] is 's' or '\'') { result.Append(value); continue; }
            result.Append(value >= 100 ? 100 + rng.Next(5) : 90 + rng.Next(10));
        }
        return result.ToString();
    }

    // ---------------------------------------------------------------- shapes

    private static string FakeUrl(string original, ref Rng rng)
    {
        var scheme = original.IndexOf("://", StringComparison.Ordinal);
        var prefix = scheme >= 0 ? original[..(scheme + 3)] : "";
        var rest = scheme >= 0 ? original[(scheme + 3)..] : original;
        var slash = rest.IndexOf('/');
        var path = slash >= 0 ? rest[slash..] : "";
        return prefix + "example.org" + Shape(path, ref rng);
    }

    private static string FakeIp(string original, ref Rng rng)
    {
        if (original.Contains(':')) return Shape(original, ref rng);
        var parts = original.Split('.');
        for (var k = 0; k < parts.Length; k++) parts[k] = rng.Next(1, 255).ToString(CultureInfo.InvariantCulture);
        return string.Join('.', parts);
    }

    /// <summary>Digits become other digits and letters other letters of the same case; everything else stays.</summary>
    public static string Shape(string original, ref Rng rng, bool lettersToo = true)
    {
        var chars = original.ToCharArray();
        for (var k = 0; k < chars.Length; k++)
        {
            var c = chars[k];
            if (char.IsAsciiDigit(c))
            {
                var leading = k == 0 || !char.IsAsciiDigit(chars[k - 1]);
                char d;
                do d = (char)('0' + rng.Next(leading && c != '0' ? 1 : 0, 10));
                while (d == c);
                chars[k] = d;
            }
            else if (lettersToo && char.IsAsciiLetterUpper(c)) chars[k] = (char)('A' + (c - 'A' + 1 + rng.Next(25)) % 26);
            else if (lettersToo && char.IsAsciiLetterLower(c)) chars[k] = (char)('a' + (c - 'a' + 1 + rng.Next(25)) % 26);
        }
        return new string(chars);
    }

    private static ulong Hash(int seed, IdentifierType type, string text)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var h = 14695981039346656037UL;
        void Mix(uint v) { for (var k = 0; k < 4; k++) { h ^= (byte)(v >> (8 * k)); h *= 1099511628211UL; } }
        Mix((uint)seed);
        Mix((uint)type);
        foreach (var c in text) Mix(c);
        return h;
    }

    /// <summary>SplitMix64: small, fast and the same everywhere.</summary>
    public struct Rng(ulong state)
    {
        private ulong _state = state;

        public int Next(int max) => Next(0, max);

        public int Next(int min, int max)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return min + (int)(z % (ulong)(max - min));
        }
    }
}
