using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Profiles;

public static class UpdateProfile
{
    public sealed record Request(
        [Required, MaxLength(80)] string? DisplayName,
        Profession? Profession,
        [MaxLength(80)] string? SpecialtyCode,
        [MaxLength(160)] string? Institution,
        [MaxLength(160)] string? TrainingProgram,
        int? TrainingStartYear,
        int? TrainingEndYear,
        [MaxLength(2000)] string? Bio,
        List<string>? Links,
        [MaxLength(2000)] string? ConflictOfInterest,
        bool? ShowsDisclaimer,
        string? ProfileAudience,
        bool OverridePrivacy = false);

    public const int MaxLinks = 5;

    public static async Task<Outcome<Member>> RunAsync(Member member, Request r, RoundsDb db, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        var now = clock.GetUtcNow().UtcDateTime;
        if (r.DisplayName is not null && string.IsNullOrWhiteSpace(r.DisplayName)) errors.Add("displayName", "Enter the name others will see.");
        var specialty = string.IsNullOrWhiteSpace(r.SpecialtyCode) ? null : specialties.Find(r.SpecialtyCode.Trim());
        if (!string.IsNullOrWhiteSpace(r.SpecialtyCode) && specialty is null) errors.Add("specialtyCode", "Choose a specialty from the list.");
        var thisYear = now.Year;
        foreach (var (field, year) in new[] { ("trainingStartYear", r.TrainingStartYear), ("trainingEndYear", r.TrainingEndYear) })
            if (year is { } y && (y < 1940 || y > thisYear + 10)) errors.Add(field, $"Give a year between 1940 and {thisYear + 10}.");
        if (r.TrainingStartYear > r.TrainingEndYear) errors.Add("trainingEndYear", "Training cannot end before it starts.");
        if ((r.TrainingStartYear is not null || r.TrainingEndYear is not null) && string.IsNullOrWhiteSpace(r.TrainingProgram) && string.IsNullOrWhiteSpace(r.Institution))
            errors.Add("trainingProgram", "Say where you trained.");
        var links = (r.Links ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (links.Count > MaxLinks) errors.Add("links", $"At most {MaxLinks} links.");
        if (links.Any(l => l.Length > 300 || !Uri.TryCreate(l, UriKind.Absolute, out var u) || (u.Scheme != "https" && u.Scheme != "http")))
            errors.Add("links", "Each link is a full http(s) address.");
        Audience? audience = null;
        if (r.ProfileAudience is not null)
        {
            if (Enum.TryParse<Audience>(r.ProfileAudience, true, out var a) && a is Audience.Public or Audience.Members or Audience.Clinicians) audience = a;
            else errors.Add("profileAudience", "A profile is visible to public, members or clinicians.");
        }
        if (r.Profession is { } p && p != member.Profession && member.IsVerified(now))
            errors.Add("profession", "A verified member cannot change profession; ask a moderator.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        // The member's own name and workplace are meant to be there; free text may still describe a patient.
        var guard = PrivacyGuard.Scan([("bio", r.Bio), ("conflictOfInterest", r.ConflictOfInterest)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        member.DisplayName = r.DisplayName!.Trim();
        if (r.Profession is { } profession) member.Profession = profession;
        member.SpecialtyCode = specialty?.Code;
        member.Institution = Blank(r.Institution);
        member.TrainingProgram = Blank(r.TrainingProgram);
        member.TrainingStartYear = r.TrainingStartYear;
        member.TrainingEndYear = r.TrainingEndYear;
        member.Bio = Blank(r.Bio);
        member.Links = links;
        member.ConflictOfInterest = Blank(r.ConflictOfInterest);
        if (r.ShowsDisclaimer is { } d) member.ShowsDisclaimer = d;
        if (audience is { } aud) member.ProfileAudience = aud;
        member.NormalizeKeys();
        PrivacyGuard.Record(db, member.Id, "profile", member.Id, guard, now);
        await db.SaveChangesAsync(ct);
        return member;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync((await me.MemberAsync(ct))!, request, db, specialties, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        return TypedResults.Ok(await GetProfile.ViewAsync(outcome.Value!, db, specialties, clock.GetUtcNow().UtcDateTime, ct));
    }
}
