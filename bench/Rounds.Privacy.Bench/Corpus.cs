using System.Text;

namespace Rounds.Privacy.Bench;

/// <summary>Clinical-style posts built from templates: mostly clinical language, with identifiers mixed in.</summary>
internal static class Corpus
{
    private static readonly string[] Clinical =
    [
        "BP 142/91, HR 88, RR 16, SpO2 94% on RA, T 37.2.",
        "Started prednisone 40 mg daily with a taper over 6 weeks; continue HCQ 200 mg BID.",
        "Labs: WBC 12.4, Hgb 10.1, plt 450, Cr 1.3, CRP 48 mg/L, ESR 72 mm/h, ANA 1:320 speckled.",
        "CURB-65 of 3, CHA2DS2-VASc 4, HAS-BLED 2; Wells score low.",
        "Strength 4/5 in the left deltoid, reflexes 2+ and symmetric, pain 7/10.",
        "Grade 2/6 systolic murmur at the LUSB; vision 20/20 OU.",
        "History of Sjögren's syndrome and Graves' disease; mother had Parkinson's.",
        "Considering Still's disease vs Behçet's; ferritin 8400, no oral ulcers.",
        "JAK2 V617F negative, HLA-B27 positive, BRCA1 not tested.",
        "ICD-10 M32.14, CPT 99214; see PMID 31234567 and NCT01234567.",
        "In 2019 she had a DVT; a 67-year-old with RA on methotrexate 15 mg weekly.",
        "Echo: EF 55%, mild MR, no pericardial effusion.",
        "Plan: 1-2 tabs q4-6h PRN, oxycodone 5/325 mg, follow up in 2 weeks.",
        "MRI showed T2 hyperintensities; staging T2N0M0 per the tumour board.",
        "Does anyone use rituximab first line here? #rheum #MedTwitter @rheum_fellow",
        "Per Wells 2003 and Smith et al., the Boston criteria do not apply.",
        "Urine protein/creatinine ratio 1.2 g/g; C3 low, C4 low, anti-dsDNA 120 IU/mL.",
        "Glasgow Coma Scale 14, NIHSS 3, mRS 2 at baseline.",
        "HbA1c 8.1%, LDL 132, TSH 2.4, vitamin D 18.",
        "Gave 1 L NS bolus, ceftriaxone 1 g IV q24h, azithromycin 500 mg PO.",
        "What would you do next? I am not convinced this is drug-induced lupus, and the family is asking about stopping everything.",
        "Great teaching case: the rash came first, the arthritis a few weeks later, and nobody connected the two until the biopsy came back.",
        "We discussed the risks and benefits at length and she prefers to try a steroid-sparing agent before anything biologic.",
        "Our fellows were split on whether to repeat the echo before discharge; the attending thought it would not change management.",
        "Has anyone seen this pattern after checkpoint inhibitors? Happy to share the imaging with the group if it helps.",
    ];

    private static readonly string[] WithIdentifiers =
    [
        "Mr. {Surname} is a {Age}-year-old seen on {Date} with fever.",
        "Pt {Given} {Surname}, DOB {Date}, MRN {Mrn}, lives in {City}.",
        "Her daughter {Given} called from {Phone} about the results.",
        "Dr. {Surname} saw her on {MonthDay}; call back at {Phone}, fax {Phone}.",
        "Contact: {Email}, home address {Number} {Surname} Street, {City}, OH {Zip}.",
        "Medicare ID {Mrn}, SSN {Ssn}, account #{Mrn}.",
        "Pacemaker SN {Serial}; DEA {Dea} on the prescription.",
        "Photos at https://photos.example.net/{Given}{Number} from {Ip}.",
        "A {Age} yo woman, transferred from {Surname} Memorial Hospital last Tuesday the 3rd.",
        "Spoke with her husband {Given} on {MonthDay}.",
    ];

    public static List<string> Posts(int count, int seed = 7)
    {
        var random = new Random(seed);
        var posts = new List<string>(count);
        var sb = new StringBuilder(600);
        for (var p = 0; p < count; p++)
        {
            sb.Clear();
            while (sb.Length < 460)
            {
                var template = random.Next(4) == 0 ? WithIdentifiers[random.Next(WithIdentifiers.Length)] : Clinical[random.Next(Clinical.Length)];
                sb.Append(Fill(template, random)).Append(' ');
            }
            posts.Add(sb.ToString(0, Math.Min(sb.Length, 520)).TrimEnd());
        }
        return posts;
    }

    private static readonly string[] Given = ["Maria", "James", "Linda", "Robert", "Aisha", "Chen", "Olga", "Tomás", "Priya", "Daniel"];
    private static readonly string[] Surnames = ["Alvarez", "Okafor", "Nguyen", "Smith", "Kowalski", "Haddad", "Johnson", "Patel", "Moreau", "Brennan"];
    private static readonly string[] Cities = ["Dayton", "Fresno", "Toledo", "Boise", "Tucson", "Akron", "Spokane", "Macon"];
    private static readonly string[] Months = ["January", "March", "April", "June", "August", "October", "December"];

    private static string Fill(string template, Random r)
    {
        var sb = new StringBuilder(template);
        sb.Replace("{Surname}", Surnames[r.Next(Surnames.Length)]);
        sb.Replace("{Given}", Given[r.Next(Given.Length)]);
        sb.Replace("{City}", Cities[r.Next(Cities.Length)]);
        sb.Replace("{Age}", (90 + r.Next(10)).ToString());
        sb.Replace("{Date}", $"{r.Next(1, 13):00}/{r.Next(1, 29):00}/{r.Next(1930, 2025)}");
        sb.Replace("{MonthDay}", $"{Months[r.Next(Months.Length)]} {r.Next(1, 29)}th");
        sb.Replace("{Phone}", $"({r.Next(200, 999)}) {r.Next(200, 999)}-{r.Next(1000, 9999)}");
        sb.Replace("{Mrn}", r.Next(10_000_000, 99_999_999).ToString());
        sb.Replace("{Ssn}", $"{r.Next(100, 665)}-{r.Next(10, 99)}-{r.Next(1000, 9999)}");
        sb.Replace("{Email}", $"{Given[r.Next(Given.Length)].ToLowerInvariant()}.{Surnames[r.Next(Surnames.Length)].ToLowerInvariant()}@mail.com");
        sb.Replace("{Number}", r.Next(1, 9999).ToString());
        sb.Replace("{Zip}", r.Next(10000, 99999).ToString());
        sb.Replace("{Serial}", $"{r.Next(1, 9)}F{r.Next(1, 9)}-{r.Next(10000, 99999)}");
        sb.Replace("{Dea}", "AB1234563");
        sb.Replace("{Ip}", $"10.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}");
        return sb.ToString();
    }
}
