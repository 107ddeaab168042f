namespace Rounds.Privacy;

/// <summary>The HIPAA Safe Harbor identifier kinds the text guard reports (biometrics and photos are the image guard's).</summary>
public enum IdentifierType
{
    Name,
    Address,
    Location,
    ZipCode,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    Ssn,
    MedicalRecordNumber,
    HealthPlanNumber,
    AccountNumber,
    LicenceNumber,
    VehicleIdentifier,
    DeviceIdentifier,
    Url,
    IpAddress,
    OtherIdentifier,
}

/// <summary>One identifier found in a text: UTF-16 offsets into the scanned string.</summary>
public readonly record struct Finding(int Start, int Length, IdentifierType Type, double Confidence)
{
    public int End => Start + Length;
}

public enum RedactionStyle
{
    /// <summary>Each finding becomes its typed placeholder, e.g. "[NAME]".</summary>
    Placeholder,
    /// <summary>Each finding becomes a plausible fake of the same type (names from the dictionaries, dates shifted).</summary>
    Surrogate,
}
