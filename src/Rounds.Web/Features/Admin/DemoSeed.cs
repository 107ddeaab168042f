using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Groups;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Admin;

/// <summary>A small demo community, seeded once into an empty database so a first run has something to show.</summary>
public static class DemoSeed
{
    public const string Password = "Rounds-demo-2026";

    public sealed record DemoMember(string Handle, string Name, string Email, Profession Profession, string? Specialty, string? Institution,
        string? Program, int? Start, int? End, bool Verified, string? Role = null, Audience ProfileAudience = Audience.Public);

    public static readonly DemoMember[] Members =
    [
        new("admin", "Rounds Admin", "admin@rounds.local", Profession.Organization, null, null, null, null, null, false, Roles.Admin),
        new("drmoderator", "Dr. Maya Moderator", "moderator@rounds.local", Profession.Physician, "internal-medicine", "Riverside University Hospital", "Riverside Internal Medicine Residency", 2008, 2011, true, Roles.Moderator),
        new("rheumdoc", "Dr. Ana Okafor", "ana@rounds.local", Profession.Physician, "rheumatology", "Riverside University Hospital", "Riverside Internal Medicine Residency", 2012, 2015, true),
        new("nephjc_fan", "Dr. Sam Lindqvist", "sam@rounds.local", Profession.Physician, "nephrology", "Lakeshore Medical Center", "Riverside Internal Medicine Residency", 2013, 2016, true),
        new("resident_ruth", "Dr. Ruth Adeyemi", "ruth@rounds.local", Profession.ResidentFellow, "internal-medicine", "Riverside University Hospital", "Riverside Internal Medicine Residency", 2024, 2027, false),
        new("student_lee", "Jordan Lee", "jordan@rounds.local", Profession.MedicalStudent, null, "Riverside School of Medicine", null, 2023, 2027, true),
        new("nurse_kim", "Kim Tran, RN", "kim@rounds.local", Profession.NurseNpPa, null, "Lakeshore Medical Center", null, null, null, true),
        new("pharm_raj", "Raj Patel, PharmD", "raj@rounds.local", Profession.Pharmacist, null, "Lakeshore Medical Center", null, null, null, false),
        new("educator_eve", "Eve Marsh, PhD", "eve@rounds.local", Profession.EducatorResearcher, null, "Riverside School of Medicine", null, null, null, false),
        new("patient_pat", "Pat Rivera", "pat@rounds.local", Profession.PatientAdvocate, null, null, null, null, null, false),
        new("jrheum", "Journal of Clinical Rheumatology", "journal@rounds.local", Profession.Organization, null, null, null, null, null, false),
    ];

    public static async Task<bool> SeedIfEmptyAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<RoundsDb>();
        if (await db.Users.AnyAsync(ct)) return false;
        var users = sp.GetRequiredService<UserManager<Member>>();
        var options = sp.GetRequiredService<VerificationOptions>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var created = new Dictionary<string, Member>();
        foreach (var d in Members)
        {
            var m = new Member
            {
                Email = d.Email, EmailConfirmed = true, Handle = d.Handle, DisplayName = d.Name, Profession = d.Profession,
                SpecialtyCode = d.Specialty, Institution = d.Institution, TrainingProgram = d.Program, TrainingStartYear = d.Start, TrainingEndYear = d.End,
                ShowsDisclaimer = d.Profession.IsClinician(), ProfileAudience = d.ProfileAudience, CreatedAt = now, GuidelinesAcceptedAt = now,
                Bio = d.Profession.IsClinician() ? "Demo member of the Rounds community." : null,
            };
            m.NormalizeKeys();
            var result = await users.CreateAsync(m, Password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            if (d.Role is not null) await AdminCli.GrantAsync(sp, users, m, d.Role);
            if (d.Verified) Verifier.Grant(db, m, "moderator", AuditActions.VerificationApproved, null, now, options, "Demo seed");
            created[d.Handle] = m;
        }
        db.VerificationRequests.Add(new VerificationRequest
        {
            MemberId = created["resident_ruth"].Id, Npi = "1234567893", Status = VerificationStatus.Pending, CreatedAt = now,
        });
        var group = new Group { Slug = "rheum-fellows", Name = "Rheumatology Fellows", Description = "Fellows and faculty discussing rheumatology training.", CreatedAt = now };
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        db.GroupMemberships.AddRange(
            new GroupMembership { GroupId = group.Id, MemberId = created["rheumdoc"].Id, Role = GroupRole.Owner, JoinedAt = now },
            new GroupMembership { GroupId = group.Id, MemberId = created["resident_ruth"].Id, Role = GroupRole.Member, JoinedAt = now });
        foreach (var (a, b) in new[] { ("resident_ruth", "rheumdoc"), ("student_lee", "rheumdoc"), ("rheumdoc", "nephjc_fan"), ("patient_pat", "rheumdoc"), ("nurse_kim", "pharm_raj") })
            db.Follows.Add(new Follow { FollowerId = created[a].Id, FolloweeId = created[b].Id, CreatedAt = now });
        await db.SaveChangesAsync(ct);
        await Learning.CreditRules.EnsureDefaultsAsync(db, ct); // before any seeded activity, so each entry earns its credit
        await DemoPosts.SeedAsync(db, created, now, ct);
        await DemoCases.SeedAsync(db, sp.GetRequiredService<Infrastructure.Files.IFileStore>(), sp.GetRequiredService<Infrastructure.Images.IFaceDetector>(),
            created, now, ct);
        await DemoJournalClub.SeedAsync(db, sp, created, now, ct);
        await DemoChats.SeedAsync(db, created, now, ct);
        await DemoLessons.SeedAsync(db, sp.GetRequiredService<Infrastructure.Files.IFileStore>(), sp.GetRequiredService<Infrastructure.Images.IFaceDetector>(), created, now, ct);
        await DemoPolls.SeedAsync(db, created, now, ct);
        await DemoConference.SeedAsync(db, created, now, ct);
        await DemoQuizzes.SeedAsync(db, sp.GetRequiredService<Infrastructure.Files.IFileStore>(), sp.GetRequiredService<Infrastructure.Images.IFaceDetector>(), created, now, ct);
        await DemoLearning.SeedAsync(db, created, now, ct); // last: it builds on what the formats above recorded
        return true;
    }
}
