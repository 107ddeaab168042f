using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Quizzes;

/// <summary>
/// An editor writes a draft item. Images are uploaded first (<c>POST /api/v1/media</c>) and named here: 1–4, each with alt
/// text, and an image with a face (or one the detector could not check) must be masked or the patient's consent attested,
/// as for cases. The privacy guard warns on the stem, options, explanation and alt texts. Nothing is written on any error.
/// </summary>
public static class CreateQuizItem
{
    public sealed record ImageRef(long Id, [MaxLength(1500)] string? AltText);

    public sealed record Request(
        [MaxLength(QuizItem.MaxStem)] string? Stem,
        List<string?>? Options,
        int? CorrectOption,
        [MaxLength(QuizItem.MaxExplanation)] string? Explanation,
        List<string?>? References = null,
        List<ImageRef?>? Images = null,
        DateTime? ReleaseAt = null,
        bool ConsentAttested = false,
        [MaxLength(500)] string? ConsentStatement = null,
        bool OverridePrivacy = false);

    public static async Task<Outcome<QuizItem>> RunAsync(Member author, Viewer viewer, long seriesId, Request r, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var series = await QuizAccess.LoadSeriesAsync(db, audiences, viewer, seriesId, ct);
        if (series is null) return Outcome.NotFound();
        if (!await QuizAccess.IsEditorAsync(db, seriesId, viewer, ct)) return Outcome.Forbidden("Only the series' editors can write its items.");
        var now = clock.GetUtcNow().UtcDateTime;

        var errors = Validation.Check(r);
        var stem = r.Stem?.Trim() ?? "";
        if (stem.Length == 0) errors.Add("stem", "Ask the question (the stem).");
        var options = (r.Options ?? []).Select(o => o?.Trim() ?? "").ToList();
        if (options.Any(o => o.Length == 0)) errors.Add("options", "An option is empty.");
        options = options.Where(o => o.Length > 0).ToList();
        if (options.Count is < QuizItem.MinOptions or > QuizItem.MaxOptions)
            errors.Add("options", $"An item has {QuizItem.MinOptions} to {QuizItem.MaxOptions} options; this one has {options.Count}.");
        if (options.Any(o => o.Length > QuizItem.MaxOption)) errors.Add("options", $"Each option has at most {QuizItem.MaxOption} characters.");
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count) errors.Add("options", "An option is listed twice.");
        if (r.CorrectOption is null) errors.Add("correctOption", "Mark the correct option.");
        else if (r.CorrectOption < 0 || r.CorrectOption >= Math.Max(options.Count, 1)) errors.Add("correctOption", "The correct option must be one of the options.");
        if (string.IsNullOrWhiteSpace(r.Explanation)) errors.Add("explanation", "Explain the answer: learners read it after answering.");
        var references = new List<(string Kind, string Value)>();
        var rawRefs = (r.References ?? []).Select(x => x?.Trim() ?? "").Where(x => x.Length > 0).ToList();
        if (rawRefs.Count > QuizItem.MaxReferences) errors.Add("references", $"At most {QuizItem.MaxReferences} references.");
        for (var i = 0; i < rawRefs.Count && i < QuizItem.MaxReferences; i++)
        {
            if (ParseReference(rawRefs[i]) is { } parsed) references.Add(parsed);
            else errors.Add($"references[{i}]", rawRefs[i].Trim().Length > 500 || rawRefs[i].Trim().StartsWith("http", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(rawRefs[i].Trim(), UriKind.Absolute, out _)
                ? $"“{Clip(rawRefs[i])}” is too long: a reference is at most 500 characters once written out."
                : $"“{Clip(rawRefs[i])}” is not a DOI (10.xxxx/…), a PMID (digits) or an http(s) link.");
        }
        if (r.Images is null || r.Images.Count == 0) errors.Add("images", "An image quiz item needs at least one image.");
        var refs = (r.Images ?? []).Where(i => i is not null).Select(i => i!).ToList();
        if (r.Images?.Any(i => i is null) == true) errors.Add("images", "Name each image by its id.");
        if (refs.Count > QuizItem.MaxImages) errors.Add("images", $"An item has at most {QuizItem.MaxImages} images.");
        if (refs.Select(i => i.Id).Distinct().Count() != refs.Count) errors.Add("images", "The same image is attached twice.");
        if (refs.Any(i => i.AltText?.Length > Posts.UploadMedia.MaxAltText)) errors.Add("images", $"Alt text is at most {Posts.UploadMedia.MaxAltText} characters.");
        if (r.ReleaseAt is { } at && ToUtc(at) <= now) errors.Add("releaseAt", "An explicit release time must be in the future (or leave it empty for the next schedule slot).");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var images = await Posts.ClinicalImages.TakeAsync(db, author.Id, refs.Select(i => (i.Id, i.AltText)).ToList(), r.ConsentAttested, r.ConsentStatement,
            errors, ct);
        if (images is null) return Outcome.Invalid(errors);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome.Invalid(errors);
        }

        var guard = PrivacyGuard.Scan(
        [
            ("stem", r.Stem), ("explanation", r.Explanation), ("consentStatement", r.ConsentStatement),
            .. options.Select((o, i) => ($"options[{i}]", (string?)o)),
            .. images.OrderBy(m => m.Position).Select((m, i) => ($"images[{i}].altText", m.AltText)),
        ]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText)
        {
            db.ChangeTracker.Clear();
            return unsafeText;
        }

        var item = new QuizItem
        {
            SeriesId = seriesId, AuthorId = author.Id, Stem = stem, CorrectOption = r.CorrectOption!.Value, Explanation = r.Explanation!.Trim(),
            Status = QuizItemStatus.Draft, RequestedReleaseAt = r.ReleaseAt is { } when ? ToUtc(when) : null, CreatedAt = now,
            ConsentAttested = r.ConsentAttested && images.Count > 0, ConsentStatement = r.ConsentAttested && !string.IsNullOrWhiteSpace(r.ConsentStatement) ? r.ConsentStatement.Trim() : null,
            Options = options.Select((o, i) => new QuizOption { Position = i, Text = o }).ToList(),
            References = references.Select((x, i) => new QuizReference { Position = i, Kind = x.Kind, Value = x.Value }).ToList(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.QuizItems.Add(item);
        await db.SaveChangesAsync(ct);
        foreach (var m in images) m.QuizItemId = item.Id;
        PrivacyGuard.Record(db, author.Id, "quiz-item", item.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return item;
    }

    private static DateTime ToUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    private static string Clip(string s) => s.Length > 60 ? s[..59] + "…" : s;

    /// <summary>"10.1000/xyz", "doi:…" or a doi.org link → doi; "PMID: 123" or digits → pmid; an http(s) link → url.</summary>
    public static (string Kind, string Value)? ParseReference(string s)
    {
        s = s.Trim();
        if (s.Length > 500) return null;
        if (Posts.PostText.DoiOf(s) is { } doi) return ("doi", doi);
        if (Posts.PostText.PmidOf(s) is { } pmid) return ("pmid", pmid);
        if (Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.'))
            return uri.AbsoluteUri.Length <= 500 ? ("url", uri.AbsoluteUri) : null; // escaping can lengthen it past the column
        return null;
    }

    public static string ReferenceUrl(QuizReference r) => r.Kind switch
    {
        "doi" => $"https://doi.org/{r.Value}",
        "pmid" => $"https://pubmed.ncbi.nlm.nih.gov/{r.Value}/",
        _ => r.Value,
    };

    public static async Task<Results<Created<ItemView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetQuiz.ItemAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/quizzes/items/{view!.Id}", view);
    }
}
