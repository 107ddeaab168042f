using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Web.Features.Verification;

public static class RequestVerification
{
    public sealed record Request(string? Npi, string? LicenseNumber, string? LicenseRegion);
    public sealed record Document(string FileName, byte[] Bytes);

    public static async Task<Outcome<VerificationRequest>> RunAsync(long memberId, Request r, Document? document, RoundsDb db, IFileStore files,
        VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        var npi = Clean(r.Npi)?.Replace(" ", "").Replace("-", "");
        var license = Clean(r.LicenseNumber);
        var region = Clean(r.LicenseRegion);
        var errors = new Dictionary<string, string[]>();
        if (npi is not null)
        {
            if (npi.Length != 10 || !npi.All(char.IsAsciiDigit)) errors.Add("npi", "An NPI is exactly 10 digits.");
            else if (!Npi.IsValid(npi)) errors.Add("npi", "This NPI fails the check digit; check it for a typo.");
        }
        if (license is not null && region is null) errors.Add("licenseRegion", "Give the state or country that issued the licence.");
        if (license is null && region is not null) errors.Add("licenseNumber", "Give the licence number for this state or country.");
        if (license?.Length > 40) errors.Add("licenseNumber", "A licence number has at most 40 characters.");
        if (region?.Length > 60) errors.Add("licenseRegion", "At most 60 characters.");
        if (document is { Bytes.Length: 0 }) errors.Add("document", "The document is empty.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (document is not null && document.Bytes.Length > options.MaxDocumentBytes)
            return Outcome.TooLarge("document", $"The document is larger than {options.MaxDocumentBytes / (1024 * 1024)} MB.");

        var member = await db.Users.SingleAsync(m => m.Id == memberId, ct);
        if (!member.IsClinician) return Outcome.Forbidden("Only clinicians and students are verified.");
        if (npi is null && license is null && (document is null || member.Profession != Profession.MedicalStudent))
            return Outcome.Invalid("npi", member.Profession == Profession.MedicalStudent
                ? "Give an NPI, a licence, or upload your student document."
                : "Give an NPI or a licence number with its state or country.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (member.IsVerified(now)) return Outcome.Conflict("You are already verified.");
        if (await db.VerificationRequests.AnyAsync(x => x.MemberId == memberId && x.Status == VerificationStatus.Pending, ct))
            return Outcome.Conflict("You already have a request waiting for a moderator.");

        string? key = null, type = null;
        if (document is not null)
        {
            (var bytes, type, var ext) = Stored(document.Bytes);
            if (bytes is null) return Outcome.Invalid("document", "Upload a PDF, JPEG or PNG document.");
            key = await files.SaveAsync("verification", ext!, bytes, ct);
        }
        var request = new VerificationRequest
        {
            MemberId = memberId, Npi = npi, LicenseNumber = license, LicenseRegion = region, DocumentKey = key,
            DocumentContentType = type, DocumentName = document is null ? null : Path.GetFileName(document.FileName).Truncate(200),
            Status = VerificationStatus.Pending, CreatedAt = now,
        };
        db.VerificationRequests.Add(request);
        AuditLog.Record(db, now, AuditActions.VerificationRequested, memberId, memberId,
            string.Join("; ", new[] { npi is null ? null : $"NPI {npi}", license is null ? null : $"Licence {license} ({region})", key is null ? null : "document" }.OfType<string>()));
        try { await db.SaveChangesAsync(ct); }
        catch { if (key is not null) await files.DeleteAsync(key, ct); throw; }
        return request;
    }

    /// <summary>PDFs are kept as sent; images are re-encoded so that their metadata is dropped.</summary>
    private static (byte[]? Bytes, string? Type, string? Ext) Stored(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith("%PDF-"u8)) return (bytes, "application/pdf", "pdf");
        var image = ImageSanitizer.Clean(bytes, 4000);
        return image is null ? (null, null, null) : (image.Bytes, image.ContentType, image.Extension);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static async Task<Results<Created<VerificationRequestView>, ProblemHttpResult>> HandleAsync(
        [FromForm] string? npi, [FromForm] string? licenseNumber, [FromForm] string? licenseRegion, IFormFile? document,
        CurrentUser me, RoundsDb db, IFileStore files, VerificationOptions options, TimeProvider clock, CancellationToken ct)
    {
        Document? doc = null;
        if (document is not null)
        {
            if (document.Length > options.MaxDocumentBytes)
                return Problems.From(new Outcome<int>(OutcomeKind.TooLarge, Message: $"The document is larger than {options.MaxDocumentBytes / (1024 * 1024)} MB."));
            using var ms = new MemoryStream();
            await document.CopyToAsync(ms, ct);
            doc = new Document(document.FileName, ms.ToArray());
        }
        var outcome = await RunAsync(me.Id!.Value, new Request(npi, licenseNumber, licenseRegion), doc, db, files, options, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Created($"/api/v1/verification/requests/{outcome.Value!.Id}", VerificationRequestView.From(outcome.Value, null));
    }
}

public sealed record VerificationRequestView(
    long Id, string Status, string? Npi, string? LicenseNumber, string? LicenseRegion, bool HasDocument, string? DocumentName,
    DateTime CreatedAt, DateTime? DecidedAt, string? DecisionReason, MemberSummary? Member)
{
    public static VerificationRequestView From(VerificationRequest r, MemberSummary? member) => new(
        r.Id, r.Status.ToString().ToLowerInvariant(), r.Npi, r.LicenseNumber, r.LicenseRegion, r.DocumentKey is not null, r.DocumentName,
        r.CreatedAt, r.DecidedAt, r.DecisionReason, member);
}

public static class StringExtensions
{
    public static string Truncate(this string s, int max) => s.Length <= max ? s : s[..max];
}
