using System.Buffers;

namespace Rounds.Privacy;

/// <summary>The token walk: names, places, addresses, word dates, ages and labelled numbers.</summary>
internal sealed partial class Scanner
{
    private (int Start, int End)[] _covered = [];

    internal static readonly WordSet StrictTitles = new(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "mister", "dra"]);
    internal static readonly WordSet Particles = new(["van", "von", "de", "del", "della", "di", "da", "la", "le", "du", "st", "bin", "ibn", "al", "el", "ter", "ten", "dos", "das"]);
    internal static readonly WordSet NameSuffixes = new(["jr", "sr", "ii", "iii", "iv"]);
    internal static readonly WordSet FunctionWords = new(["the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "is", "was", "has", "had", "will", "can", "also", "who", "which", "that", "this", "he", "she", "they", "we", "i", "it"]);
    internal static readonly WordSet AgeWords = new(["age", "aged", "ages", "age:"]);
    internal static readonly WordSet Decades = new(["90s", "90's", "nineties", "100s"]);
    internal static readonly WordSet AgeNouns = new(["nonagenarian", "centenarian", "supercentenarian", "nonagenarians", "centenarians"]);
    internal static readonly WordSet OrdinalWords = new(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
        "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth"]);
    internal static readonly WordSet OrdinalNouns = new(["dose", "doses", "time", "times", "day", "week", "month", "year", "cycle", "line", "trimester", "episode",
        "attempt", "visit", "floor", "grade", "degree", "percentile", "generation", "round", "course", "session", "toe", "finger", "digit", "rib", "nerve", "space",
        "intercostal", "ventricle", "heart", "sound", "child", "pregnancy", "admission", "fracture", "infusion", "injection", "vaccine", "shot", "booster", "fraction",
        "metacarpal", "metatarsal", "lumbar", "cervical", "thoracic", "sacral", "decade", "birthday", "anniversary", "place", "edition", "century", "postoperative",
        "hour", "minute", "stage", "most", "largest", "highest", "lowest", "opinion", "party", "person", "patient", "case", "one", "ones", "row", "draft", "version"]);
    internal static readonly WordSet OrdinalFollowers = new(["of", "at", "and", "when", "or", "in", "she", "he", "they", "we", "i", "after", "before", "for", "but", "so", "with",
        "the", "to", "was", "is", "until", "till", "through", "around", "about", "morning", "evening", "night", "afternoon", "which", "there", "this", "her", "his", "during", "because"]);
    internal static readonly WordSet IntroAfterName = new(["name", "names"]);
    internal static readonly WordSet ConferenceWords = new(["conference", "meeting", "congress", "summit", "symposium", "course", "convention", "workshop", "grand", "annual"]);
    internal static readonly WordSet AmbiguousStateCodes = new(["MD", "DO", "PA", "MS", "MA", "ME", "IN", "OR", "OK", "HI", "DE", "CO", "LA", "ID", "AL", "MO", "NE", "SC", "GA", "VA", "CT", "OH", "MT", "NP"]);
    internal static readonly WordSet PersonVerbs = new(["says", "said", "thinks", "thought", "told", "asked", "asks", "wants", "wanted", "feels", "felt", "agrees",
        "agreed", "suggested", "mentioned", "noticed", "called", "texted", "emailed", "visited", "visits", "lives", "lived", "works", "worked", "drove", "brought",
        "reports", "reported", "denies", "denied", "complains", "states", "stated", "prefers", "declined", "refused", "consented", "herself", "himself"]);
    internal static readonly WordSet PersonNouns = new(["yo", "y/o", "man", "woman", "men", "women", "patient", "pt", "gentleman", "lady", "male", "female", "m", "f",
        "boy", "girl", "retiree", "farmer", "teacher", "veteran", "nurse", "student", "mother", "father", "grandmother", "grandfather", "widow", "widower",
        "immigrant", "refugee", "resident", "native", "family", "old", "someone", "person", "she", "he", "they", "husband", "wife", "son", "daughter", "child", "infant", "baby"]);
    internal static readonly WordSet FamilyNouns = new(["twins", "triplets", "family", "kids", "children", "siblings", "brothers", "sisters", "household", "parents", "boys", "girls", "clan", "couple"]);
    internal static readonly WordSet LowerFacilityWords = new(["living", "home", "unit", "facility", "center", "centre", "care", "rehab", "shelter", "hospital", "clinic", "residence"]);
    internal static readonly WordSet LowerFacilityLeads = new(["assisted", "memory", "care", "nursing", "group", "skilled", "senior", "adult", "day", "residential", "rehab", "retirement", "independent", "long-term"]);
    internal static readonly WordSet GenericFacilityWords = new(["transplant", "dialysis", "cancer", "heart", "children", "women", "family", "community", "medical", "health", "surgical",
        "surgery", "rehab", "emergency", "urgent", "primary", "care", "memory", "regional", "general", "university", "county", "state", "veterans", "mental", "behavioral",
        "sleep", "wound", "infusion", "pain", "spine", "eye", "kidney", "diabetes", "cardiac", "cardiology", "oncology", "nursing", "group", "home", "the", "our", "my", "your",
        "their", "his", "her", "this", "that", "a", "an", "new", "old", "local", "public", "private", "main", "central", "specialty", "outpatient", "inpatient", "day", "city",
        "national", "federal", "va", "er", "ed", "icu", "st", "saint", "med", "medicine", "nursing", "dental", "law", "business", "paediatric", "pediatric", "peds", "ped", "adult", "adults", "geriatric", "geriatrics",
        "psychiatric", "psych", "maternity", "trauma", "burn", "stroke", "poison", "device", "supportive", "palliative", "critical", "intensive", "next", "first", "last", "teaching", "academic", "rural", "free", "student", "school", "elementary", "middle", "high", "clinic"]);
    internal static readonly WordSet NotPlaceWords = new(["step", "phase", "table", "figure", "fig", "part", "section", "chapter", "appendix", "type", "stage", "grade", "class",
        "group", "arm", "cohort", "trial", "study", "children", "women", "men", "adults", "general", "internal", "family", "emergency", "medicine", "practice", "residency",
        "fellowship", "training", "clinic", "office", "theatre", "theater", "surgery", "addition", "summary", "conclusion", "contrast", "total", "particular", "fact", "response",
        "person", "private", "public", "reality", "theory", "vivo", "vitro", "utero", "situ", "toto", "question", "order", "case", "cases", "view", "terms", "light", "time",
        "part", "line", "real", "life", "hospital", "house", "ward", "bed", "room", "unit", "list", "lab", "labs", "imaging", "clinical", "patients", "pts", "adult", "pediatric",
        "pediatrics", "peds", "rheum", "cardiology", "nephrology", "neurology", "oncology", "primary", "secondary", "tertiary", "urgent", "acute", "chronic", "remission",
        "labor", "triage", "pacu", "recovery", "transit", "april", "may", "june", "spring", "summer", "fall", "autumn", "winter", "january", "february", "march", "july",
        "august", "september", "october", "november", "december", "english", "spanish", "french", "german", "portuguese", "arabic", "chinese", "mandarin", "cantonese"]);
    internal static readonly WordSet DirectPlaceCues = new(["visiting", "visited", "near", "outside", "leaving", "left", "toward", "towards", "reached", "employer", "hometown", "relocated"]);
    internal static readonly WordSet AgeCopulas = new(["is", "was", "turned", "turns", "turning", "i'm", "im", "am", "be", "being", "now", "aged", "age"]);
    internal static readonly WordSet AgeSubjects = new(["she", "he", "who", "pt", "patient", "mom", "dad", "mother", "father", "grandma", "grandpa", "grandmother", "grandfather",
        "wife", "husband", "aunt", "uncle", "nana", "papa", "gran", "granny", "sister", "brother", "man", "woman", "lady", "gentleman", "resident", "i", "neighbor", "neighbour"]);
    internal static readonly WordSet PlaceFollowers = new(["last", "until", "till", "since", "where", "when", "before", "after", "but", "so", "then", "now", "for", "as",
        "because", "while", "during", "recently", "originally", "years", "months", "weeks", "alone", "together", "independently", "area", "county", "city", "town"]);
    internal static readonly WordSet PossessivePronouns = new(["our", "their", "your", "my", "his", "her", "its"]);
    /// <summary>What a clinic is about ("Lupus Clinic", "Heart Failure Clinic") is no name of a place.</summary>
    internal static readonly WordSet ClinicTopics = new(["lupus", "failure", "arthritis", "asthma", "allergy", "epilepsy", "seizure", "headache", "vascular", "liver",
        "lung", "bone", "breast", "fertility", "obesity", "weight", "travel", "hiv", "hepatitis", "ibd", "ms", "anticoagulation", "movement", "disorders", "disorder",
        "sports", "hand", "foot", "skin", "dermatology", "rheumatology", "neurology", "cardiology", "oncology", "nephrology", "urology", "gastroenterology", "endocrine",
        "endocrinology", "thyroid", "prenatal", "antenatal", "postnatal", "well", "baby", "wellness", "vaccine", "vaccination", "immunization", "flu", "covid", "long",
        "fracture", "falls", "memory", "dementia", "stroke", "transgender", "gender", "addiction", "recovery", "methadone", "opioid", "smoking", "cessation", "diabetic",
        "retina", "glaucoma", "hearing", "voice", "swallow", "feeding", "nutrition", "lipid", "hypertension", "kidney", "renal", "dialysis", "transfusion", "blood",
        "cancer", "tumor", "tumour", "sarcoma", "lymphoma", "leukemia", "myeloma", "hematology", "haematology", "coagulation", "sickle", "cell", "pelvic", "continence",
        "incontinence", "bladder", "prostate", "menopause", "osteoporosis", "spine", "back", "neck", "joint", "knee", "hip", "shoulder", "wound", "burn", "ostomy",
        "infectious", "disease", "diseases", "tb", "tuberculosis", "refugee", "student", "employee", "occupational", "walk-in", "after-hours", "same-day"]);
    internal static readonly WordSet TempWords = new(["temp", "t", "tmax", "temperature", "febrile", "fever", "tm"]);
    internal static readonly WordSet NotPlaceHeads = new(["criteria", "score", "classification", "scale", "protocol", "guidelines", "study", "trial", "method", "rule", "rules", "technique", "model", "cohort"]);
    internal static readonly WordSet FacilityTails = new(["center", "centre", "system", "home", "hospital", "campus", "health", "clinic", "care", "services", "institute", "medical", "memorial", "rehabilitation", "rehab", "nursing", "hospice", "facility", "pavilion", "annex"]);

    private WordClass[] _classes = [];

    private bool Has(int i, WordClass c) => In(i) && (_classes[i] & c) != 0;

    private void ClassifyWords()
    {
        _classes = ArrayPool<WordClass>.Shared.Rent(_n + 1);
        for (var i = 0; i < _n; i++)
            _classes[i] = _tok[i].Kind is TokenKind.Word or TokenKind.Alnum && WordClasses.TryGet(T(i), out var c) ? c : WordClass.None;
    }

    private void ReturnClasses()
    {
        if (_classes.Length > 0) ArrayPool<WordClass>.Shared.Return(_classes);
        _classes = [];
    }

    private ReadOnlySpan<char> T(int i) => _text.AsSpan(_tok[i].Start, _tok[i].Length);
    private bool In(int i) => i >= 0 && i < _n;
    private bool IsWord(int i) => In(i) && _tok[i].Kind == TokenKind.Word;
    private bool IsNumber(int i) => In(i) && _tok[i].Kind == TokenKind.Number;
    private bool IsAlnum(int i) => In(i) && _tok[i].Kind == TokenKind.Alnum;
    private bool IsP(int i, char c) => In(i) && _tok[i].Kind == TokenKind.Punct && _text[_tok[i].Start] == c;
    private bool IsApostrophe(int i) => IsP(i, '\'') || IsP(i, '\u2019');
    private bool Adjacent(int i) => In(i) && !_tok[i].SpaceBefore;
    private bool Is(int i, string word) => IsWord(i) && T(i).Equals(word, StringComparison.OrdinalIgnoreCase);

    private bool IsCap(int i)
    {
        if (!IsWord(i)) return false;
        var s = T(i);
        if (!char.IsUpper(s[0])) return false;
        if (s.Length == 1) return true;
        foreach (var c in s[1..]) if (char.IsLower(c)) return true;
        return false;
    }

    private bool IsAllCaps(int i)
    {
        if (!In(i) || _tok[i].Kind == TokenKind.Punct || _tok[i].Kind == TokenKind.Number) return false;
        foreach (var c in T(i)) if (char.IsLower(c)) return false;
        return true;
    }

    private bool IsYear(int i)
    {
        if (!IsNumber(i) || _tok[i].Length != 4) return false;
        var s = T(i);
        return s.StartsWith("19") || s.StartsWith("20");
    }

    private bool IsInitial(int i) => IsWord(i) && _tok[i].Length == 1 && char.IsUpper(_text[_tok[i].Start]) && IsP(i + 1, '.') && Adjacent(i + 1);

    private bool SentenceStart(int i)
    {
        if (i == 0 || _tok[i].LineBefore) return true;
        var p = i - 1;
        if (_tok[p].Kind != TokenKind.Punct) return false;
        var c = _text[_tok[p].Start];
        if (c == '.') return !(IsInitial(p - 1) || IsWord(p - 1) && (Has(p - 1, WordClass.StrictTitles) || Has(p - 1, WordClass.Particles)));
        if (c == '-' || c == '*') return _tok[p].LineBefore || p == 0;
        if (c == '"') return _tok[p].SpaceBefore || _tok[p].LineBefore || p == 0;   // an opening quote, not a closing one
        return c is '!' or '?' or ':' or ';' or '\u201C' or '(' or '[' or '•' or '>';
    }

    /// <summary>A capitalised word that could be part of a person's name.</summary>
    private bool NameToken(int i, bool relaxed = false)
    {
        if (!IsCap(i) || _tok[i].Length < 2) return false;
        var s = T(i);
        if (!NameShaped(s)) return false;
        if (relaxed) return !Has(i, WordClass.FunctionWords) && !Has(i, WordClass.Months) && !Has(i, WordClass.Weekdays) && !Has(i, WordClass.HeadNouns) && !Has(i, WordClass.Titles);
        return !Has(i, WordClass.NeverNames) && !Has(i, WordClass.Months) && !Has(i, WordClass.Weekdays) && !Has(i, WordClass.HeadNouns)
            && !Has(i, WordClass.Holidays) && !Has(i, WordClass.Regions) && !Has(i, WordClass.Titles) && !Has(i, WordClass.Kinship);
    }

    /// <summary>A lower-case word that is a known name and nothing else ("her daughter maria" in chat).</summary>
    private bool LowerKnownName(int i) =>
        IsWord(i) && char.IsLower(_text[_tok[i].Start]) && _tok[i].Length >= 3 && Has(i, WordClass.GivenNames | WordClass.Surnames)
        && !Has(i, WordClass.CommonWords | WordClass.NeverNames | WordClass.FunctionWords | WordClass.Eponyms | WordClass.Months | WordClass.Weekdays
            | WordClass.HeadNouns | WordClass.Cities | WordClass.Regions | WordClass.Kinship | WordClass.Titles);

    /// <summary>Not "OlympiA", "Ib", "IIa" or "We've": odd capitals, Roman numerals and contractions are no names.</summary>
    private static bool NameShaped(ReadOnlySpan<char> s)
    {
        var roman = true;
        for (var k = 0; k < s.Length; k++)
        {
            var c = s[k];
            if (k > 0 && char.IsUpper(c))
            {
                // McDonald, MacArthur, DeShawn, LaToya, DiMaggio, O'Brien, VanDyke.
                var prior = s[..k];
                if (!(prior is "Mc" or "Mac" or "De" or "La" or "Di" or "Le" or "Du" or "Van" or "Da" || s[k - 1] is '\'' or '\u2019' or '-')) return false;
            }
            if ((c == '\'' || c == '\u2019') && k + 1 < s.Length && char.IsLower(s[k + 1]))
            {
                var rest = s[(k + 1)..];
                if (rest is "ve" or "ll" or "re" or "d" or "m" or "t" or "s") return false;
            }
            if (!(c is 'I' or 'V' or 'X' || k > 0 && c is 'a' or 'b' or 'c' or 'd' && k == s.Length - 1)) roman = false;
        }
        return !roman;
    }

    private bool Possessive(int i, out int next)
    {
        next = -1;
        if (!IsApostrophe(i + 1) || !Adjacent(i + 1)) return false;
        if (Is(i + 2, "s") && Adjacent(i + 2)) { next = i + 3; return true; }
        var s = T(i);
        if (s.Length > 1 && (s[^1] == 's' || s[^1] == 'S')) { next = i + 2; return true; }
        return false;
    }

    /// <summary>The last token of a person's name starting at <paramref name="i"/>, or -1 when what follows makes it a disease, a place or a citation.</summary>
    private int NameEnd(int i, bool relaxed = false)
    {
        var j = i;
        var last = -1;
        var words = 0;
        while (j < _n && words < 4)
        {
            if (j > i && _tok[j].LineBefore) break;
            if (IsInitial(j))
            {
                if (!(NameToken(j + 2, relaxed) || IsInitial(j + 2))) break;
                j += 2;
                continue;
            }
            if (j > i && IsWord(j) && Has(j, WordClass.Particles) && !IsCap(j) && NameToken(j + 1, relaxed)) { j++; continue; }
            // A nickname inside the name: Robert "Bobby" Finnegan.
            if (j > i && (IsP(j, '"') || IsP(j, '\u201C')) && NameToken(j + 1, true) && (IsP(j + 2, '"') || IsP(j + 2, '\u201D')) && NameToken(j + 3, true))
            { last = j + 3; words += 2; j += 4; continue; }
            if (!NameToken(j, relaxed && j == i || words > 0 && relaxed)) break;
            last = j;
            words++;
            j++;
            while (IsP(j, '-') && Adjacent(j) && Adjacent(j + 1) && NameToken(j + 1, true)) { last = j + 1; j += 2; }
        }
        if (last < 0) return -1;
        var after = last + 1;
        if (IsWord(after) && (Has(after, WordClass.HeadNouns) || T(after).Equals("et", StringComparison.OrdinalIgnoreCase))) return -1;
        if (Is(after, "and") && (Is(after + 1, "colleagues") || Is(after + 1, "coworkers") || Is(after + 1, "co-workers"))) return -1;   // a cited author
        if (Possessive(last, out var afterPossessive) && IsWord(afterPossessive) && Has(afterPossessive, WordClass.HeadNouns)) return -1;
        if (IsYear(after) || (IsP(after, ',') || IsP(after, '(')) && IsYear(after + 1)) return -1;
        if (IsP(after, ',') && IsWord(after + 1) && Has(after + 1, WordClass.NameSuffixes)) last = after + 1;
        else if (IsWord(after) && Has(after, WordClass.NameSuffixes) && IsCap(after)) last = after;
        if (IsWord(last) && Has(last, WordClass.NameSuffixes) && IsP(last + 1, '.') && Adjacent(last + 1)) last++;
        return last;
    }

    private void BuildCovered()
    {
        if (_exact.Count == 0) { _covered = []; return; }
        var merged = new (int Start, int End)[_exact.Count];
        var count = 0;
        foreach (var c in _exact)
        {
            if (count > 0 && c.Start < merged[count - 1].End) merged[count - 1].End = Math.Max(merged[count - 1].End, c.End);
            else merged[count++] = (c.Start, c.End);
        }
        _covered = count == merged.Length ? merged : merged[..count];
    }

    private bool Covered(int i)
    {
        var pos = _tok[i].Start;
        int lo = 0, hi = _covered.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (_covered[mid].End <= pos) lo = mid + 1;
            else if (_covered[mid].Start > pos) hi = mid - 1;
            else return true;
        }
        return false;
    }

    private void WalkTokens()
    {
        BuildCovered();
        ClassifyWords();
        for (var i = 0; i < _n; i++)
        {
            if (_tok[i].Kind == TokenKind.Punct)
            {
                if (_text[_tok[i].Start] == '+' && IsNumber(i + 1) && Adjacent(i + 1) && !Covered(i + 1)) InternationalPhone(i);
                continue;
            }
            if (Covered(i)) continue;
            switch (_tok[i].Kind)
            {
                case TokenKind.Word:
                    WordRules(i);
                    break;
                case TokenKind.Number:
                    NumberRules(i);
                    break;
                case TokenKind.Alnum:
                    if (!AlnumRules(i)) NumberRules(i);
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- words

    private void WordRules(int i)
    {
        if ((_classes[i] & WordClasses.LowerCaseRules) == 0 && !char.IsUpper(_text[_tok[i].Start])) return;
        var w = T(i);
        if (Has(i, WordClass.Months)) { MonthDate(i); return; }
        if (Has(i, WordClass.Holidays) && IsCap(i)) { Holiday(i); return; }
        if ((w.Equals("Day", StringComparison.Ordinal) || w.Equals("Eve", StringComparison.Ordinal))) { HolidayDay(i); return; }
        if (Has(i, WordClass.Weekdays) || w.Equals("the", StringComparison.OrdinalIgnoreCase)) { OrdinalDate(i); if (!Has(i, WordClass.Weekdays)) TheFamily(i); return; }
        if (Has(i, WordClass.AgeWords)) { AgeAfterWord(i); return; }
        if (w.Equals("ninety", StringComparison.OrdinalIgnoreCase) || w.Equals("hundred", StringComparison.OrdinalIgnoreCase)) { AgeInWords(i); return; }
        if (Has(i, WordClass.AgeNouns)) { if (!IsP(i - 1, '#')) Add(_tok[i].Start, _tok[i].End, IdentifierType.Age, 0.8, RankStrong); return; }
        if (w.Equals("st", StringComparison.OrdinalIgnoreCase) || w.Equals("saint", StringComparison.OrdinalIgnoreCase) || w.Equals("ste", StringComparison.OrdinalIgnoreCase)) SaintPlace(i);
        if ((w.Equals("Route", StringComparison.Ordinal) || w.Equals("Highway", StringComparison.Ordinal) || w.Equals("Hwy", StringComparison.Ordinal)) && IsNumber(i + 1)) RouteAddress(i);
        if (w.Equals("in", StringComparison.OrdinalIgnoreCase)) { AgeDecade(i); return; }
        if (w.Equals("box", StringComparison.OrdinalIgnoreCase)) { PoBox(i); return; }
        if (Has(i, WordClass.UnitWords)) { UnitNumber(i); return; }
        if (w.Length == 2 && Lexicon.StateCodeLookup.Contains(w)) { CityState(i); return; }

        if (Has(i, WordClass.Titles) && (TitledName(i) || Has(i, WordClass.StrictTitles))) return;
        if (Has(i, WordClass.PatientWords)) { PatientName(i); return; }
        if (Has(i, WordClass.Kinship)) { KinName(i); if (!IsCap(i)) return; }
        if (Has(i, WordClass.NameIntroducers) || Has(i, WordClass.IntroAfterName) || w.Equals("i'm", StringComparison.OrdinalIgnoreCase) || w.Equals("am", StringComparison.OrdinalIgnoreCase) && Is(i - 1, "i"))
        { IntroName(i); return; }
        if (!IsCap(i) && !IsAllCaps(i))
        {
            if (Has(i, WordClass.Cities) && _tok[i].Length >= 4) LowerCity(i);
            if (Has(i, WordClass.LowerFacilityWords)) LowerFacility(i);
            StreetWithoutNumber(i);
            return;
        }

        if (Has(i, WordClass.CountyWords) && IsCap(i)) County(i);
        if (Has(i, WordClass.FacilityWords)) Facility(i);
        if (Has(i, WordClass.Regions) && IsP(i - 1, ',')) CityState(i);
        if (IsCap(i))
        {
            CuedPlace(i);
            DictionaryName(i);
        }
    }

    private bool TitledName(int i)
    {
        var strict = Has(i, WordClass.StrictTitles);
        var j = i + 1;
        var dot = false;
        if (IsP(j, '.') && Adjacent(j)) { j++; dot = true; }
        if (!In(j) || _tok[j].LineBefore) return false;
        if (strict && IsWord(j) && char.IsLower(_text[_tok[j].Start]) && char.IsLower(_text[_tok[i].Start]))
        {
            // Chat style, "mr alvarez", "mrs. o'sullivan-park": a known name, or after "mrs." any word that is no ordinary one.
            var known = LowerKnownName(j) || dot && _tok[j].Length >= 3 && !Has(j, WordClass.CommonWords | WordClass.NeverNames | WordClass.FunctionWords | WordClass.Months | WordClass.Weekdays | WordClass.HeadNouns);
            if (!known) return false;
            var last = j;
            while (IsP(last + 1, '-') && Adjacent(last + 1) && IsWord(last + 2) && Adjacent(last + 2)) last += 2;
            if (LowerKnownName(last + 1) || IsWord(last + 1) && Has(last + 1, WordClass.Surnames) && !Has(last + 1, WordClass.FunctionWords | WordClass.CommonWords)) last++;
            Add(_tok[i].Start, _tok[last].End, IdentifierType.Name, 0.8, RankStrong);
            return true;
        }
        if (strict && !IsCap(i) && !_text.AsSpan(_tok[i].Start, _tok[i].Length).SequenceEqual("dr")) return false;
        var end = NameEnd(j, strict);
        if (end < 0) return false;
        if (!strict && !IsCap(i) && !Has(j, WordClass.GivenNames) && !Has(j, WordClass.Surnames)) return false;
        Add(_tok[i].Start, _tok[end].End, IdentifierType.Name, strict ? 0.95 : 0.85, RankStrong);
        return true;
    }

    private void PatientName(int i)
    {
        var j = i + 1;
        if (IsP(j, ',') || IsP(j, ':') || IsP(j, '(')) j++;
        if (Is(j, "is") || Is(j, "was") || Is(j, "named") || Is(j, "called")) j++;
        if (!In(j) || _tok[j].LineBefore) return;
        if (LowerKnownName(j))
        {
            // "pt jane smith", "pt is tomas reyes".
            var last = j;
            if (IsWord(j + 1) && char.IsLower(_text[_tok[j + 1].Start]) && (Has(j + 1, WordClass.Surnames | WordClass.GivenNames) || LowerKnownName(j + 1))
                && !Has(j + 1, WordClass.FunctionWords | WordClass.NeverNames | WordClass.CommonWords)) last = j + 1;
            Add(_tok[j].Start, _tok[last].End, IdentifierType.Name, 0.75, RankContext);
            return;
        }
        var end = NameEnd(j);
        if (end < 0) return;
        var known = Has(j, WordClass.GivenNames) || Has(j, WordClass.Surnames);
        if (Has(j, WordClass.CommonWords) && end == j && !known) return;
        if (Has(j, WordClass.Eponyms) && end == j || LooksLikeDrug(T(j))) return;
        Add(_tok[j].Start, _tok[end].End, IdentifierType.Name, known || end > j ? 0.85 : 0.75, RankContext);
    }

    /// <summary>"the Nkosi twins", "the Alvarez family".</summary>
    private void TheFamily(int i)
    {
        var j = i + 1;
        if (!NameToken(j) || Has(j, WordClass.Eponyms | WordClass.Cities | WordClass.CommonWords)) return;
        var end = j;
        if (NameToken(j + 1) && !_tok[j + 1].LineBefore) end = j + 1;
        if (Is(end, "s") && IsApostrophe(end - 1)) return;
        if (!(IsWord(end + 1) && FamilyNouns.Contains(T(end + 1)))) return;
        Add(_tok[j].Start, _tok[end].End, IdentifierType.Name, 0.75, RankContext);
    }

    private void KinName(int i)
    {
        var j = i + 1;
        if (Is(j, "boy") || Is(j, "girl")) j++;   // "Baby boy Okafor-Danjuma"
        if (IsP(j, ',') || IsP(j, ':') || IsP(j, '(')) j++;
        if (!In(j) || _tok[j].LineBefore) return;
        if (LowerKnownName(j)) { Add(_tok[j].Start, _tok[j].End, IdentifierType.Name, 0.7, RankContext); return; }
        var end = NameEnd(j);
        if (end < 0) return;
        if (Has(j, WordClass.Cities) && !Has(j, WordClass.GivenNames)) return;
        Add(_tok[j].Start, _tok[end].End, IdentifierType.Name, 0.85, RankContext);
    }

    private void IntroName(int i)
    {
        var j = i + 1;
        while (In(j) && (IsP(j, ',') || IsP(j, ':') || IsP(j, '-') || Is(j, "is") || IsApostrophe(j) || Is(j, "s") && Adjacent(j))) j++;
        if (!In(j) || j - i > 3) return;
        var w = T(i);
        if (LowerKnownName(j) && !w.Equals("per", StringComparison.OrdinalIgnoreCase) && !w.Equals("love", StringComparison.OrdinalIgnoreCase))
        {
            Add(_tok[j].Start, _tok[j].End, IdentifierType.Name, 0.65, RankContext);
            return;
        }
        var end = NameEnd(j);
        if (end < 0) return;
        var weak = w.Equals("per", StringComparison.OrdinalIgnoreCase) || w.Equals("ask", StringComparison.OrdinalIgnoreCase) || w.Equals("asked", StringComparison.OrdinalIgnoreCase)
            || w.Equals("tell", StringComparison.OrdinalIgnoreCase) || w.Equals("told", StringComparison.OrdinalIgnoreCase) || w.Equals("love", StringComparison.OrdinalIgnoreCase)
            || w.Equals("called", StringComparison.OrdinalIgnoreCase);
        if (weak && end == j && !Has(j, WordClass.GivenNames) && !Has(j, WordClass.Surnames)) return;
        if (weak && Has(j, WordClass.Eponyms) && end == j) return;
        Add(_tok[j].Start, _tok[end].End, IdentifierType.Name, weak ? 0.7 : 0.85, RankContext);
    }

    private void DictionaryName(int i)
    {
        if (IsInitial(i) && NameToken(i + 2) && (Has(i + 2, WordClass.Surnames) || Has(i + 2, WordClass.GivenNames)) && !Has(i + 2, WordClass.Eponyms))
        {
            // "J. Smith": an initial and a known surname.
            var last = NameEnd(i);
            if (last > i) Add(_tok[i].Start, _tok[last].End, IdentifierType.Name, 0.8, RankContext);
            return;
        }
        var w = T(i);
        if (!NameToken(i)) return;
        var given = Has(i, WordClass.GivenNames);
        var surname = Has(i, WordClass.Surnames);
        if (!given && !surname)
        {
            // An unknown capitalised word that says or does what people do: "Tomasz thinks", "Okafor said".
            if (_classes[i] == WordClass.None && IsWord(i + 1) && PersonVerbs.Contains(T(i + 1)) && !_tok[i + 1].LineBefore && _tok[i].Length >= 3
                && !IsCap(i - 1) && !IsAllCaps(i - 1) && !LooksLikeDrug(T(i)))
                Add(_tok[i].Start, _tok[i].End, IdentifierType.Name, 0.55, RankGuess);
            return;
        }
        var start = SentenceStart(i);
        var next = i + 1;
        if (NameToken(next) && !_tok[next].LineBefore)
        {
            if (!given) return;
            var end = NameEnd(i);
            if (end <= i) return;
            var secondSurname = Has(next, WordClass.Surnames);
            if (Has(i, WordClass.CommonWords) && !secondSurname) return;
            if (Lexicon.Cities.Contains(_text.AsSpan(_tok[i].Start, _tok[next].End - _tok[i].Start))) return;
            Add(_tok[i].Start, _tok[end].End, IdentifierType.Name, secondSurname ? 0.9 : 0.8, RankContext);
            return;
        }
        if (given && Has(i, WordClass.CommonWords) && IsWord(i + 1) && PersonVerbs.Contains(T(i + 1)) && !IsCap(i - 1))
        {
            // "Rose called back": an ordinary word as a given name, when a person's verb follows.
            Add(_tok[i].Start, _tok[i].End, IdentifierType.Name, 0.5, RankGuess);
            return;
        }
        if (Has(i, WordClass.CommonWords) || Has(i, WordClass.Eponyms) || Has(i, WordClass.Cities) && !given) return;
        if (IsCap(i - 1) || IsAllCaps(i - 1) && IsWord(i - 1) || IsP(i - 1, '.') && IsWord(i - 2) && _tok[i - 2].Length <= 3 && IsCap(i - 2)) return;
        if (IsP(i - 1, '#') || IsP(i - 1, '@') || IsTagOrHandle(i)) return;
        if (NameEnd(i) < 0) return;
        if (start)
        {
            if (!given) return;
            var n = i + 1;
            if (IsWord(n) && char.IsUpper(_text[_tok[n].Start])) return;
            Add(_tok[i].Start, _tok[i].End, IdentifierType.Name, 0.5, RankGuess);
            return;
        }
        Add(_tok[i].Start, _tok[i].End, IdentifierType.Name, given ? 0.65 : 0.5, RankGuess);
    }

    private static readonly string[] DrugEndings = ["mab", "nib", "cept", "kinra", "tide", "pril", "sartan", "olol", "statin", "mycin", "cillin", "floxacin",
        "azole", "vir", "parin", "lukast", "tidine", "prazole", "semide", "thiazide", "triptan", "setron", "dronate", "gliflozin", "gliptin", "glutide", "platin",
        "rubicin", "taxel", "limus", "sporin", "cycline", "penem", "sulfan", "mustine", "fungin", "afil", "osin", "terol", "sone", "olone", "asone", "pam", "lam", "azepam"];

    private static bool LooksLikeDrug(ReadOnlySpan<char> word)
    {
        foreach (var ending in DrugEndings)
            if (word.EndsWith(ending, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Later mentions of a name found with context ("Mr. Alvarez … Alvarez said") are names too.</summary>
    private void SpreadNames()
    {
        HashSet<string>? names = null;
        foreach (var c in _found)
        {
            if (c.Type != IdentifierType.Name || c.Confidence < 0.75) continue;
            for (var i = TokenAt(c.Start); i < _n && _tok[i].Start < c.End; i++)
                if (NameToken(i, true) && !Has(i, WordClass.StrictTitles) && !Has(i, WordClass.NeverNames))
                    (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(T(i).ToString());
        }
        if (names is null) return;
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < _n; i++)
            if (IsCap(i) && lookup.Contains(T(i)) && !Covered(i))
            {
                if (Possessive(i, out var after) && IsWord(after) && Has(after, WordClass.HeadNouns)) continue;
                if (IsWord(i + 1) && Has(i + 1, WordClass.HeadNouns)) continue;
                Add(_tok[i].Start, _tok[i].End, IdentifierType.Name, 0.8, RankContext);
            }
    }

    private int TokenAt(int pos)
    {
        int lo = 0, hi = _n - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (_tok[mid].End <= pos) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ---------------------------------------------------------------- places

    /// <summary>First token of the run of capitalised words that ends at <paramref name="last"/> ("St. Mary's", "Fresno").</summary>
    private int CapRunStart(int last, int maxWords)
    {
        var k = last;
        var words = 0;
        var first = -1;
        while (k >= 0 && words < maxWords)
        {
            if (IsCap(k) || IsAllCaps(k) && IsWord(k) && _tok[k].Length <= 4)
            {
                if (Has(k, WordClass.NeverNames) && !T(k).Equals("st", StringComparison.OrdinalIgnoreCase) && !IsAllCaps(k)) break;
                first = k;
                words++;
                k--;
                if (k >= 0 && _tok[k + 1].LineBefore) break;
                continue;
            }
            if (Is(k, "s") && Adjacent(k) && IsApostrophe(k - 1)) { k -= 2; continue; }
            if (IsP(k, '.') && IsCap(k - 1) && _tok[k - 1].Length <= 3) { k--; continue; }
            if ((Is(k, "of") || IsP(k, '&') || Is(k, "and")) && IsCap(k - 1)) { k--; continue; }
            if (IsP(k, '-') && Adjacent(k) && IsCap(k - 1)) { k--; continue; }
            break;
        }
        return first;
    }

    private void County(int i)
    {
        var start = CapRunStart(i - 1, 3);
        if (start < 0 || Has(start, WordClass.Regions) && start == i - 1 && !Is(i, "county")) return;
        Add(_tok[start].Start, _tok[i].End, IdentifierType.Location, 0.9, RankStrong);
    }

    /// <summary>Start of a facility's name before its type word: capitalised words, "St." and possessives; religious and generic words allowed.</summary>
    private int FacilityRunStart(int last)
    {
        var k = last;
        var first = -1;
        var words = 0;
        while (k >= 0 && words < 5)
        {
            if (IsCap(k) || IsAllCaps(k) && IsWord(k) && _tok[k].Length <= 4)
            {
                if (Has(k, WordClass.FunctionWords) || Has(k, WordClass.Months | WordClass.Weekdays | WordClass.Titles) || Is(k, "the") || PossessivePronouns.Contains(T(k))) break;
                first = k;
                words++;
                if (_tok[k].LineBefore) break;
                k--;
                continue;
            }
            if (Is(k, "s") && Adjacent(k) && IsApostrophe(k - 1)) { k -= 2; continue; }
            if (IsP(k, '.') && IsCap(k - 1) && _tok[k - 1].Length <= 3) { k--; continue; }
            if ((Is(k, "of") || IsP(k, '&') || Is(k, "and")) && IsCap(k - 1)) { k--; continue; }
            if (IsP(k, '-') && IsCap(k - 1)) { k--; continue; }
            break;
        }
        if (first < 0) return -1;
        // One word at least must be a proper name, not "Transplant Center" or "The Clinic".
        for (var m = first; m <= last; m++)
            if ((IsCap(m) || IsAllCaps(m)) && IsWord(m) && !GenericFacilityWords.Contains(T(m)) && !ClinicTopics.Contains(T(m)) && !Has(m, WordClass.FacilityWords)
                && !Has(m, WordClass.HeadNouns | WordClass.Eponyms)) return first;
        return -1;
    }

    private void Facility(int i)
    {
        var start = FacilityRunStart(i - 1);
        if (start < 0) return;
        if (start == i - 1 && SentenceStart(start) && !Has(start, WordClass.Cities | WordClass.Surnames | WordClass.GivenNames)) return;
        var end = i;
        while (IsWord(end + 1) && (IsCap(end + 1) || IsAllCaps(end + 1)) && (FacilityTails.Contains(T(end + 1)) || Has(end + 1, WordClass.FacilityWords))) end++;
        // "Baptist Memorial - Tupelo": the branch's town belongs to the name.
        if (IsP(end + 1, '-') && IsCap(end + 2) && !Has(end + 2, WordClass.FunctionWords)) end += 2;
        if (IsWord(end + 1) && (Has(end + 1, WordClass.NotPlaceHeads) || Is(end + 1, "experience") || Is(end + 1, "series") || Is(end + 1, "approach") || Is(end + 1, "data"))) return;
        Add(_tok[start].Start, _tok[end].End, IdentifierType.Location, 0.75, RankContext);
    }

    /// <summary>"Sunrise Terrace assisted living", "Maple Grove memory care unit": a name before a lower-case kind of home.</summary>
    private void LowerFacility(int i)
    {
        var k = i - 1;
        while (k >= 0 && IsWord(k) && !IsCap(k) && LowerFacilityLeads.Contains(T(k)) && i - k <= 3) k--;
        if (!IsCap(k) || Has(k, WordClass.NeverNames) && !IsCap(k)) return;
        var start = FacilityRunStart(k);
        if (start < 0 || Has(start, WordClass.Eponyms) && start == k) return;
        if (start == k && (SentenceStart(k) || Has(k, WordClass.NeverNames))) return;   // "Palliative care", "Rheum clinic": no name
        var end = i;
        while (IsWord(end + 1) && !IsCap(end + 1) && (LowerFacilityWords.Contains(T(end + 1)) || Is(end + 1, "facility"))) end++;
        Add(_tok[start].Start, _tok[end].End, IdentifierType.Location, 0.7, RankContext);
    }

    /// <summary>"St. Luke's", "st. joseph's", "Saint Mary's Hospital": a saint's name is a church, school or hospital.</summary>
    private void SaintPlace(int i)
    {
        var j = i + 1;
        if (IsP(j, '.') && Adjacent(j)) j++;
        if (!IsWord(j) || _tok[j].LineBefore) return;
        var lower = !IsCap(i);
        if (!(IsCap(j) || lower && char.IsLower(_text[_tok[j].Start]) && _tok[j].Length >= 3)) return;
        if (Has(j, WordClass.FunctionWords) || Has(j, WordClass.NeverNames) && !Has(j, WordClass.GivenNames)) return;
        var end = j;
        if (Possessive(j, out var after)) end = after - 1;
        if (IsWord(after) && (Is(after, "wort") || Is(after, "dance") || Is(after, "disease"))) return;
        if (end == j && !IsCap(j)) return;   // "st. joseph" with no possessive in chat is too thin
        while (IsWord(end + 1) && IsCap(end + 1) && (FacilityTails.Contains(T(end + 1)) || Has(end + 1, WordClass.FacilityWords))) end++;
        Add(_tok[i].Start, _tok[end].End, IdentifierType.Location, 0.75, RankContext);
    }

    private void CityState(int i)
    {
        // "Dayton, OH 45402", "Springfield, Illinois", "Dayton OH 45402": the town before the state locates the person.
        var isCode = T(i).Length == 2;
        if (isCode && !IsAllCaps(i)) return;
        var zipAfter = IsNumber(i + 1) && _tok[i + 1].Length == 5;
        var comma = IsP(i - 1, ',');
        if (!comma && !(isCode && zipAfter && IsCap(i - 1))) return;
        if (isCode && AmbiguousStateCodes.Contains(T(i)) && !zipAfter) return;
        var last = comma ? i - 2 : i - 1;
        var start = CapRunStart(last, 3);
        if (start < 0) return;
        var city = _text.AsSpan(_tok[start].Start, _tok[last].End - _tok[start].Start);
        if (Lexicon.Regions.Contains(city)) return;
        Add(_tok[start].Start, _tok[last].End, IdentifierType.Location, 0.85, RankStrong);
        if (zipAfter) Zip(i + 1, 0.95);
    }

    private void CuedPlace(int i)
    {
        if (Covered(i)) return;
        var p = i - 1;
        if (Is(p, "the") && !IsCap(p)) p--;
        var strong = false;
        var weak = false;
        if (IsWord(p) && Has(p, WordClass.WeakPlaceCues))
        {
            weak = true;
            // "a 92 yo from Brooklyn": a person or an age just before "from".
            if (Is(p, "from") && (IsWord(p - 1) && PersonNouns.Contains(T(p - 1)) || IsAlnum(p - 1))) strong = true;
            // "lives with her daughter in Dayton": a strong cue earlier in the same clause.
            for (var q = p - 1; q >= 0 && q >= p - 6 && !_tok[q + 1].LineBefore; q--)
            {
                if (_tok[q].Kind == TokenKind.Punct && _text[_tok[q].Start] is '.' or ';' or '!' or '?') break;
                if (IsWord(q) && Has(q, WordClass.StrongPlaceCues)) { strong = true; break; }
            }
        }
        else if (IsP(p, ':') && IsWord(p - 1) && DirectPlaceCues.Contains(T(p - 1))) strong = true;          // "Employer: Keystone Fabrication"
        else if (IsWord(p) && DirectPlaceCues.Contains(T(p))) strong = true;
        if (!strong && !weak) return;

        var end = i;
        while (end + 1 < _n && !_tok[end + 1].LineBefore && end - i < 3)
        {
            if (IsCap(end + 1) && !Has(end + 1, WordClass.NeverNames)) { end++; continue; }
            if (IsP(end + 1, '.') && Adjacent(end + 1) && _tok[end].Length <= 3 && IsCap(end + 2)) { end += 2; continue; }
            break;
        }
        var first = T(i);
        if (Has(i, WordClass.NeverNames | WordClass.Months | WordClass.Weekdays | WordClass.Titles | WordClass.Holidays | WordClass.Kinship)) return;
        var span = _text.AsSpan(_tok[i].Start, _tok[end].End - _tok[i].Start);
        if (end == i ? Has(i, WordClass.Regions) : Lexicon.Regions.Contains(span)) return;
        if (IsWord(end + 1) && (Has(end + 1, WordClass.NotPlaceHeads) || Has(end + 1, WordClass.HeadNouns) && !Has(end + 1, WordClass.FacilityWords))) return;
        if (Possessive(end, out var afterPossessive) && IsWord(afterPossessive) && Has(afterPossessive, WordClass.HeadNouns) && !Has(afterPossessive, WordClass.FacilityWords)) return;
        var city = Has(i, WordClass.Cities) || end > i && Lexicon.Cities.Contains(span);
        if (!city && (NotPlaceWords.Contains(first) || GenericFacilityWords.Contains(first) && end == i)) return;   // "worked in Emergency Medicine"
        // "talked to Charlotte": a town that is also a given name needs a strong cue, or "in"/"near".
        var placeWord = Is(p, "in") || Is(p, "near");
        if (Has(i, WordClass.GivenNames) && !(city && (strong || placeWord))) return;
        if (strong)
        {
            Add(_tok[i].Start, _tok[end].End, IdentifierType.Location, city ? 0.9 : 0.75, RankContext);
            return;
        }
        if (Is(p, "of")) return;
        if (city) { if (!ConferenceNear(_tok[i].Start)) Add(_tok[i].Start, _tok[end].End, IdentifierType.Location, 0.7, RankContext); return; }
        // "near Belfast", "Keystone Fabrication in Altoona", "a 27M from Millbrook": an unknown capitalised word after "near",
        // or after "in"/"from" that follow a place or a person — not "published in Nature", "data from Pfizer".
        if (!(placeWord || Is(p, "from"))) return;
        var b = p - 1;
        var anchored = Is(p, "near") || IsCap(b) && !SentenceStart(b) && !Has(b, WordClass.NeverNames) || IsWord(b) && PersonNouns.Contains(T(b)) || IsAlnum(b);
        if (!anchored) return;
        if (Has(i, WordClass.Surnames | WordClass.CommonWords | WordClass.Eponyms | WordClass.HeadNouns | WordClass.FunctionWords) || NotPlaceWords.Contains(first)
            || IsAllCaps(i) || _tok[i].Length < 3 || LooksLikeDrug(first) || IsNumber(end + 1) || IsAlnum(end + 1) || !NameShaped(first)) return;
        // "in Western pts": a capitalised word before a lower-case noun is an adjective.
        if (IsWord(end + 1) && !_tok[end + 1].LineBefore && char.IsLower(_text[_tok[end + 1].Start]) && !Has(end + 1, WordClass.FunctionWords | WordClass.WeakPlaceCues)
            && !PlaceFollowers.Contains(T(end + 1))) return;
        if (ConferenceNear(_tok[i].Start)) return;
        Add(_tok[i].Start, _tok[end].End, IdentifierType.Location, 0.6, RankContext);
    }

    private void LowerCity(int i)
    {
        // Chat style: "lives in dayton", "moved to fresno" — only a known city after a strong cue.
        var p = i - 1;
        if (!(IsWord(p) && (Has(p, WordClass.StrongPlaceCues) || Has(p, WordClass.WeakPlaceCues) && IsWord(p - 1) && Has(p - 1, WordClass.StrongPlaceCues)))) return;
        if (Has(i, WordClass.CommonWords | WordClass.GivenNames | WordClass.NeverNames | WordClass.FunctionWords)) return;
        Add(_tok[i].Start, _tok[i].End, IdentifierType.Location, 0.6, RankContext);
    }

    private bool ConferenceNear(int pos)
    {
        var from = Math.Max(0, pos - 80);
        var before = _text.AsSpan(from, pos - from);
        if (before.Contains('#')) return true;
        foreach (var range in before.SplitAny(" ,.;:()\n"))
            if (ConferenceWords.Contains(before[range])) return true;
        return false;
    }

    private void StreetWithoutNumber(int i)
    {
        // "lives on Elm Street": a named street after "on"/"off"/"at" without a house number.
        if (!(Is(i, "on") || Is(i, "off") || Is(i, "at"))) return;
        var j = i + 1;
        var words = 0;
        while (IsCap(j) && words < 3 && !Has(j, WordClass.FullStreetSuffixes)) { j++; words++; }
        if (words == 0 || !IsWord(j) || !IsCap(j) || !Has(j, WordClass.FullStreetSuffixes)) return;
        if (Has(i + 1, WordClass.NeverNames)) return;
        Add(_tok[i + 1].Start, _tok[j].End, IdentifierType.Address, 0.75, RankStrong);
    }

    // ---------------------------------------------------------------- addresses

    private static readonly WordSet StreetPrefixes = new(["paseo", "calle", "camino", "avenida", "via", "rue", "rua", "route", "highway", "hwy", "rte", "ruta", "avenue", "county", "state", "farm", "rr"]);
    private static readonly WordSet StreetParticles = new(["del", "de", "la", "los", "las", "el", "of", "the", "du", "des", "da", "do", "dos", "di"]);

    private bool StreetAddress(int i)
    {
        // "42 Elm Street", "1200 N. Oak Ave Apt 4B": a house number, up to four words, a street type.
        var s = T(i);
        if (s.Length > 6 || !char.IsAsciiDigit(s[0])) return false;
        var j = i + 1;
        if (IsWord(j) && IsCap(j) && StreetPrefixes.Contains(T(j)) && !_tok[j].LineBefore)
        {
            // "1201 Paseo del Norte", "12 Route 9", "40 Avenue of the Americas".
            var e = j;
            var k = j + 1;
            while (k < _n && k - j <= 4 && !_tok[k].LineBefore && (IsCap(k) || IsNumber(k) || IsWord(k) && StreetParticles.Contains(T(k)) && (IsCap(k + 1) || IsWord(k + 1) && StreetParticles.Contains(T(k + 1)))))
            {
                if (IsCap(k) || IsNumber(k)) e = k;
                k++;
            }
            if (e > j)
            {
                e = UnitAfter(e);
                Add(_tok[i].Start, _tok[e].End, IdentifierType.Address, 0.85, RankStrong);
                AfterAddress(e);
                return true;
            }
        }
        var named = 0;
        while (j < _n && j - i <= 6 && !_tok[j].LineBefore)
        {
            if (named > 0 && IsWord(j) && Has(j, WordClass.StreetSuffixes) && (IsCap(j) || IsAllCaps(j)))
            {
                var end = j;
                if (IsP(end + 1, '.') && Adjacent(end + 1)) end++;
                if (IsWord(end + 1) && Has(end + 1, WordClass.Directionals) && IsCap(end + 1) || IsAllCaps(end + 1) && IsWord(end + 1) && Has(end + 1, WordClass.Directionals)) end++;
                end = UnitAfter(end);
                Add(_tok[i].Start, _tok[end].End, IdentifierType.Address, 0.9, RankStrong);
                AfterAddress(end);
                return true;
            }
            if (IsCap(j) || IsAllCaps(j) && IsWord(j) || IsAlnum(j) && IsOrdinal(j) || IsWord(j) && Has(j, WordClass.Directionals) && IsCap(j)) { named++; j++; continue; }
            if (IsP(j, '.') && Adjacent(j) && _tok[j - 1].Length <= 2) { j++; continue; }
            break;
        }
        return false;
    }

    /// <summary>", Millbrook", ", Las Cruces 88001" after a street address: the town and the ZIP of the address.</summary>
    private void AfterAddress(int end)
    {
        var k = end + 1;
        if (IsP(k, ',')) k++;
        if (!IsCap(k) || _tok[k].LineBefore || Has(k, WordClass.FunctionWords | WordClass.NeverNames | WordClass.Months | WordClass.Weekdays) && !Has(k, WordClass.Cities)) return;
        if (T(k).Length == 2 && IsAllCaps(k)) return;
        var e = k;
        while (IsCap(e + 1) && e - k < 2 && !_tok[e + 1].LineBefore && !Has(e + 1, WordClass.FunctionWords)) e++;
        if (Lexicon.Regions.Contains(_text.AsSpan(_tok[k].Start, _tok[e].End - _tok[k].Start))) return;
        Add(_tok[k].Start, _tok[e].End, IdentifierType.Location, 0.8, RankStrong);
        if (IsNumber(e + 1) && _tok[e + 1].Length == 5) Zip(e + 1, 0.9);
    }

    private void RouteAddress(int i)
    {
        // "Route 9", "Highway 61" as part of where someone lives.
        if (_tok[i + 1].Length > 3 || FollowedByUnit(_tok[i + 1].End)) return;
        Add(_tok[i].Start, _tok[i + 1].End, IdentifierType.Address, 0.7, RankContext);
        AfterAddress(i + 1);
    }

    private int UnitAfter(int end)
    {
        var k = end + 1;
        if (IsP(k, ',')) k++;
        if (IsP(k, '#') && (IsNumber(k + 1) || IsAlnum(k + 1))) return k + 1;
        if (IsWord(k) && Has(k, WordClass.UnitWords) && !Is(k, "floor") && !Is(k, "lot"))
        {
            k++;
            if (IsP(k, '.') || IsP(k, '#')) k++;
            if (IsNumber(k) || IsAlnum(k) || IsWord(k) && _tok[k].Length <= 2 && IsAllCaps(k)) return k;
        }
        return end;
    }

    private void UnitNumber(int i)
    {
        // "Apt 4B", "Suite 210", "Unit #3": a dwelling unit, not a hospital unit ("4 West", "bed 12").
        var w = T(i);
        if (Is(i, "floor") || Is(i, "fl") || Is(i, "trlr") || Is(i, "trailer")) return;
        // "Lot 14, Pine Ridge Mobile Home Park": a lot in a park, not a vaccine's lot number.
        if (Is(i, "lot") && !(IsCap(i) && IsNumber(i + 1) && IsP(i + 2, ',') && IsCap(i + 3))) return;
        if ((Is(i, "unit") || Is(i, "building") || Is(i, "bldg")) && !IsCap(i)) return;
        var k = i + 1;
        if (IsP(k, '.') && Adjacent(k)) k++;
        if (IsP(k, '#')) k++;
        if (!(IsNumber(k) || IsAlnum(k) || IsWord(k) && _tok[k].Length == 1 && IsAllCaps(k))) return;
        if (IsAlnum(k) && _text[_tok[k].Start] is 'x' or 'X') return;   // "flat x2" is a trend, not a flat
        if (IsNumber(k) && w.Equals("unit", StringComparison.OrdinalIgnoreCase) && !IsP(k - 1, '#') && _tok[k].Length > 3) return;
        if (FollowedByUnit(_tok[k].End)) return;
        Add(_tok[i].Start, _tok[k].End, IdentifierType.Address, 0.85, RankStrong);
    }

    private void PoBox(int i)
    {
        var k = i - 1;
        if (IsP(k, '.')) k--;
        var start = -1;
        if (Is(k, "po") || Is(k, "p.o")) start = k;
        else if (Is(k, "o") && IsP(k - 1, '.') && Is(k - 2, "p")) start = k - 2;
        else if (Is(k, "post") && Is(k - 1, "office")) start = k;
        if (start < 0) return;
        var n = i + 1;
        if (IsP(n, '#')) n++;
        if (!IsNumber(n) && !IsAlnum(n)) return;
        Add(_tok[start].Start, _tok[n].End, IdentifierType.Address, 0.95, RankStrong);
    }

    private void Zip(int i, double confidence)
    {
        var end = i;
        if (IsP(i + 1, '-') && Adjacent(i + 1) && IsNumber(i + 2) && _tok[i + 2].Length == 4) end = i + 2;
        Add(_tok[i].Start, _tok[end].End, IdentifierType.ZipCode, confidence, RankStrong);
    }

    // ---------------------------------------------------------------- word dates and ages

    private bool IsOrdinal(int i)
    {
        if (!IsAlnum(i)) return false;
        var s = T(i);
        var d = 0;
        while (d < s.Length && char.IsAsciiDigit(s[d])) d++;
        if (d is 0 or > 2 || s.Length - d != 2) return false;
        var suffix = s[d..];
        return suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase);
    }

    private int DayNumber(int i)
    {
        if (IsNumber(i) && _tok[i].Length <= 2) return Num(T(i));
        if (IsOrdinal(i)) { var s = T(i); return Num(s[..(s.Length - 2)]); }
        return -1;
    }

    private void MonthDate(int i)
    {
        var w = T(i);
        var full = w.Length > 4 || w.Equals("june", StringComparison.OrdinalIgnoreCase) || w.Equals("july", StringComparison.OrdinalIgnoreCase) || w.Equals("may", StringComparison.OrdinalIgnoreCase);
        var cap = char.IsUpper(w[0]);
        var ambiguous = w.Equals("may", StringComparison.OrdinalIgnoreCase) || w.Equals("march", StringComparison.OrdinalIgnoreCase) || w.Length <= 3;
        if (!cap && ambiguous && (w.Equals("may", StringComparison.OrdinalIgnoreCase) || !(DayNumber(i + 1) is >= 1 and <= 31 && !FollowedByUnit(_tok[i + 1].End)))) return;
        var start = i;
        var end = -1;
        var conf = 0.9;
        var j = i + 1;
        if (IsP(j, '.') && Adjacent(j)) j++;
        // Day before the month: "14 March", "the 3rd of March", "fourth of July".
        var b = i - 1;
        if (Is(b, "of")) b--;
        if (In(b) && !Covered(b) && (DayNumber(b) is >= 1 and <= 31 || IsWord(b) && Has(b, WordClass.OrdinalWords))) { start = b; end = i; }
        // Day after the month: "March 14th", "Mar 14, 2024".
        if (DayNumber(j) is >= 1 and <= 31 && !FollowedByUnit(_tok[j].End) && !IsP(j + 1, ':') && !(IsP(j + 1, '.') && IsNumber(j + 2) && Adjacent(j + 2)))
        {
            end = j;
            j++;
        }
        // Year: "March 2024", "March 14, 2024".
        var y = j;
        if (IsP(y, ',')) y++;
        if (IsYear(y)) end = y;
        if (end < 0)
        {
            // A month alone is a date element when it is used as a time: "in March", "since mid-March".
            if (!full) return;
            var p = i - 1;
            if (IsP(p, '-') && Is(p - 1, "mid")) p--;
            if (!(IsWord(p) && Has(p, WordClass.MonthCues))) return;
            if (w.Equals("may", StringComparison.OrdinalIgnoreCase) && (Is(p, "this") || Is(p, "of") || Is(p, "on"))) return;
            end = i;
            conf = 0.7;
        }
        Add(_tok[start].Start, _tok[end].End, IdentifierType.Date, conf, RankStrong);
    }

    private void Holiday(int i)
    {
        var end = i;
        if (IsCap(i + 1) && (Is(i + 1, "eve") || Is(i + 1, "day") || Is(i + 1, "sunday") || Is(i + 1, "morning") || Is(i + 1, "night"))) end = i + 1;
        Add(_tok[i].Start, _tok[end].End, IdentifierType.Date, 0.8, RankStrong);
    }

    private void HolidayDay(int i)
    {
        var k = i - 1;
        if (Is(k, "s") && IsApostrophe(k - 1)) k -= 2;
        if (!IsWord(k) || !IsCap(k) || !Has(k, WordClass.HolidayDayWords)) return;
        var start = k;
        if (Is(k, "year") && Is(k - 1, "new")) start = k - 1;
        if (Is(k, "patrick") && IsP(k - 1, '.')) start = k - 2;
        Add(_tok[Math.Max(0, start)].Start, _tok[i].End, IdentifierType.Date, 0.85, RankStrong);
    }

    private void OrdinalDate(int i)
    {
        // "on the 3rd", "last Tuesday the 3rd", "Tuesday 3rd".
        var j = i;
        var weekday = Has(i, WordClass.Weekdays);
        if (weekday && !IsCap(i)) return;
        if (weekday) { j++; if (IsP(j, ',')) j++; }
        if (Is(j, "the")) j++;
        else if (!weekday) return;
        if (!IsOrdinal(j) || DayNumber(j) is < 1 or > 31) return;
        if (!weekday && IsWord(j + 1) && OrdinalNouns.Contains(T(j + 1))) return;   // "the 3rd dose", "the 2nd line"
        var start = i;
        if (!weekday)
        {
            var p = i - 1;
            if (!(IsWord(p) && (Has(p, WordClass.DayCues) || Has(p, WordClass.Weekdays)))) return;
            if (Has(p, WordClass.Weekdays)) return;   // the weekday's own rule covers it
        }
        else if (Is(i - 1, "last") || Is(i - 1, "next") || Is(i - 1, "this")) start = i - 1;
        Add(_tok[start].Start, _tok[j].End, IdentifierType.Date, 0.8, RankStrong);
    }

    private void AgeAfterWord(int i)
    {
        var j = i + 1;
        if (IsP(j, ':') || IsP(j, '=')) j++;
        if (Is(j, "of")) j++;
        if (!IsNumber(j)) return;
        var age = Num(T(j));
        if (age is < 90 or > 130) return;
        if (IsP(j + 1, '+') || IsP(j + 1, '-') && IsNumber(j + 2) || FollowedByUnit(_tok[j].End) && !Is(j + 1, "years") && !Is(j + 1, "yrs")) return;
        Add(_tok[i].Start, _tok[j].End, IdentifierType.Age, 0.9, RankStrong);
    }

    private void AgeInWords(int i)
    {
        // "ninety-two-year-old", "ninety two years old", "one hundred and one year old".
        var start = i;
        if (Is(i, "hundred") && Is(i - 1, "one")) start = i - 1;
        for (var k = i + 1; k < _n && k <= i + 7 && !_tok[k].LineBefore; k++)
        {
            if (Is(k, "old") || Is(k, "yo")) { Add(_tok[start].Start, _tok[k].End, IdentifierType.Age, 0.85, RankStrong); return; }
            if (Is(k, "year") || Is(k, "years") || Is(k, "yr") || Is(k, "and") || IsP(k, '-') || IsWord(k) && NumberWords.Contains(T(k))) continue;
            if (Is(k, "of") && Is(k + 1, "age")) { Add(_tok[start].Start, _tok[k + 1].End, IdentifierType.Age, 0.85, RankStrong); return; }
            break;
        }
        // "she's ninety-three": the number in words after "is", "'s" or "turned".
        var p = start - 1;
        if (Is(p, "s") && IsApostrophe(p - 1) || IsWord(p) && AgeCopulas.Contains(T(p)))
        {
            var e = i;
            while (IsP(e + 1, '-') && IsWord(e + 2) && NumberWords.Contains(T(e + 2))) e += 2;
            if (IsWord(e + 1) && NumberWords.Contains(T(e + 1))) e++;
            Add(_tok[start].Start, _tok[e].End, IdentifierType.Age, 0.75, RankStrong);
        }
    }

    private static readonly WordSet NumberWords = new(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);

    private void AgeDecade(int i)
    {
        // "in her 90s", "in his late nineties".
        var j = i + 1;
        if (!(Is(j, "her") || Is(j, "his") || Is(j, "their") || Is(j, "the"))) return;
        j++;
        if (Is(j, "early") || Is(j, "mid") || Is(j, "late")) j++;
        if (IsP(j, '-')) j++;
        var end = j;
        if (IsNumber(j) && IsApostrophe(j + 1) && Is(j + 2, "s")) end = j + 2;
        else if (!((IsAlnum(j) || IsWord(j)) && Has(j, WordClass.Decades))) return;
        if (IsNumber(j) && Num(T(j)) is not (90 or 100)) return;
        Add(_tok[i].Start, _tok[end].End, IdentifierType.Age, 0.85, RankStrong);
    }

    // ---------------------------------------------------------------- numbers

    /// <summary>
    /// A hashtag ("#meded2026") is a topic and an @handle ("@a5743b890") a member of the community: never an identifier.
    /// "#48213" (digits first) still may be one.
    /// </summary>
    private bool IsTagOrHandle(int i)
    {
        // Back to the start of the run of letters, digits and underscores the token is part of ("@m_1_035532a01").
        var k = i;
        while (In(k - 1) && Adjacent(k) && (IsP(k - 1, '_') || _tok[k - 1].Kind != TokenKind.Punct)) k--;
        return (IsP(k - 1, '#') || IsP(k - 1, '@')) && Adjacent(k) && char.IsLetter(_text[_tok[k].Start])
            && (k < 2 || !Adjacent(k - 1) || _tok[k - 2].Kind == TokenKind.Punct); // not the domain of an email (jane@example9.org)
    }

    private bool AlnumRules(int i)
    {
        if (IsTagOrHandle(i)) return true;
        var s = T(i);
        // "92M", "95yoF": age with sex.
        var d = 0;
        while (d < s.Length && char.IsAsciiDigit(s[d])) d++;
        if (d is 2 or 3 && Num(s[..d]) is >= 90 and <= 130)
        {
            var rest = s[d..];
            if (rest.Equals("m", StringComparison.OrdinalIgnoreCase) || rest.Equals("f", StringComparison.OrdinalIgnoreCase) || rest.Equals("yo", StringComparison.OrdinalIgnoreCase)
                || rest.Equals("yof", StringComparison.OrdinalIgnoreCase) || rest.Equals("yom", StringComparison.OrdinalIgnoreCase) || rest.Equals("y", StringComparison.OrdinalIgnoreCase)
                || rest.Equals("yrs", StringComparison.OrdinalIgnoreCase) || rest.Equals("yr", StringComparison.OrdinalIgnoreCase))
            {
                if (rest.Length == 1 && (rest[0] is 'm' or 'M' or 'f' or 'F') && IsWord(i - 1) && Has(i - 1, WordClass.TempWords)) return true;
                if (rest.Length == 1 && (rest[0] is 'm' or 'M' or 'f' or 'F') && (IsP(i - 1, '°') || _text.AsSpan(_tok[i].End).StartsWith("°"))) return true;
                Add(_tok[i].Start, _tok[i].End, IdentifierType.Age, 0.85, RankStrong);
                return true;
            }
        }
        if (d is 2 or 3 && Num(s[..d]) is >= 90 and <= 130 && s.Length - d == 2 && (Is(i + 1, "birthday") || Is(i + 1, "bday")))
        { Add(_tok[i].Start, _tok[i + 1].End, IdentifierType.Age, 0.85, RankStrong); return true; }
        if (IsOrdinal(i)) return true;
        return false;
    }

    private void NumberRules(int i)
    {
        if (IsTagOrHandle(i)) return;
        if (StreetAddress(i)) return;
        var s = T(i);

        // Zip after a state: "OH 45402", "Ohio 45402-1234".
        if (IsNumber(i) && s.Length == 5)
        {
            var p = i - 1;
            if (IsP(p, ',')) p--;
            // A state code that is also a word or label ("ID 48213", "MD") counts only after "City,".
            var code = In(p) && T(p).Length == 2 && IsAllCaps(p) && Lexicon.StateCodeLookup.Contains(T(p))
                && (!AmbiguousStateCodes.Contains(T(p)) || IsP(p - 1, ',') && IsCap(p - 2) || IsCap(p - 1));
            if (In(p) && (code || IsCap(p) && Has(p, WordClass.Regions) && T(p).Length > 4) && !Covered(p))
            { Zip(i, 0.9); return; }
        }

        if (IsNumber(i) && s.Length == 5 && MoreZip(i)) return;
        if (IsNumber(i) && s.Length is 2 or 3 && Num(s) is >= 90 and <= 120 && BareAge(i)) return;

        // Join the pieces of one identifier: "4F7-22901", "1EG4-TE5-MK73", "ABC-12345".
        var first = i;
        if ((IsP(i - 1, '-') || IsP(i - 1, '.')) && Adjacent(i) && Adjacent(i - 1) && (IsAllCaps(i - 2) || IsAlnum(i - 2)) && !Covered(i - 2)) first = i - 2;
        var last = i;
        while (IsP(last + 1, '-') || IsP(last + 1, '.') || IsP(last + 1, '/'))
        {
            if (!Adjacent(last + 1) || !Adjacent(last + 2)) break;
            var nx = last + 2;
            if (!(IsNumber(nx) || IsAlnum(nx) || IsAllCaps(nx) && IsWord(nx))) break;
            if (Covered(nx)) break;
            last = nx;
        }
        var digits = Digits(first, last);
        if (digits < 2) return;   // no rule below takes a single digit
        var label = LabelBefore(_tok[first].Start, out var strong);
        if (label is { } type)
        {
            // Digit groups separated by spaces belong together after a label: "123 45 6789", "4111 1111 1111 1111".
            if (type is IdentifierType.Ssn or IdentifierType.Phone or IdentifierType.Fax or IdentifierType.AccountNumber or IdentifierType.HealthPlanNumber or IdentifierType.MedicalRecordNumber)
                while (IsNumber(last + 1) && _tok[last + 1].Length <= 4 && _tok[last].Length <= 4 && !_tok[last + 1].LineBefore && !Covered(last + 1) && !FollowedByUnit(_tok[last + 1].End))
                {
                    last++;
                    digits += _tok[last].Length;
                }
            switch (type)
            {
                case IdentifierType.Phone or IdentifierType.Fax:
                    if (digits is >= 7 and <= 15) Add(_tok[first].Start, _tok[last].End, type, 0.9, RankStrong);
                    return;
                case IdentifierType.Ssn:
                    if (digits == 9) Add(_tok[first].Start, _tok[last].End, type, 0.99, RankStrong);
                    return;
                case IdentifierType.ZipCode:
                    if (digits is 5 or 9) Add(_tok[first].Start, _tok[last].End, type, 0.95, RankStrong);
                    return;
                case IdentifierType.Date:
                    if (digits == 8 && first == last) Add(_tok[first].Start, _tok[last].End, type, 0.9, RankStrong);
                    return;
            }
            var length = _tok[last].End - _tok[first].Start;
            if (digits < (strong ? 2 : 3) || length < (strong ? 3 : 4)) return;
            if (!strong && first == last && IsYear(first)) return;
            if (FollowedByUnit(_tok[last].End)) return;
            Add(_tok[first].Start, _tok[last].End, type, strong ? 0.95 : 0.8, RankStrong);
            return;
        }

        if (first == last && IsAlnum(i))
        {
            if (IsDea(s)) { Add(_tok[i].Start, _tok[i].End, IdentifierType.LicenceNumber, 0.9, RankStrong); return; }
            if (IsVin(s)) { Add(_tok[i].Start, _tok[i].End, IdentifierType.VehicleIdentifier, 0.9, RankStrong); return; }
        }
        // Plates: "plate ... was 6TRJ244", "Ohio plate HDK 4471".
        var plateLength = _tok[last].End - _tok[first].Start;
        var mayBePlate = plateLength - digits - (last - first) / 2 > 0 || IsNumber(first) && IsWord(first - 1) && IsAllCaps(first - 1);
        if (plateLength is >= 4 and <= 9 && mayBePlate && PlateNear(_tok[first].Start))
        {
            var plateLetters = plateLength - digits - (last - first) / 2;
            if (plateLetters >= 1 && digits >= 2) { Add(_tok[first].Start, _tok[last].End, IdentifierType.VehicleIdentifier, 0.75, RankStrong); return; }
            if (plateLetters == 0 && IsNumber(first) && IsWord(first - 1) && IsAllCaps(first - 1) && _tok[first - 1].Length is >= 2 and <= 4 && !Lexicon.StateCodeLookup.Contains(T(first - 1)))
            { Add(_tok[first - 1].Start, _tok[last].End, IdentifierType.VehicleIdentifier, 0.75, RankStrong); return; }
        }
        if (digits < 5) return;   // the bare rules below need five digits at least: skip the checks for "40 mg"
        if (NotAnIdentifier(first, last)) return;
        var letters = _tok[last].End - _tok[first].Start - digits - (last - first) / 2;
        if (IsP(first - 1, '#') && Adjacent(first) && digits >= 5) { Add(_tok[first - 1].Start, _tok[last].End, IdentifierType.OtherIdentifier, 0.5, RankBare); return; }
        if (digits >= 7 && letters == 0)
        {
            var guess = digits == 10 && s[0] is >= '2' and <= '9' ? IdentifierType.Phone : IdentifierType.OtherIdentifier;
            Add(_tok[first].Start, _tok[last].End, guess, 0.5, RankBare);
            return;
        }
        if (digits >= 5 && letters is >= 1 and <= 3 && _tok[last].End - _tok[first].Start >= 6)
            Add(_tok[first].Start, _tok[last].End, IdentifierType.OtherIdentifier, 0.45, RankBare);
    }

    private void InternationalPhone(int plus)
    {
        // "+44 20 7946 0958", "+1-555-123-4567": groups of digits after a plus sign.
        var last = plus + 1;
        var digits = _tok[last].Length;
        var k = last + 1;
        while (k < _n && !_tok[k].LineBefore && digits < 16)
        {
            if (IsNumber(k) && _tok[k].SpaceBefore) { last = k; digits += _tok[k].Length; k++; continue; }
            if ((IsP(k, '-') || IsP(k, '.') || IsP(k, '(')) && IsNumber(k + 1) && Adjacent(k + 1)) { last = k + 1; digits += _tok[k + 1].Length; k += 2; continue; }
            if (IsP(k, ')') && Adjacent(k) && IsNumber(k + 1)) { k++; continue; }
            break;
        }
        if (digits is < 8 or > 15 || FollowedByUnit(_tok[last].End)) return;
        Add(_tok[plus].Start, _tok[last].End, IsFax(_tok[plus].Start) ? IdentifierType.Fax : IdentifierType.Phone, 0.85, RankStrong);
    }

    /// <summary>"ZIP 21217 and 21223", "our cohort in 48205": more ZIPs beside a labelled one, or after "in".</summary>
    private bool MoreZip(int i)
    {
        if (FollowedByUnit(_tok[i].End) || IsP(i + 1, ',') && IsNumber(i + 2) && Adjacent(i + 2) || IsP(i + 1, '.') && IsNumber(i + 2) && Adjacent(i + 2)) return false;
        var p = i - 1;
        if ((Is(p, "and") || Is(p, "or") || IsP(p, ',') || IsP(p, '&') || IsP(p, '/')) && IsNumber(p - 1) && _tok[p - 1].Length == 5 && LabelBefore(_tok[p - 1].Start) == IdentifierType.ZipCode)
        { Zip(i, 0.85); return true; }
        if ((Is(p, "in") || Is(p, "near")) && !IsCap(p) && !(IsWord(i + 1) && Lexicon.Units.Contains(T(i + 1))))
        { Zip(i, 0.55); return true; }
        return false;
    }

    /// <summary>"she's 98", "pt is 91", "Mr. Crane, 93,", "turned 97": an age over 89 without the word "year".</summary>
    private bool BareAge(int i)
    {
        var end = _tok[i].End;
        if (FollowedByUnit(end)) return false;
        if (end < _text.Length && _text[end] is '%' or '/' or ':' or '+' or '-' or '°') return false;
        if (IsP(i + 1, '.') && IsNumber(i + 2) && Adjacent(i + 2)) return false;
        if (IsWord(i + 1) && !_tok[i + 1].LineBefore && (Has(i + 1, WordClass.HeadNouns) || T(i + 1).Length <= 3 && IsAllCaps(i + 1))) return false;
        var p = i - 1;
        // "she's 98", "who's 95"
        if (Is(p, "s") && IsApostrophe(p - 1) && IsWord(p - 2) && (AgeSubjects.Contains(T(p - 2)) || IsCap(p - 2) && NameShaped(T(p - 2)) && !IsAllCaps(p - 2))) return AddAge(i);
        if (IsWord(p) && AgeCopulas.Contains(T(p)))
        {
            if (Is(p, "turned") || Is(p, "turns") || Is(p, "turning") || Is(p, "i'm") || Is(p, "im") || Is(p, "am") || Is(p, "aged") || Is(p, "age")) return AddAge(i);
            var subject = p - 1;
            if (Is(subject, "now") || Is(subject, "still") || Is(subject, "only") || Is(subject, "just")) subject--;
            if (IsWord(subject) && AgeSubjects.Contains(T(subject)) || IsP(subject, ')') || IsCap(subject) && !IsAllCaps(subject) && NameShaped(T(subject)) && !Has(subject, WordClass.NeverNames)) return AddAge(i);
            return false;
        }
        // "Mr. Thaddeus Crane, 93, who", "\"Papa Joe\", 91,"
        if (IsP(p, ',') && (IsCap(p - 1) && !IsAllCaps(p - 1) && NameShaped(T(p - 1)) || IsP(p - 1, '"') || IsP(p - 1, '\u201D')))
            if (IsP(i + 1, ',') || IsP(i + 1, ')') || Is(i + 1, "who") || IsP(i + 1, ';') || IsP(i + 1, '.') && !IsNumber(i + 2) || i + 1 >= _n) return AddAge(i);
        return false;
    }

    private bool AddAge(int i)
    {
        Add(_tok[i].Start, _tok[i].End, IdentifierType.Age, 0.75, RankStrong);
        return true;
    }

    private int Digits(int first, int last)
    {
        var count = 0;
        foreach (var c in _text.AsSpan(_tok[first].Start, _tok[last].End - _tok[first].Start))
            if (char.IsAsciiDigit(c)) count++;
        return count;
    }

    private bool PlateNear(int start)
    {
        var from = Math.Max(0, start - 70);
        var before = _text.AsSpan(from, start - from);
        var stop = before.LastIndexOfAny('\n', '?', '!');
        if (stop >= 0) before = before[(stop + 1)..];
        return HasWord(before, "plate") || HasWord(before, "plates") || HasWord(before, "vehicle")
            || before.Contains("licence tag", StringComparison.OrdinalIgnoreCase) || before.Contains("license tag", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A whole word, so "plate" does not match "platelets".</summary>
    private static bool HasWord(ReadOnlySpan<char> text, string word)
    {
        var at = 0;
        while (true)
        {
            var k = text[at..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (k < 0) return false;
            k += at;
            var before = k == 0 || !char.IsLetter(text[k - 1]);
            var after = k + word.Length >= text.Length || !char.IsLetter(text[k + word.Length]);
            if (before && after) return true;
            at = k + 1;
        }
    }

    private bool NotAnIdentifier(int first, int last)
    {
        if (FollowedByUnit(_tok[last].End)) return true;
        if (_tok[last].End < _text.Length && _text[_tok[last].End] is '%' or '°') return true;
        if (IsP(first - 1, '$') || IsP(first - 1, '.') && Adjacent(first) || IsP(first - 1, ',') && Adjacent(first) && IsNumber(first - 2)) return true;
        if (IsP(last + 1, ',') && Adjacent(last + 1) && IsNumber(last + 2) && Adjacent(last + 2)) return true;
        // "200-5000": a range of round numbers.
        if (last == first + 2 && IsP(first + 1, '-') && IsNumber(first) && IsNumber(last) && _text[_tok[first].End - 1] == '0' && _text[_tok[last].End - 1] == '0') return true;
        if (IsP(last + 1, '.') && Adjacent(last + 1) && IsNumber(last + 2) && Adjacent(last + 2)) return true;
        var s = T(first);
        if (s.StartsWith("NCT", StringComparison.OrdinalIgnoreCase) || s.StartsWith("rs", StringComparison.Ordinal) || s.StartsWith("PMC", StringComparison.OrdinalIgnoreCase)
            || s.StartsWith("ISRCTN", StringComparison.OrdinalIgnoreCase) || s.StartsWith("GSE", StringComparison.Ordinal) || s.StartsWith("SRR", StringComparison.Ordinal)) return true;
        // HGVS variants ("c.5266dupC") and anything inside a link or DOI.
        if (IsP(first - 1, '.') && IsWord(first - 2) && _tok[first - 2].Length == 1) return true;
        var chunkStart = _tok[first].Start;
        while (chunkStart > 0 && !char.IsWhiteSpace(_text[chunkStart - 1])) chunkStart--;
        var chunk = _text.AsSpan(chunkStart, _tok[last].End - chunkStart);
        if (chunk.StartsWith("10.") || chunk.Contains("doi", StringComparison.OrdinalIgnoreCase) || chunk.Contains('/') && chunk.Contains('.')) return true;
        Span<Range> w = stackalloc Range[2];
        var count = WordsBefore(_tok[first].Start, w);
        for (var k = 0; k < count; k++)
            if (Lexicon.NotIdentifierLabels.Contains(_text.AsSpan()[w[k]])) return true;
        return false;
    }

    private static bool IsDea(ReadOnlySpan<char> s)
    {
        // Two letters and seven digits whose last is the DEA check digit.
        if (s.Length != 9 || !char.IsAsciiLetterUpper(s[0]) || !char.IsAsciiLetter(s[1])) return false;
        for (var k = 2; k < 9; k++) if (!char.IsAsciiDigit(s[k])) return false;
        var sum = s[2] + s[4] + s[6] - 3 * '0' + 2 * (s[3] + s[5] + s[7] - 3 * '0');
        return sum % 10 == s[8] - '0';
    }

    private static bool IsVin(ReadOnlySpan<char> s)
    {
        if (s.Length != 17) return false;
        int digits = 0, letters = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (char.IsAsciiLetterUpper(c) && c is not ('I' or 'O' or 'Q')) letters++;
            else return false;
        }
        return digits >= 3 && letters >= 2;
    }
}
