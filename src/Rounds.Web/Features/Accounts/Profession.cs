namespace Rounds.Web.Features.Accounts;

public enum Profession
{
    Physician,
    ResidentFellow,
    MedicalStudent,
    NurseNpPa,
    Pharmacist,
    OtherClinician,
    EducatorResearcher,
    PatientAdvocate,
    Organization,
}

public static class ProfessionExtensions
{
    /// <summary>Clinicians (students included) can be verified and see clinician-only content once verified.</summary>
    public static bool IsClinician(this Profession p) => p <= Profession.OtherClinician;

    public static string Label(this Profession p) => p switch
    {
        Profession.Physician => "Physician",
        Profession.ResidentFellow => "Resident / fellow",
        Profession.MedicalStudent => "Medical student",
        Profession.NurseNpPa => "Nurse, NP or PA",
        Profession.Pharmacist => "Pharmacist",
        Profession.OtherClinician => "Other clinician",
        Profession.EducatorResearcher => "Educator / researcher",
        Profession.PatientAdvocate => "Patient / advocate",
        Profession.Organization => "Organization (journal, society)",
        _ => p.ToString(),
    };
}
