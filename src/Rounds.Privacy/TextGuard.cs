namespace Rounds.Privacy;

/// <summary>
/// Finds the Safe Harbor identifiers in free text. Thread-safe; build once (<see cref="Default"/>) and share.
/// </summary>
public sealed class TextGuard
{
    public static TextGuard Default { get; } = new();

    /// <summary>Findings in text order, never overlapping.</summary>
    public IReadOnlyList<Finding> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? [] : Scanner.Scan(text);
    }

    /// <summary>Scans and redacts in one call.</summary>
    public string Redact(string text, RedactionStyle style = RedactionStyle.Placeholder, int seed = 0) => Redact(text, Scan(text), style, seed);

    /// <summary>Replaces each finding; findings may come in any order but must not overlap.</summary>
    public string Redact(string text, IEnumerable<Finding> findings, RedactionStyle style = RedactionStyle.Placeholder, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ordered = findings.OrderBy(f => f.Start).ToList();
        var result = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var f in ordered)
        {
            if (f.Start < at || f.End > text.Length) throw new ArgumentException("Findings overlap or fall outside the text.", nameof(findings));
            result.Append(text, at, f.Start - at);
            if (style == RedactionStyle.Surrogate) result.Append(Surrogates.For(text.Substring(f.Start, f.Length), f.Type, seed));
            else result.Append(Placeholder(f.Type));
            at = f.End;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    public static string Placeholder(IdentifierType type) => type switch
    {
        IdentifierType.Name => "[NAME]",
        IdentifierType.Address => "[ADDRESS]",
        IdentifierType.Location => "[LOCATION]",
        IdentifierType.ZipCode => "[ZIP]",
        IdentifierType.Date => "[DATE]",
        IdentifierType.Age => "[AGE 90+]",
        IdentifierType.Phone => "[PHONE]",
        IdentifierType.Fax => "[FAX]",
        IdentifierType.Email => "[EMAIL]",
        IdentifierType.Ssn => "[SSN]",
        IdentifierType.MedicalRecordNumber => "[MRN]",
        IdentifierType.HealthPlanNumber => "[HEALTH PLAN NO]",
        IdentifierType.AccountNumber => "[ACCOUNT NO]",
        IdentifierType.LicenceNumber => "[LICENCE NO]",
        IdentifierType.VehicleIdentifier => "[VEHICLE ID]",
        IdentifierType.DeviceIdentifier => "[DEVICE ID]",
        IdentifierType.Url => "[URL]",
        IdentifierType.IpAddress => "[IP]",
        _ => "[ID]",
    };

    /// <summary>Words a person would read: "name", "date", "phone number"…</summary>
    public static string Describe(IdentifierType type) => type switch
    {
        IdentifierType.Name => "name",
        IdentifierType.Address => "street address",
        IdentifierType.Location => "place",
        IdentifierType.ZipCode => "ZIP code",
        IdentifierType.Date => "date",
        IdentifierType.Age => "age over 89",
        IdentifierType.Phone => "phone number",
        IdentifierType.Fax => "fax number",
        IdentifierType.Email => "email address",
        IdentifierType.Ssn => "social security number",
        IdentifierType.MedicalRecordNumber => "medical record number",
        IdentifierType.HealthPlanNumber => "health plan number",
        IdentifierType.AccountNumber => "account number",
        IdentifierType.LicenceNumber => "licence number",
        IdentifierType.VehicleIdentifier => "vehicle identifier",
        IdentifierType.DeviceIdentifier => "device identifier",
        IdentifierType.Url => "web address",
        IdentifierType.IpAddress => "IP address",
        _ => "identifying number",
    };
}
