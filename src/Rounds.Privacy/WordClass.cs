using System.Collections.Frozen;

namespace Rounds.Privacy;

/// <summary>Every word class a word belongs to, found with one lookup per word instead of one per class.</summary>
[Flags]
internal enum WordClass : ulong
{
    None = 0,
    HeadNouns = 1UL << 0,
    Surnames = 1UL << 1,
    NeverNames = 1UL << 2,
    GivenNames = 1UL << 3,
    Weekdays = 1UL << 4,
    StrictTitles = 1UL << 5,
    NameSuffixes = 1UL << 6,
    Directionals = 1UL << 7,
    StrongPlaceCues = 1UL << 8,
    Regions = 1UL << 9,
    Particles = 1UL << 10,
    FullStreetSuffixes = 1UL << 11,
    FacilityWords = 1UL << 12,
    WeakPlaceCues = 1UL << 13,
    UnitWords = 1UL << 14,
    TempWords = 1UL << 15,
    StreetSuffixes = 1UL << 16,
    OrdinalWords = 1UL << 17,
    OrdinalFollowers = 1UL << 18,
    NotPlaceHeads = 1UL << 19,
    MonthCues = 1UL << 20,
    HolidayDayWords = 1UL << 21,
    FacilityTails = 1UL << 22,
    Eponyms = 1UL << 23,
    Decades = 1UL << 24,
    DayCues = 1UL << 25,
    CommonWords = 1UL << 26,
    Cities = 1UL << 27,
    Months = 1UL << 28,
    Holidays = 1UL << 29,
    AgeWords = 1UL << 30,
    AgeNouns = 1UL << 31,
    Titles = 1UL << 32,
    PatientWords = 1UL << 33,
    Kinship = 1UL << 34,
    NameIntroducers = 1UL << 35,
    IntroAfterName = 1UL << 36,
    CountyWords = 1UL << 37,
    FunctionWords = 1UL << 38,
    LowerFacilityWords = 1UL << 61,
    Cue = 1UL << 62,
}

internal static class WordClasses
{
    /// <summary>The classes that give a lower-case word a rule of its own; any other lower-case word is skipped at once.</summary>
    public const WordClass LowerCaseRules = WordClass.Months | WordClass.Holidays | WordClass.Weekdays | WordClass.AgeWords | WordClass.AgeNouns | WordClass.UnitWords
        | WordClass.Titles | WordClass.PatientWords | WordClass.Kinship | WordClass.NameIntroducers | WordClass.IntroAfterName | WordClass.Cities
        | WordClass.LowerFacilityWords | WordClass.Cue;

    public static readonly FrozenDictionary<string, WordClass> All = Build();
    private static readonly FrozenDictionary<string, WordClass>.AlternateLookup<ReadOnlySpan<char>> Exact = All.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryGet(ReadOnlySpan<char> word, out WordClass classes)
    {
        classes = WordClass.None;
        if (word.Length > WordSet.MaxWord) return false;
        if (WordSet.IsLower(word) || word.Length > 1 && WordSet.IsLower(word[1..])) return Exact.TryGetValue(word, out classes);
        Span<char> lower = stackalloc char[word.Length];
        WordSet.Lower(word, lower);
        return Exact.TryGetValue(lower, out classes);
    }

    private static FrozenDictionary<string, WordClass> Build()
    {
        var d = new Dictionary<string, WordClass>(StringComparer.Ordinal);
        void Add(WordSet set, WordClass c)
        {
            foreach (var w in set.Items) d[w] = d.GetValueOrDefault(w) | c;
        }
        Add(Lexicon.HeadNouns, WordClass.HeadNouns);
        Add(Lexicon.Surnames, WordClass.Surnames);
        Add(Lexicon.NeverNames, WordClass.NeverNames);
        Add(Lexicon.GivenNames, WordClass.GivenNames);
        Add(Lexicon.Weekdays, WordClass.Weekdays);
        Add(Scanner.StrictTitles, WordClass.StrictTitles);
        Add(Scanner.NameSuffixes, WordClass.NameSuffixes);
        Add(Lexicon.Directionals, WordClass.Directionals);
        Add(Lexicon.StrongPlaceCues, WordClass.StrongPlaceCues);
        Add(Lexicon.Regions, WordClass.Regions);
        Add(Scanner.Particles, WordClass.Particles);
        Add(Lexicon.FullStreetSuffixes, WordClass.FullStreetSuffixes);
        Add(Lexicon.FacilityWords, WordClass.FacilityWords);
        Add(Lexicon.WeakPlaceCues, WordClass.WeakPlaceCues);
        Add(Lexicon.UnitWords, WordClass.UnitWords);
        Add(Scanner.TempWords, WordClass.TempWords);
        Add(Lexicon.StreetSuffixes, WordClass.StreetSuffixes);
        Add(Scanner.OrdinalWords, WordClass.OrdinalWords);
        Add(Scanner.OrdinalFollowers, WordClass.OrdinalFollowers);
        Add(Scanner.NotPlaceHeads, WordClass.NotPlaceHeads);
        Add(Lexicon.MonthCues, WordClass.MonthCues);
        Add(Lexicon.HolidayDayWords, WordClass.HolidayDayWords);
        Add(Scanner.FacilityTails, WordClass.FacilityTails);
        Add(Lexicon.Eponyms, WordClass.Eponyms);
        Add(Scanner.Decades, WordClass.Decades);
        Add(Lexicon.DayCues, WordClass.DayCues);
        Add(Lexicon.CommonWords, WordClass.CommonWords);
        Add(Lexicon.Cities, WordClass.Cities);
        Add(Lexicon.Months, WordClass.Months);
        Add(Lexicon.Holidays, WordClass.Holidays);
        Add(Scanner.AgeWords, WordClass.AgeWords);
        Add(Scanner.AgeNouns, WordClass.AgeNouns);
        Add(Lexicon.Titles, WordClass.Titles);
        Add(Lexicon.PatientWords, WordClass.PatientWords);
        Add(Lexicon.Kinship, WordClass.Kinship);
        Add(Lexicon.NameIntroducers, WordClass.NameIntroducers);
        Add(Scanner.IntroAfterName, WordClass.IntroAfterName);
        Add(Lexicon.CountyWords, WordClass.CountyWords);
        Add(Scanner.FunctionWords, WordClass.FunctionWords);
        Add(Lexicon.ClinicalWords, WordClass.Eponyms);
        Add(Scanner.LowerFacilityWords, WordClass.LowerFacilityWords);
        // Words some rule looks at by name; the flag only says "worth a look".
        foreach (var w in new[] { "the", "in", "box", "day", "eve", "on", "off", "at", "i'm", "am", "name", "names", "of", "and", "ninety", "hundred", "saint", "ste", "st", "route", "highway", "hwy", "is", "was", "i" })
            d[w] = d.GetValueOrDefault(w) | WordClass.Cue;
        // Capitalised forms too ("Maria", "Hospital"), so a capitalised word needs no lower-casing before its look-up.
        foreach (var (word, classes) in d.ToList())
        {
            if (word.Length == 0 || !char.IsLetter(word[0])) continue;
            var title = char.ToUpperInvariant(word[0]) + word[1..];
            if (title != word) d[title] = d.GetValueOrDefault(title) | classes;
        }
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
