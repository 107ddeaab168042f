using System.Collections.Frozen;
using System.Reflection;

namespace Rounds.Privacy;

/// <summary>
/// Case-insensitive word sets, looked up by span so scanning allocates no strings. Keys are stored lower-cased with an
/// ordinal comparer and the probe is lower-cased on the stack: several times faster than an ignore-case comparer.
/// </summary>
internal sealed class WordSet
{
    public const int MaxWord = 48;
    private readonly FrozenSet<string> _set;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordSet(IEnumerable<string> words)
    {
        _set = words.Select(w => w.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
        _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length > MaxWord) return false;
        if (IsLower(word)) return _lookup.Contains(word);
        Span<char> lower = stackalloc char[word.Length];
        Lower(word, lower);
        return _lookup.Contains(lower);
    }

    /// <summary>Most words are already lower-case ASCII: then the probe needs no copy.</summary>
    public static bool IsLower(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
            if ((uint)(c - 'A') <= 'Z' - 'A' || c >= 0x80) return false;
        return true;
    }

    /// <summary>Lower-cases with an ASCII fast path; the library call costs more than the look-up it serves.</summary>
    public static void Lower(ReadOnlySpan<char> word, Span<char> lower)
    {
        for (var k = 0; k < word.Length; k++)
        {
            var c = word[k];
            // ASCII and Latin-1 by arithmetic; only other scripts pay for the culture tables.
            lower[k] = c < 0x80 ? (char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c)
                : c < 0x100 ? (c is >= '\u00C0' and <= '\u00DE' and not '\u00D7' ? (char)(c + 0x20) : c)
                : char.ToLowerInvariant(c);
        }
    }
    public int Count => _set.Count;
    public IEnumerable<string> Items => _set;
}

/// <summary>The dictionaries and the small hand-kept word classes the rules use.</summary>
internal static class Lexicon
{
    public static readonly string[] GivenNameList = [.. Load("given-names.txt").Concat(Load("given-names-extra.txt")).Distinct()];
    public static readonly string[] SurnameList = Load("surnames.txt");
    public static readonly string[] CityList = Load("us-cities.txt");

    public static readonly WordSet GivenNames = new(GivenNameList);
    public static readonly WordSet Surnames = new(SurnameList);
    public static readonly WordSet Cities = new(CityList);
    public static readonly WordSet CommonWords = new(Load("common-words.txt"));
    public static readonly WordSet Eponyms = new(Load("eponyms.txt"));
    public static readonly WordSet ClinicalWords = new(Load("clinical-words.txt"));
    public static readonly WordSet Regions = new(Load("regions.txt"));
    public static readonly WordSet ReferenceDomains = new(Load("reference-domains.txt"));

    public static readonly WordSet Titles = new(["mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "rev", "sr", "sister", "nurse", "madam", "sir", "mister", "dra",
        "judge", "officer", "coach", "pastor", "rabbi", "imam", "reverend", "deacon", "captain", "capt", "sgt", "sergeant", "lieutenant", "lt", "colonel", "col", "senator",
        "mayor", "chief", "principal", "councilman", "councilwoman", "detective", "deputy", "trooper", "auntie", "uncle", "aunt", "grandma", "grandpa", "nana", "papa"]);
    public static readonly WordSet PatientWords = new(["pt", "patient", "pts", "client", "resident", "member", "mom", "dad"]);
    public static readonly WordSet Kinship = new([
        "daughter", "son", "wife", "husband", "mother", "mom", "mum", "father", "dad", "sister", "brother", "partner", "spouse",
        "fiance", "fiancé", "fiancee", "fiancée", "girlfriend", "boyfriend", "aunt", "uncle", "niece", "nephew", "cousin", "grandson",
        "granddaughter", "grandmother", "grandfather", "grandma", "grandpa", "granny", "friend", "neighbor", "neighbour", "caregiver",
        "roommate", "guardian", "nana", "nan", "papa", "mama", "gramma", "grammy", "auntie", "abuela", "abuelo", "nonna", "nonno", "oma", "opa", "bubbe", "stepson", "stepdaughter", "stepmother", "stepfather", "child", "baby", "infant", "twin", "kid",
        "sibling", "parent", "relative", "coworker", "colleague", "boss", "landlord", "carer", "companion", "widow", "widower",
        "ex-wife", "ex-husband", "goddaughter", "godson", "toddler", "teen", "teenager", "granddad", "grandchild", "aide", "sitter"]);
    public static readonly WordSet NameIntroducers = new(["named", "called", "dear", "hi", "hello", "hey", "thanks", "cc", "signed", "sincerely", "regards", "love", "nicknamed", "aka", "alias", "ask", "asked", "tell", "told", "per"]);
    public static readonly WordSet Months = new(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]);
    public static readonly WordSet Weekdays = new(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]);
    public static readonly WordSet Holidays = new(["christmas", "thanksgiving", "halloween", "easter", "hanukkah", "chanukah", "passover", "ramadan", "diwali", "kwanzaa", "xmas"]);
    public static readonly WordSet HolidayDayWords = new(["year", "valentine", "mother", "father", "memorial", "labor", "labour", "independence", "veterans", "christmas", "thanksgiving", "boxing", "presidents", "columbus", "groundhog", "patrick", "halloween", "easter", "mlk", "juneteenth"]);
    public static readonly WordSet MonthCues = new(["in", "since", "until", "till", "by", "early", "late", "mid", "last", "next", "this", "during", "from", "through", "thru", "before", "after", "of", "around", "circa", "beginning", "end", "throughout", "on"]);
    public static readonly WordSet DayCues = new(["on", "since", "by", "until", "till", "before", "after", "from", "through", "thru", "of", "around", "dated", "to", "for", "til", "except", "than", "or", "and", "is", "was"]);

    /// <summary>Words after a capitalised token that make it a place, a disease or a thing, not a person.</summary>
    public static readonly WordSet HeadNouns = new([
        "hospital", "clinic", "center", "centre", "medical", "health", "healthcare", "memorial", "university", "college", "school", "institute",
        "foundation", "society", "association", "academy", "college", "pharmacy", "hospice", "infirmary", "rehab", "rehabilitation", "manor",
        "street", "avenue", "road", "boulevard", "lane", "drive", "county", "parish", "township", "city", "town", "village", "island", "lake", "river",
        "syndrome", "disease", "sign", "signs", "score", "scores", "criteria", "scale", "test", "procedure", "catheter", "classification", "maneuver",
        "manoeuvre", "reflex", "phenomenon", "node", "nodes", "law", "fracture", "palsy", "tumor", "tumour", "lymphoma", "sarcoma", "ulcer", "reaction",
        "index", "rule", "rules", "method", "technique", "operation", "repair", "valve", "shunt", "tube", "formula", "equation", "triad", "disorder",
        "encephalopathy", "anomaly", "malformation", "cell", "cells", "body", "bodies", "nodules", "spots", "lines", "line", "stage", "staging", "grade",
        "grading", "position", "incision", "space", "duct", "canal", "gland", "glands", "ligament", "muscle", "nerve", "area", "fascia", "pouch",
        "diverticulum", "esophagus", "bundle", "block", "loop", "curve", "questionnaire", "inventory", "protocol", "trial", "study", "cohort",
        "registry", "guidelines", "guideline", "model", "calculator", "insurance", "care", "plan", "health", "system", "network", "group", "partners",
        "associates", "practice", "pharmaceuticals", "labs", "laboratories", "inc", "corp", "llc", "co", "station", "airport", "park", "church",
        "library", "mall", "market", "bank", "heights", "hills", "valley", "beach", "bay", "county's", "dementia", "arthritis", "myopathy",
        "neuropathy", "anemia", "anaemia", "thyroiditis", "sarcoidosis", "esophagus", "tetralogy", "granulomatosis", "purpura", "vasculitis",
        "chorea", "ataxia", "dystrophy", "paralysis", "lymph", "et", "coma", "mortality", "risk", "chapter", "textbook", "handbook", "manual", "type", "practitioner", "practitioners", "assistant", "educator", "specialist", "coordinator", "navigator", "manager", "technician", "pupil", "tear", "tears", "lesion", "lesions", "crystals", "granules", "plaques", "fibers", "fibres", "nodule", "murmur", "monitor", "stain", "stocking", "stockings", "collar", "splint", "cast", "boot", "brace", "regimen", "diet", "effect", "ratio", "pattern", "zone", "pressure", "ward", "unit", "wing", "building", "campus", "tower", "pavilion", "award", "prize", "lecture", "lab", "program", "project", "fund", "fellowship", "scholar", "scholars"]);

    public static readonly WordSet FacilityWords = new(["hospital", "clinic", "medical", "health", "healthcare", "memorial", "hospice", "infirmary", "rehab",
        "rehabilitation", "manor", "nursing", "pharmacy", "school", "elementary", "academy", "church", "prison", "jail", "shelter", "urgent", "va", "center", "centre",
        "home", "practice", "dialysis", "garage", "store", "drug", "drugs", "temple", "mosque", "synagogue", "daycare", "preschool", "library", "station", "factory",
        "mill", "farm", "farms", "ranch", "warehouse", "restaurant", "diner", "cafe", "bakery", "salon", "gym", "college", "university", "institute", "park", "inn",
        "motel", "hotel", "market", "shop", "fabrication", "manufacturing", "industries", "foods", "apartments", "towers", "estates", "lodge", "ed", "er", "terrace"]);
    public static readonly WordSet CountyWords = new(["county", "parish", "township", "borough", "district", "village", "town", "city"]);

    /// <summary>Capitalised words that begin sentences or headings and are never names.</summary>
    public static readonly WordSet NeverNames = new([
        "the", "a", "an", "he", "she", "they", "we", "i", "it", "his", "her", "their", "our", "my", "you", "your", "this", "that", "these", "those", "and", "or",
        "but", "if", "when", "then", "also", "no", "not", "yes", "on", "in", "at", "to", "of", "for", "with", "from", "by", "as", "is", "was", "are", "were",
        "has", "had", "have", "pt", "patient", "hx", "dx", "rx", "tx", "sx", "plan", "assessment", "history", "exam", "labs", "imaging", "impression",
        "meds", "medications", "allergies", "vitals", "hpi", "ros", "pmh", "psh", "fh", "sh", "cc", "cbc", "bmp", "cmp", "ct", "mri", "ekg", "ecg",
        "echo", "cxr", "us", "er", "ed", "icu", "or", "pacu", "ward", "floor", "bed", "room", "unit", "team", "case", "question", "update", "note",
        "thanks", "thank", "please", "any", "anyone", "what", "which", "who", "how", "why", "where", "would", "could", "should", "will", "can", "may",
        "might", "must", "did", "does", "do", "today", "tomorrow", "yesterday", "tonight", "now", "still", "just", "so", "well", "ok", "okay", "great",
        "good", "bad", "new", "old", "started", "stopped", "continue", "discussed", "reviewed", "seen", "saw", "spoke", "called", "per", "re", "fyi",
        "dear", "hi", "hello", "hey", "regards", "best", "cheers", "sincerely", "attending", "resident", "fellow", "intern", "nurse", "doctor",
        "dr", "mr", "mrs", "ms", "miss", "prof", "sir", "madam", "mom", "dad", "mother", "father", "son", "daughter", "wife", "husband", "sister",
        "brother", "family", "friend", "husband's", "daughter's", "son's", "wife's", "followup", "follow", "return", "admit", "admitted", "discharge",
        "discharged", "transfer", "transferred", "consult", "consulted", "recommend", "recommended", "start", "stop", "hold", "held", "increase",
        "decrease", "check", "checked", "order", "ordered", "repeat", "monitor", "consider", "likely", "possible", "probable", "unlikely", "rule",
        "negative", "positive", "normal", "abnormal", "stable", "improved", "worse", "better", "denies", "reports", "states", "endorses", "complains",
        "presents", "presented", "lives", "works", "retired", "smokes", "drinks", "female", "male", "woman", "man", "lady", "gentleman", "girl", "boy",
        "elderly", "young", "middle", "medicare", "medicaid", "covid", "sars", "hiv", "hcv", "hbv", "tb", "ebv", "cmv", "hsv", "vzv", "mrsa", "mssa",
        "epic", "cerner", "uptodate", "pubmed", "google", "twitter", "facebook", "instagram", "youtube", "tiktok", "linkedin", "reddit", "zoom", "teams",
        "english", "spanish", "french", "german", "chinese", "mandarin", "cantonese", "vietnamese", "korean", "japanese", "arabic", "hindi", "russian",
        "portuguese", "italian", "polish", "haitian", "creole", "tagalog", "somali", "african", "american", "asian", "hispanic", "latino", "latina",
        "caucasian", "white", "black", "jewish", "muslim", "christian", "catholic", "baptist", "jehovah's", "witness", "god", "lord", "jesus",
        "christ", "allah", "bible", "quran", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "day", "night", "morning",
        "evening", "afternoon", "week", "month", "year", "pod", "hd", "los", "ama", "dnr", "dni", "polst", "molst", "poa", "hcp", "snf", "ltac",
        "ltach", "alf", "irf", "home", "hospice", "pcp", "ob", "gyn", "ent", "gi", "id", "renal", "cards", "neuro", "psych", "pulm", "heme", "onc",
        "rheum", "endo", "derm", "ortho", "uro", "surg", "gen", "ir", "pt/ot", "neurology", "cardiology", "nephrology", "rheumatology", "oncology",
        "surgery", "radiology", "pathology", "psychiatry", "dermatology", "pharmacy", "nursing", "hospitalist", "urology", "hematology", "pulmonology",
        "gastroenterology", "endocrinology", "anesthesia", "anaesthesia", "medicine", "peds", "pediatrics", "paediatrics", "obgyn", "triage", "everyone",
        "nobody", "somebody", "someone", "literature", "evidence", "data", "guidance", "insurance", "management", "admin", "administration", "ot", "slp", "sw", "cm", "rn", "np", "pa", "md", "do", "pharmd", "crna",
        "mgh", "ucsf", "ucla", "nih", "cdc", "fda", "who", "acr", "eular", "aha", "acc", "ada", "ats", "idsa", "asco", "nccn", "ama", "acp", "aafp",
        "covid-19", "omicron", "delta", "alpha", "beta", "gamma", "type", "stage", "grade", "class", "level", "score", "total", "mean", "median",
        "range", "ratio", "rate", "dose", "route", "freq", "prn", "bid", "tid", "qid", "qd", "qhs", "po", "iv", "im", "sq", "sc", "sl", "pr", "top"]);

    public static readonly WordSet StreetSuffixes = new(["street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr",
        "court", "ct", "way", "place", "pl", "terrace", "ter", "circle", "cir", "highway", "hwy", "parkway", "pkwy", "trail", "trl", "square", "sq", "pike",
        "alley", "route", "rte", "crescent", "cres", "plaza", "crossing", "xing", "ridge", "close", "mews", "gardens",
        "heights", "hollow", "glen", "grove", "gardens", "commons", "expressway", "expy", "freeway", "fwy", "turnpike", "tpke"]);
    public static readonly WordSet FullStreetSuffixes = new(["street", "avenue", "road", "boulevard", "lane", "drive", "terrace", "parkway", "highway", "court", "circle", "place", "trail"]);
    public static readonly WordSet Directionals = new(["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"]);
    public static readonly WordSet UnitWords = new(["apt", "apartment", "suite", "ste", "unit", "fl", "floor", "lot", "trlr", "trailer", "bldg", "building", "flat"]);

    public static readonly FrozenSet<string> StateCodes = new[] {
        "AL","AK","AZ","AR","CA","CO","CT","DE","FL","GA","HI","ID","IL","IN","IA","KS","KY","LA","ME","MD","MA","MI","MN","MS","MO","MT","NE","NV","NH","NJ",
        "NM","NY","NC","ND","OH","OK","OR","PA","RI","SC","SD","TN","TX","UT","VT","VA","WA","WV","WI","WY","DC","PR" }.ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StateCodeLookup = StateCodes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Place cues: how strongly the words before a capitalised place make it a place where a person is.</summary>
    public static readonly WordSet StrongPlaceCues = new(["lives", "living", "live", "lived", "resides", "residing", "reside", "moved", "relocated", "native", "born", "grew", "growing", "raised", "hometown", "resident", "visiting", "visited", "vacation", "vacationing", "trip", "travelled", "traveled", "drove", "flew", "transferred", "outside", "near", "works", "working", "worked", "stationed", "homeless", "shelter", "stays", "staying", "commutes", "employer", "employed", "wedding", "funeral", "home", "house", "farm", "family", "grandfather", "grandmother", "parents", "cousin", "brother", "sister"]);
    public static readonly WordSet WeakPlaceCues = new(["in", "from", "to", "at", "near", "of"]);

    /// <summary>Words that introduce an identifying number, and which kind they say it is.</summary>
    public static readonly FrozenDictionary<string, IdentifierType> NumberLabels = new Dictionary<string, IdentifierType>(StringComparer.Ordinal)
    {
        ["mrn"] = IdentifierType.MedicalRecordNumber, ["mr"] = IdentifierType.MedicalRecordNumber, ["chart"] = IdentifierType.MedicalRecordNumber,
        ["record"] = IdentifierType.MedicalRecordNumber, ["rec"] = IdentifierType.MedicalRecordNumber, ["hospital"] = IdentifierType.MedicalRecordNumber, ["hosp"] = IdentifierType.MedicalRecordNumber,
        ["medicare"] = IdentifierType.HealthPlanNumber, ["medicaid"] = IdentifierType.HealthPlanNumber, ["member"] = IdentifierType.HealthPlanNumber,
        ["policy"] = IdentifierType.HealthPlanNumber, ["group"] = IdentifierType.HealthPlanNumber, ["insurance"] = IdentifierType.HealthPlanNumber,
        ["subscriber"] = IdentifierType.HealthPlanNumber, ["beneficiary"] = IdentifierType.HealthPlanNumber, ["mbi"] = IdentifierType.HealthPlanNumber,
        ["hicn"] = IdentifierType.HealthPlanNumber, ["plan"] = IdentifierType.HealthPlanNumber, ["insurer"] = IdentifierType.HealthPlanNumber,
        ["payer"] = IdentifierType.HealthPlanNumber, ["coverage"] = IdentifierType.HealthPlanNumber, ["medi-cal"] = IdentifierType.HealthPlanNumber,
        ["tricare"] = IdentifierType.HealthPlanNumber, ["bcbs"] = IdentifierType.HealthPlanNumber, ["aetna"] = IdentifierType.HealthPlanNumber,
        ["cigna"] = IdentifierType.HealthPlanNumber, ["humana"] = IdentifierType.HealthPlanNumber, ["kaiser"] = IdentifierType.HealthPlanNumber,
        ["uhc"] = IdentifierType.HealthPlanNumber, ["unitedhealthcare"] = IdentifierType.HealthPlanNumber,
        ["account"] = IdentifierType.AccountNumber, ["acct"] = IdentifierType.AccountNumber, ["billing"] = IdentifierType.AccountNumber,
        ["invoice"] = IdentifierType.AccountNumber, ["routing"] = IdentifierType.AccountNumber, ["iban"] = IdentifierType.AccountNumber,
        ["card"] = IdentifierType.AccountNumber, ["bank"] = IdentifierType.AccountNumber, ["statement"] = IdentifierType.AccountNumber,
        ["guarantor"] = IdentifierType.AccountNumber,
        ["dea"] = IdentifierType.LicenceNumber, ["npi"] = IdentifierType.LicenceNumber, ["licence"] = IdentifierType.LicenceNumber,
        ["license"] = IdentifierType.LicenceNumber, ["lic"] = IdentifierType.LicenceNumber, ["dl"] = IdentifierType.LicenceNumber,
        ["certificate"] = IdentifierType.LicenceNumber, ["cert"] = IdentifierType.LicenceNumber, ["certification"] = IdentifierType.LicenceNumber,
        ["registration"] = IdentifierType.LicenceNumber, ["permit"] = IdentifierType.LicenceNumber,
        ["vin"] = IdentifierType.VehicleIdentifier, ["plate"] = IdentifierType.VehicleIdentifier, ["plates"] = IdentifierType.VehicleIdentifier,
        ["vehicle"] = IdentifierType.VehicleIdentifier, ["tag"] = IdentifierType.VehicleIdentifier,
        ["serial"] = IdentifierType.DeviceIdentifier, ["sn"] = IdentifierType.DeviceIdentifier, ["s/n"] = IdentifierType.DeviceIdentifier,
        ["udi"] = IdentifierType.DeviceIdentifier, ["device"] = IdentifierType.DeviceIdentifier, ["imei"] = IdentifierType.DeviceIdentifier,
        ["pacemaker"] = IdentifierType.DeviceIdentifier, ["pump"] = IdentifierType.DeviceIdentifier,
        ["implant"] = IdentifierType.DeviceIdentifier,
        ["id"] = IdentifierType.OtherIdentifier, ["identifier"] = IdentifierType.OtherIdentifier, ["encounter"] = IdentifierType.OtherIdentifier,
        ["enc"] = IdentifierType.OtherIdentifier, ["accession"] = IdentifierType.OtherIdentifier, ["specimen"] = IdentifierType.OtherIdentifier,
        ["claim"] = IdentifierType.OtherIdentifier, ["passport"] = IdentifierType.OtherIdentifier, ["employee"] = IdentifierType.OtherIdentifier,
        ["case"] = IdentifierType.OtherIdentifier, ["visit"] = IdentifierType.OtherIdentifier, ["fin"] = IdentifierType.OtherIdentifier,
        ["csn"] = IdentifierType.OtherIdentifier, ["requisition"] = IdentifierType.OtherIdentifier, ["order"] = IdentifierType.OtherIdentifier,
        ["ticket"] = IdentifierType.OtherIdentifier, ["badge"] = IdentifierType.OtherIdentifier, ["lot"] = IdentifierType.OtherIdentifier,
        ["tracking"] = IdentifierType.OtherIdentifier, ["confirmation"] = IdentifierType.OtherIdentifier, ["reference"] = IdentifierType.OtherIdentifier,
        ["sample"] = IdentifierType.OtherIdentifier, ["barcode"] = IdentifierType.OtherIdentifier,
        ["patient"] = IdentifierType.OtherIdentifier, ["pt"] = IdentifierType.OtherIdentifier, ["student"] = IdentifierType.OtherIdentifier,
        ["inmate"] = IdentifierType.OtherIdentifier, ["booking"] = IdentifierType.OtherIdentifier, ["voucher"] = IdentifierType.OtherIdentifier,
        ["authorization"] = IdentifierType.OtherIdentifier, ["auth"] = IdentifierType.OtherIdentifier,
        ["kit"] = IdentifierType.OtherIdentifier, ["biobank"] = IdentifierType.OtherIdentifier, ["study"] = IdentifierType.OtherIdentifier,
        ["participant"] = IdentifierType.OtherIdentifier, ["subject"] = IdentifierType.OtherIdentifier, ["rx"] = IdentifierType.OtherIdentifier,
        ["prescription"] = IdentifierType.OtherIdentifier, ["mpi"] = IdentifierType.MedicalRecordNumber, ["empi"] = IdentifierType.MedicalRecordNumber,
        ["ssn"] = IdentifierType.Ssn, ["ss"] = IdentifierType.Ssn, ["social"] = IdentifierType.Ssn, ["ssn#"] = IdentifierType.Ssn,
        ["phone"] = IdentifierType.Phone, ["tel"] = IdentifierType.Phone, ["telephone"] = IdentifierType.Phone, ["cell"] = IdentifierType.Phone,
        ["mobile"] = IdentifierType.Phone, ["ph"] = IdentifierType.Phone, ["pager"] = IdentifierType.Phone, ["beeper"] = IdentifierType.Phone,
        ["call"] = IdentifierType.Phone, ["text"] = IdentifierType.Phone, ["contact"] = IdentifierType.Phone, ["home"] = IdentifierType.Phone,
        ["work"] = IdentifierType.Phone, ["landline"] = IdentifierType.Phone, ["whatsapp"] = IdentifierType.Phone, ["callback"] = IdentifierType.Phone,
        ["fax"] = IdentifierType.Fax, ["facsimile"] = IdentifierType.Fax, ["fx"] = IdentifierType.Fax,
        ["zip"] = IdentifierType.ZipCode, ["zipcode"] = IdentifierType.ZipCode, ["postal"] = IdentifierType.ZipCode,
        ["dob"] = IdentifierType.Date, ["birthdate"] = IdentifierType.Date, ["birthday"] = IdentifierType.Date, ["birth"] = IdentifierType.Date, ["d.o.b"] = IdentifierType.Date,
    }.ToFrozenDictionary(StringComparer.Ordinal);
    public static readonly FrozenDictionary<string, IdentifierType>.AlternateLookup<ReadOnlySpan<char>> NumberLabelLookupExact = NumberLabels.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryGetLabel(ReadOnlySpan<char> word, out IdentifierType type)
    {
        type = default;
        if (word.Length > WordSet.MaxWord) return false;
        if (WordSet.IsLower(word)) return NumberLabelLookupExact.TryGetValue(word, out type);
        Span<char> lower = stackalloc char[word.Length];
        WordSet.Lower(word, lower);
        return NumberLabelLookupExact.TryGetValue(lower, out type);
    }

    /// <summary>Labels that are strong enough to take a short number ("med rec # 4412").</summary>
    public static readonly WordSet StrongLabels = new(["mrn", "chart", "record", "rec", "medicare", "medicaid", "member", "policy", "subscriber", "mbi", "hicn",
        "account", "acct", "dea", "npi", "licence", "license", "lic", "vin", "plate", "serial", "sn", "s/n", "udi", "imei", "accession", "specimen", "claim",
        "passport", "encounter", "fin", "csn", "ssn", "social", "fax", "phone", "tel", "cell", "mobile", "zip", "dob", "mpi", "empi", "routing", "iban", "invoice"]);

    /// <summary>Words that, just before a number, say it is a reference or code, not a person's identifier.</summary>
    public static readonly WordSet NotIdentifierLabels = new(["pmid", "pmcid", "pubmed", "doi", "isbn", "issn", "nct", "icd", "icd-10", "icd10", "cpt", "hcpcs",
        "loinc", "snomed", "ndc", "rs", "dbsnp", "version", "v", "vol", "volume", "pp", "page", "pages", "et", "al", "figure", "fig", "table", "ref", "cited",
        "bed", "room", "rm", "floor", "ward", "bay", "gene", "exon", "intron", "codon", "chromosome", "chr", "step", "cycle", "day", "week", "pod", "hd", "trial", "arm", "cohort"]);

    /// <summary>Unit words after a number that make it a measurement.</summary>
    public static readonly WordSet Units = new(["mg", "mcg", "ug", "g", "kg", "ml", "l", "dl", "mmol", "mol", "meq", "iu", "u", "units", "unit", "copies", "cells", "cell",
        "ng", "pg", "mm", "cm", "m", "km", "mmhg", "bpm", "x", "times", "/ul", "/mm3", "k", "mil", "million", "billion", "thousand", "cfu", "steps",
        "people", "patients", "pts", "cases", "deaths", "percent", "pct", "percentile", "tabs", "tab", "tablets", "tablet", "caps", "capsules", "puffs", "drops", "sprays", "doses", "pills", "vials", "views", "followers", "likes", "members", "dollars", "usd", "$", "calories", "kcal", "miles", "feet", "ft", "lb", "lbs", "years", "yrs", "days", "hours", "minutes", "seconds"]);

    private static string[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Rounds.Privacy.Data." + name)
            ?? throw new InvalidOperationException($"Missing data file {name}.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#') words.Add(line);
        }
        return [.. words];
    }
}
