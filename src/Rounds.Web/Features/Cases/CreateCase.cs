using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Cases;

/// <summary>
/// Publishes a case in one step, or refuses with nothing written: the guard blocks while any finding is open (each must be
/// redacted or dismissed), and an image in which a face was found (or could not be checked) needs masking or attested consent.
/// Images are uploaded first like post images (<c>POST /api/v1/media</c>), masked if needed, then named here.
/// </summary>
public static class CreateCase
{
    public sealed record ImageRef(long Id, [MaxLength(1500)] string? AltText);

    public sealed record Request(
        [MaxLength(Case.MaxTitle)] string? Title,
        string? SpecialtyCode,
        string? AgeBand,
        string? Sex,
        [MaxLength(Case.MaxSection)] string? Presentation,
        [MaxLength(Case.MaxSection)] string? History,
        [MaxLength(Case.MaxSection)] string? Findings,
        [MaxLength(Case.MaxQuestion)] string? Question,
        string? Audience = "clinicians",
        long? GroupId = null,
        bool Pseudonymous = false,
        List<ImageRef>? Images = null,
        bool ConsentAttested = false,
        [MaxLength(500)] string? ConsentStatement = null,
        List<string>? Differential = null,
        string? AskSpecialty = null,
        List<Dismissal>? Dismissed = null);

    public static async Task<Outcome<Case>> RunAsync(Member author, Viewer viewer, Request r, RoundsDb db, SpecialtyTaxonomy specialties, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        var title = r.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", "Give the case a title.");
        if (specialties.Find(r.SpecialtyCode?.Trim()) is null) errors.Add("specialtyCode", "Choose the specialty from the list.");
        if (CaseVocabulary.AgeBands.All(a => a.Code != r.AgeBand)) errors.Add("ageBand", "Choose an age band (never an exact age).");
        if (CaseVocabulary.Sexes.All(s => s.Code != r.Sex)) errors.Add("sex", "Choose the patient's sex, or 'not stated'.");
        if (string.IsNullOrWhiteSpace(r.Presentation)) errors.Add("presentation", "Describe the presentation.");
        if (string.IsNullOrWhiteSpace(r.Question)) errors.Add("question", "Ask the question you want answered.");
        if (r.AskSpecialty is { Length: > 0 } ask && specialties.Find(ask.Trim()) is null) errors.Add("askSpecialty", "Choose the specialty to ask from the list.");
        var audience = r.Audience?.Trim().ToLowerInvariant() switch
        {
            null or "" or "clinicians" => Audience.Clinicians,
            "group" => Audience.Group,
            _ => (Audience?)null,
        };
        if (audience is null) errors.Add("audience", "A case is for verified clinicians or for a group; never public.");
        if (audience == Audience.Clinicians && viewer.Kind is not (ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin))
            errors.Add("audience", "Only verified clinicians can share cases with clinicians; share it in a group you belong to instead.");
        if (audience == Audience.Group && r.GroupId is null) errors.Add("groupId", "Choose the group to share the case in.");
        if (audience == Audience.Group && r.GroupId is { } gid && !await db.GroupMemberships.AnyAsync(m => m.GroupId == gid && m.MemberId == author.Id, ct))
            errors.Add("groupId", "You can share cases only in groups you belong to.");
        var differential = (r.Differential ?? []).Select(d => d?.Trim() ?? "").Where(d => d.Length > 0).ToList();
        if (differential.Count == 1) errors.Add("differential", $"A differential needs at least {Poll.MinOptions} diagnoses to vote on (or none).");
        if (differential.Count > Poll.MaxOptions) errors.Add("differential", $"At most {Poll.MaxOptions} diagnoses.");
        if (differential.Any(d => d.Length > Poll.MaxOptionLength)) errors.Add("differential", $"Each diagnosis has at most {Poll.MaxOptionLength} characters.");
        if (differential.Distinct(StringComparer.OrdinalIgnoreCase).Count() != differential.Count) errors.Add("differential", "A diagnosis is listed twice.");
        if (r.Pseudonymous && viewer.Kind is not (ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin))
            errors.Add("pseudonymous", "Only verified clinicians can share a case under a pseudonym.");
        if (r.Images?.Any(i => i is null) == true) errors.Add("images", "Name each image by its id.");
        var refs = (r.Images ?? []).Where(i => i is not null).ToList();
        if (refs.Any(i => i.AltText?.Length > Posts.UploadMedia.MaxAltText)) errors.Add("images", $"Alt text is at most {Posts.UploadMedia.MaxAltText} characters.");
        if (refs.Count > Case.MaxImages) errors.Add("images", $"A case has at most {Case.MaxImages} images.");
        if (refs.Select(i => i.Id).Distinct().Count() != refs.Count) errors.Add("images", "The same image is attached twice.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var images = await Posts.ClinicalImages.TakeAsync(db, author.Id, refs.Select(i => (i.Id, i.AltText)).ToList(), r.ConsentAttested, r.ConsentStatement, errors, ct);
        if (images is null) return Outcome.Invalid(errors);
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var guard = PrivacyGuard.Scan(
        [
            ("title", r.Title), ("presentation", r.Presentation), ("history", r.History), ("findings", r.Findings), ("question", r.Question),
            ("consentStatement", r.ConsentStatement),
            .. differential.Select((d, i) => ($"differential[{i}]", (string?)d)),
            .. images.OrderBy(m => m.Position).Select((m, i) => ($"images[{i}].altText", m.AltText)),
        ], r.Dismissed, blocking: true);
        if (PrivacyGuard.Block(guard) is { } identifying) return identifying;

        var now = clock.GetUtcNow().UtcDateTime;
        var @case = new Case
        {
            AuthorId = author.Id, Title = title, SpecialtyCode = r.SpecialtyCode!.Trim(), AgeBand = r.AgeBand!, Sex = r.Sex!,
            Presentation = r.Presentation!.Trim(), History = Blank(r.History), Findings = Blank(r.Findings), Question = r.Question!.Trim(),
            Audience = audience!.Value, GroupId = audience == Audience.Group ? r.GroupId : null,
            ConsentAttested = r.ConsentAttested && images.Count > 0, ConsentStatement = r.ConsentAttested ? Blank(r.ConsentStatement) : null,
            AskedSpecialtyCode = Blank(r.AskSpecialty), Status = CaseStatus.Open, CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (r.Pseudonymous)
            @case.Pseudonym = await PseudonymAsync(db, author.Id, @case.GroupId is { } g ? $"group:{g}" : "community", now, ct);
        db.Cases.Add(@case);
        await db.SaveChangesAsync(ct);
        foreach (var m in images) m.CaseId = @case.Id;
        if (differential.Count > 0)
        {
            var poll = new Poll
            {
                AuthorId = author.Id, Question = "What is your leading diagnosis?", Audience = @case.Audience, GroupId = @case.GroupId,
                ContextKind = "case", ContextId = @case.Id, CreatedAt = now,
                Options = differential.Select((d, i) => new PollOption { Position = i, Text = d }).ToList(),
            };
            db.Polls.Add(poll);
            await db.SaveChangesAsync(ct);
            @case.DifferentialPollId = poll.Id;
        }
        PrivacyGuard.Record(db, author.Id, "case", @case.Id, guard, now);
        if (@case.AskedSpecialtyCode is not null) jobs.Enqueue(new AskSpecialtyJob(@case.Id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return @case;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static readonly string[] Colours =
        ["Amber", "Azure", "Cedar", "Cobalt", "Coral", "Ember", "Fern", "Garnet", "Indigo", "Jade", "Juniper", "Linen", "Maple", "Ochre", "Olive",
         "Onyx", "Pearl", "Russet", "Saffron", "Sage", "Slate", "Teal", "Umber", "Willow"];
    private static readonly string[] Birds =
        ["Avocet", "Bittern", "Crane", "Curlew", "Dunlin", "Egret", "Falcon", "Finch", "Godwit", "Heron", "Ibis", "Kestrel", "Kingfisher", "Lapwing",
         "Merlin", "Osprey", "Plover", "Puffin", "Redstart", "Sandpiper", "Swift", "Tern", "Warbler", "Wren"];

    /// <summary>The member's pseudonym in the space, made once (a random colour and bird, numbered if taken).</summary>
    public static async Task<string> PseudonymAsync(RoundsDb db, long memberId, string space, DateTime now, CancellationToken ct)
    {
        var existing = await db.Pseudonyms.Where(p => p.MemberId == memberId && p.Space == space).Select(p => p.Name).SingleOrDefaultAsync(ct);
        if (existing is not null) return existing;
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{Colours[RandomNumberGenerator.GetInt32(Colours.Length)]} {Birds[RandomNumberGenerator.GetInt32(Birds.Length)]}";
            if (attempt >= 5) name += $" {RandomNumberGenerator.GetInt32(10, 1000)}";
            if (await db.Pseudonyms.AnyAsync(p => p.Space == space && p.Name == name, ct)) continue;
            var row = new Pseudonym { MemberId = memberId, Space = space, Name = name, CreatedAt = now };
            db.Pseudonyms.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return name;
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                // Another request made this member's pseudonym, or took the name, at the same moment: look again.
                db.Entry(row).State = EntityState.Detached;
                existing = await db.Pseudonyms.Where(p => p.MemberId == memberId && p.Space == space).Select(p => p.Name).SingleOrDefaultAsync(ct);
                if (existing is not null) return existing;
            }
        }
    }

    public static async Task<Results<Created<CaseView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        SpecialtyTaxonomy specialties, JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, request, db, specialties, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetCase.ViewAsync(db, audiences, specialties, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/cases/{view!.Id}", view);
    }
}
