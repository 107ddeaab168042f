namespace Rounds.Privacy.Tests;

/// <summary>Development examples written for these tests (not from the evaluation set).</summary>
public class TextGuardTests
{
    private static readonly TextGuard Guard = TextGuard.Default;

    private static void AssertFinds(string text, string span, IdentifierType type)
    {
        var findings = Guard.Scan(text);
        var at = text.IndexOf(span, StringComparison.Ordinal);
        Assert.True(at >= 0, $"test text lacks \"{span}\"");
        var hit = findings.Where(f => f.Start < at + span.Length && at < f.End).ToList();
        Assert.True(hit.Any(f => f.Type == type),
            $"expected {type} at \"{span}\" in \"{text}\"; found: {string.Join(", ", findings.Select(f => $"{f.Type} \"{text.Substring(f.Start, f.Length)}\""))}");
    }

    private static void AssertClean(string text)
    {
        var findings = Guard.Scan(text);
        Assert.True(findings.Count == 0, $"expected nothing in \"{text}\"; found: {string.Join(", ", findings.Select(f => $"{f.Type} \"{text.Substring(f.Start, f.Length)}\""))}");
    }

    [Theory]
    [InlineData("Mr. Alvarez was seen in clinic today.", "Alvarez")]
    [InlineData("Seen with pt Jane Smith this morning.", "Jane Smith")]
    [InlineData("Spoke to her daughter Maria about the plan.", "Maria")]
    [InlineData("Dr. Okafor saw her overnight.", "Okafor")]
    [InlineData("Mrs. Kowalski declined the biopsy.", "Kowalski")]
    [InlineData("His wife, Linda, manages his meds.", "Linda")]
    [InlineData("The patient, Robert Haddad, is a retired teacher.", "Robert Haddad")]
    [InlineData("Discussed with J. Brennan from pharmacy.", "Brennan")]
    [InlineData("Patient named Tomasz prefers Polish.", "Tomasz")]
    [InlineData("can u check on mr alvarez in 412?", "mr alvarez")]
    [InlineData("Pt: Robert \"Bobby\" Finnegan, admitted overnight.", "Finnegan")]
    [InlineData("lol same. Tomasz thinks it's pericarditis", "Tomasz")]
    [InlineData("her daughter maria is bringing the meds", "maria")]
    [InlineData("thanks sarah, will do", "sarah")]
    [InlineData("Talked to Charlotte about the results.", "Charlotte")]
    [InlineData("Later Alvarez said the pain was better after Mr. Alvarez rested.", "Later Alvarez")]
    public void Names_with_context_are_found(string text, string name) => AssertFinds(text, name.Replace("Later ", ""), IdentifierType.Name);

    [Theory]
    [InlineData("Classic Sjögren's syndrome with dry eyes.")]
    [InlineData("Join us for #meded26533 and #NephJC2024 tonight, see #RheumIOW.")]
    [InlineData("Handover 3: please review the overnight labs, @a5743b890, @physicia_12_3456 and @m_1_035532a01 and @resident_ruth")]
    [InlineData("Known Graves' disease, on methimazole.")]
    [InlineData("Adult-onset Still's disease is on the differential.")]
    [InlineData("Oral ulcers make Behçet's likely.")]
    [InlineData("Her father had Parkinson's and Crohn's.")]
    [InlineData("Murphy's sign was negative.")]
    [InlineData("Glasgow Coma Scale 14 on arrival.")]
    [InlineData("Per Wells 2003 the score is low; see Smith et al. for details.")]
    [InlineData("Brilliant paper by Sanchez and colleagues on sepsis bundles. Shout out to Nurse Practitioner week.")]
    [InlineData("Will follow up in two weeks. Hope the rash settles. Grace period for the prior auth.")]
    [InlineData("Candida grew from the line; started Allegra and Lyrica. Klebsiella in urine.")]
    [InlineData("Known Alzheimer's, Hashimoto's and Kawasaki disease; Castleman disease vs Kikuchi; Dupuytren's.")]
    public void Eponyms_citations_and_ordinary_capitals_pass(string text) => AssertClean(text);

    [Theory]
    [InlineData("Lives at 42 Elm Street with her sister.", "42 Elm Street", IdentifierType.Address)]
    [InlineData("Mail to PO Box 113 please.", "PO Box 113", IdentifierType.Address)]
    [InlineData("Moved to 1200 N. Oak Ave Apt 4B last year.", "1200 N. Oak Ave", IdentifierType.Address)]
    [InlineData("Address: Dayton, OH 45402.", "45402", IdentifierType.ZipCode)]
    [InlineData("Mail goes to Dayton OH 45402-1234.", "45402-1234", IdentifierType.ZipCode)]
    [InlineData("She lives in Dayton and drives in.", "Dayton", IdentifierType.Location)]
    [InlineData("Family is from Fresno County.", "Fresno County", IdentifierType.Location)]
    [InlineData("She lives with her daughter in Smallville.", "Smallville", IdentifierType.Location)]
    [InlineData("He grew up in the Bronx.", "Bronx", IdentifierType.Location)]
    [InlineData("The priest came from St. Anne's this morning.", "St. Anne's", IdentifierType.Location)]
    [InlineData("Admitted from Oakwood Manor assisted living.", "Oakwood Manor", IdentifierType.Location)]
    [InlineData("Lives at 9 Calle Luna, Sunnyvale.", "Sunnyvale", IdentifierType.Location)]
    [InlineData("He crashed near Ballymena last night.", "Ballymena", IdentifierType.Location)]
    [InlineData("she lives in dayton now", "dayton", IdentifierType.Location)]
    [InlineData("Transferred from St. Mary's Hospital overnight.", "St. Mary's Hospital", IdentifierType.Location)]
    public void Places_that_locate_a_person_are_found(string text, string span, IdentifierType type) => AssertFinds(text, span, type);

    [Theory]
    [InlineData("She grew up in Ohio and travelled to Mexico.")]
    [InlineData("Admitted to bed 12 in room 4 on 4 West.")]
    [InlineData("The Boston criteria were not met.")]
    public void Places_that_locate_no_one_pass(string text) => AssertClean(text);

    [Theory]
    [InlineData("Seen on 03/14/2024 for follow-up.", "03/14/2024")]
    [InlineData("Symptoms since March 14th.", "March 14th")]
    [InlineData("Biopsy 14-Mar, results pending.", "14-Mar")]
    [InlineData("Fell last Tuesday the 3rd at home.", "Tuesday the 3rd")]
    [InlineData("DOB 1951-02-07.", "1951-02-07")]
    [InlineData("Flare started in March 2024.", "March 2024")]
    [InlineData("Admitted on Christmas Eve with chest pain.", "Christmas Eve")]
    [InlineData("Labs drawn 3/14 were normal.", "3/14")]
    [InlineData("Next visit on the 3rd, she says.", "the 3rd")]
    [InlineData("Infusion due 14 Mar 2024.", "14 Mar 2024")]
    [InlineData("seen march 3rd in clinic", "march 3rd")]
    public void Dates_are_found(string text, string span) => AssertFinds(text, span, IdentifierType.Date);

    [Theory]
    [InlineData("Diagnosed in 2019, stable since.")]
    [InlineData("Symptoms for 3 days, POD 3, hospital day 5.")]
    [InlineData("BP 142/91, HR 88, SpO2 94% on room air.")]
    [InlineData("Strength 4/5 proximally, pain 7/10, grade 2/6 murmur, vision 20/20.")]
    [InlineData("Percocet 5/325 mg every 6 hours as needed.")]
    [InlineData("Seen at 14:30 and again at 0800.")]
    [InlineData("pt may 2 tabs if needed; the mark was 4 cm.")]
    public void Years_durations_and_fractions_pass(string text) => AssertClean(text);

    [Theory]
    [InlineData("A 92-year-old woman with fever.", "92-year-old")]
    [InlineData("92 yo M with dyspnoea.", "92 yo")]
    [InlineData("She is 95 y/o and independent.", "95 y/o")]
    [InlineData("Aged 95, lives alone.", "Aged 95")]
    [InlineData("A 101 year old man fell.", "101 year old")]
    [InlineData("Still sharp in her 90s.", "in her 90s")]
    [InlineData("A ninety-two-year-old woman fell.", "ninety-two-year-old")]
    [InlineData("Grandma is 92 and wants to go home.", "92")]
    [InlineData("We said goodbye to Mr. Crane, 93, today.", "93")]
    [InlineData("She turned 97 this winter.", "97")]
    public void Ages_over_89_are_found(string text, string span) => AssertFinds(text, span, IdentifierType.Age);

    [Theory]
    [InlineData("A 67-year-old man with gout.")]
    [InlineData("An 89 yo woman, aged 89.")]
    [InlineData("Gave aspirin 90 mg; patients 90 or older, ≥90 and 90+ are pooled.")]
    public void Ages_89_and_under_pass(string text) => AssertClean(text);

    [Theory]
    [InlineData("Call (555) 123-4567 after 5.", "(555) 123-4567", IdentifierType.Phone)]
    [InlineData("Cell 555.987.6543.", "555.987.6543", IdentifierType.Phone)]
    [InlineData("Reach her at +1 555 222 3333.", "555 222 3333", IdentifierType.Phone)]
    [InlineData("Her UK number is +44 20 7946 0958.", "+44 20 7946 0958", IdentifierType.Phone)]
    [InlineData("Fax 555-123-4567 for records.", "555-123-4567", IdentifierType.Fax)]
    [InlineData("Email jane.doe@example.com with updates.", "jane.doe@example.com", IdentifierType.Email)]
    [InlineData("SSN 123-45-6789 on file.", "123-45-6789", IdentifierType.Ssn)]
    [InlineData("SSN 123456789 on file.", "123456789", IdentifierType.Ssn)]
    [InlineData("MRN 00123456, seen today.", "00123456", IdentifierType.MedicalRecordNumber)]
    [InlineData("Med rec # 4412 is the old chart.", "4412", IdentifierType.MedicalRecordNumber)]
    [InlineData("Medicare ID 1EG4-TE5-MK73 verified.", "1EG4-TE5-MK73", IdentifierType.HealthPlanNumber)]
    [InlineData("Member ID: XJH448812 active.", "XJH448812", IdentifierType.HealthPlanNumber)]
    [InlineData("Account #88213377 is overdue.", "88213377", IdentifierType.AccountNumber)]
    [InlineData("DEA AB1234563 on the script.", "AB1234563", IdentifierType.LicenceNumber)]
    [InlineData("NPI 1234567893 for the referral.", "1234567893", IdentifierType.LicenceNumber)]
    [InlineData("VIN 1HGCM82633A004352 from the crash report.", "1HGCM82633A004352", IdentifierType.VehicleIdentifier)]
    [InlineData("Pacemaker SN 4F7-22901 interrogated.", "4F7-22901", IdentifierType.DeviceIdentifier)]
    [InlineData("Photos at https://photos.example.net/jdoe/123 for review.", "https://photos.example.net/jdoe/123", IdentifierType.Url)]
    [InlineData("Her blog is janedoe.me/about.", "janedoe.me/about", IdentifierType.Url)]
    [InlineData("Logged in from 192.168.10.24 yesterday.", "192.168.10.24", IdentifierType.IpAddress)]
    [InlineData("Accession S24-118273 sent out.", "S24-118273", IdentifierType.OtherIdentifier)]
    [InlineData("Claim number 77821934 denied.", "77821934", IdentifierType.OtherIdentifier)]
    public void Numbers_and_addresses_of_a_person_are_found(string text, string span, IdentifierType type) => AssertFinds(text, span, type);

    [Theory]
    [InlineData("CURB-65 of 3, CHA2DS2-VASc 4, HAS-BLED 2.")]
    [InlineData("Prednisone 500 mg BID, then 1-2 tabs q4-6h.")]
    [InlineData("WBC 12.4, plt 150,000, Cr 1.3, CRP 48 mg/L, ANA 1:320.")]
    [InlineData("JAK2 V617F negative, HLA-B27 positive, BRCA1 pending.")]
    [InlineData("ICD-10 M32.14 and CPT 99214 billed.")]
    [InlineData("See PMID 31234567, NCT01234567 and doi 10.1056/NEJMoa2034577.")]
    [InlineData("Great case #rheum @dr_lupus #ACR24")]
    [InlineData("Staging T2N0M0, EF 55%, HbA1c 8.1%.")]
    [InlineData("Guideline at https://www.rheumatology.org/Practice-Quality/Clinical-Support and https://doi.org/10.1002/art.41773.")]
    [InlineData("Started methotrexate and hydroxychloroquine; considering rituximab.")]
    [InlineData("Review at https://www.atsjournals.org/doi/10.1164/rccm.201908-1581ST is worth a read.")]
    [InlineData("ABG 7.21/58/62 on 40% FiO2; started BiPAP 12/5. Moderate MR and mild TR on echo.")]
    [InlineData("Rapid Response called overnight; Code Blue at 0300. Neurology thinks it's MG; Grand Rounds Friday.")]
    public void Clinical_language_passes(string text) => AssertClean(text);

    [Theory]
    [InlineData("Seen 3.14.2024 in clinic.", "3.14.2024", IdentifierType.Date)]
    [InlineData("DOB: 02-07-1951.", "02-07-1951", IdentifierType.Date)]
    [InlineData("Admitted 2024/03/14.", "2024/03/14", IdentifierType.Date)]
    [InlineData("Follow up 4/2/25.", "4/2/25", IdentifierType.Date)]
    [InlineData("Born Feb. 7, 1951 in a farmhouse.", "Feb. 7, 1951", IdentifierType.Date)]
    [InlineData("Rash since 7th March.", "7th March", IdentifierType.Date)]
    [InlineData("Worse since mid-March.", "March", IdentifierType.Date)]
    [InlineData("Flare 11/2023, steroids since.", "11/2023", IdentifierType.Date)]
    [InlineData("Tel. 555 123 4567 after noon.", "555 123 4567", IdentifierType.Phone)]
    [InlineData("Mobile +1 (555) 987-6543.", "(555) 987-6543", IdentifierType.Phone)]
    [InlineData("F: 555-333-4444 for the forms.", "555-333-4444", IdentifierType.Fax)]
    [InlineData("Pager 555-0199 ext. 12.", "555-0199", IdentifierType.Phone)]
    [InlineData("MR#: A1234567.", "A1234567", IdentifierType.MedicalRecordNumber)]
    [InlineData("Chart No. 99812.", "99812", IdentifierType.MedicalRecordNumber)]
    [InlineData("Hosp # 7781223.", "7781223", IdentifierType.MedicalRecordNumber)]
    [InlineData("Pt ID: PT-004512.", "PT-004512", IdentifierType.OtherIdentifier)]
    [InlineData("Specimen ID: BX24-0091.", "BX24-0091", IdentifierType.OtherIdentifier)]
    [InlineData("Case No. 2023-CR-1182.", "2023-CR-1182", IdentifierType.OtherIdentifier)]
    [InlineData("Medicaid ID: NY12345678.", "NY12345678", IdentifierType.HealthPlanNumber)]
    [InlineData("Policy No. 887 221 9904.", "887 221 9904", IdentifierType.HealthPlanNumber)]
    [InlineData("Group #: G-44817.", "G-44817", IdentifierType.HealthPlanNumber)]
    [InlineData("Acct: 0045-7781-22.", "0045-7781-22", IdentifierType.AccountNumber)]
    [InlineData("License No. MD-44812 (Ohio).", "MD-44812", IdentifierType.LicenceNumber)]
    [InlineData("DL # S530-4417-8812.", "S530-4417-8812", IdentifierType.LicenceNumber)]
    [InlineData("License plate ABC-1234 on the car.", "ABC-1234", IdentifierType.VehicleIdentifier)]
    [InlineData("Device serial no. PX88-21-77391.", "PX88-21-77391", IdentifierType.DeviceIdentifier)]
    [InlineData("IMEI 356938035643809 of her phone.", "356938035643809", IdentifierType.DeviceIdentifier)]
    [InlineData("Node at fe80::1ff:fe23:4567:890a logged in.", "fe80::1ff:fe23:4567:890a", IdentifierType.IpAddress)]
    [InlineData("Social 123 45 6789.", "123 45 6789", IdentifierType.Ssn)]
    public void Identifiers_are_found_in_their_common_formats(string text, string span, IdentifierType type) => AssertFinds(text, span, type);

    [Theory]
    [InlineData("HLA-B*27:05, c.1799T>A (p.V600E), ANA 1:1280, Gleason 4+3=7, T-score -2.7, LVEF 35-40%.")]
    [InlineData("QTc 480, K 3.1, BMI 31.2, G3P2 at 38+4 weeks, grade 3/4, 2.3 x 1.8 cm, VL 45,000 copies.")]
    [InlineData("Room 412, bed 2, 5 North; Code 99 called at 02:15.")]
    [InlineData("Windows 10.0.19045.3803 and app version 4.2.1.7 crashed.")]
    [InlineData("Tab 1/2 daily, IV 3/4 NS, 10/10 pain at worst, 12/30 on the MoCA, Apgar 8/9.")]
    [InlineData("The patient is 92% adherent; HR is 98 and SpO2 was 91 on arrival. He is 100 percent compliant.")]
    [InlineData("Worked in Emergency Medicine for 10 years before moving to Palliative Care.")]
    [InlineData("The Heart Failure Clinic and the Lupus Clinic share a nurse. Our Rheumatology Practice is growing.")]
    [InlineData("Survival in Western cohorts differs; rates are higher in Black and Hispanic patients.")]
    [InlineData("Published in Nature Medicine; data from Pfizer and from Moderna; I logged it in Excel.")]
    [InlineData("Results in Methods; increase in Creatinine; seen in Rheum clinic; learned it in Med School.")]
    public void More_clinical_numbers_pass(string text) => AssertClean(text);

    [Fact]
    public void Findings_are_in_order_and_never_overlap()
    {
        var text = "Mr. Alvarez (MRN 00123456), 92 yo, seen 03/14/2024 at 42 Elm Street, Dayton, OH 45402; call (555) 123-4567.";
        var findings = Guard.Scan(text);
        Assert.True(findings.Count >= 7);
        for (var k = 1; k < findings.Count; k++) Assert.True(findings[k - 1].End <= findings[k].Start);
        Assert.All(findings, f => Assert.InRange(f.Confidence, 0.01, 1.0));
    }

    [Fact]
    public void Structured_matches_are_more_certain_than_name_guesses()
    {
        var text = "Email maria@example.com; later Maria called.";
        var findings = Guard.Scan(text);
        var email = findings.Single(f => f.Type == IdentifierType.Email);
        Assert.True(email.Confidence >= 0.95);
        Assert.All(findings.Where(f => f.Type == IdentifierType.Name), f => Assert.True(f.Confidence < email.Confidence));
    }

    [Fact]
    public void Empty_text_has_no_findings() => Assert.Empty(Guard.Scan(""));
}
