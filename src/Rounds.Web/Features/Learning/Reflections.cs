using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Learning;

/// <summary>
/// A member logs an article they read (by DOI, PMID or URL) with a written reflection. The reflection is free text, so the
/// privacy guard reads it (warn and override, like posts); credit follows the article rule in force on the day read.
/// </summary>
public static class RecordArticle
{
    public const int MaxMinutes = 600;

    public sealed record Request(string? Doi, string? Pmid, string? Url, string? Title, int? Minutes, string? Reflection, string? ReadOn = null,
        string? SpecialtyCode = null, bool OverridePrivacy = false);

    public static async Task<Outcome<LearningEntry>> RunAsync(long memberId, Request r, RoundsDb db, SpecialtyTaxonomy specialties, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetUtcNow().UtcDateTime;
        string? url = null;
        var given = 0;
        if (!string.IsNullOrWhiteSpace(r.Doi))
        {
            given++;
            if (Posts.PostText.DoiOf(r.Doi) is { } doi) url = "https://doi.org/" + doi.ToLowerInvariant(); // DOIs are case-insensitive: one article, one key
            else errors.Add("doi", "A DOI looks like 10.1056/NEJMoa2034577.");
        }
        if (!string.IsNullOrWhiteSpace(r.Pmid))
        {
            given++;
            if (Posts.PostText.PmidOf(r.Pmid) is { } pmid) url ??= $"https://pubmed.ncbi.nlm.nih.gov/{pmid}/";
            else errors.Add("pmid", "A PMID is a number such as 33301246.");
        }
        if (!string.IsNullOrWhiteSpace(r.Url))
        {
            given++;
            var raw = r.Url.Trim();
            if (raw.Length <= 500 && Uri.TryCreate(raw, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
                && u.Host.Contains('.') && string.IsNullOrEmpty(u.UserInfo))
                url ??= u.AbsoluteUri;
            else errors.Add("url", "Give the article's web address, starting with https://.");
        }
        if (given == 0) errors.Add("doi", "Give the article's DOI, PMID or web address.");
        else if (url is { Length: > 500 }) errors.Add("url", "That address is too long once written out (at most 500 characters)."); // escaping can lengthen it
        var title = r.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", "Give the article's title.");
        else if (title.Length > LearningEntry.MaxTitle) errors.Add("title", $"At most {LearningEntry.MaxTitle} characters.");
        if (r.Minutes is { } m && (m < 1 || m > MaxMinutes)) errors.Add("minutes", $"Between 1 and {MaxMinutes} minutes.");
        var reflection = r.Reflection?.Trim() ?? "";
        if (reflection.Length > LearningEntry.MaxReflection) errors.Add("reflection", $"At most {LearningEntry.MaxReflection} characters.");
        var at = now;
        if (!string.IsNullOrWhiteSpace(r.ReadOn))
        {
            if (!DateOnly.TryParseExact(r.ReadOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                errors.Add("readOn", "Give the day you read it as yyyy-mm-dd.");
            else if (day > DateOnly.FromDateTime(now)) errors.Add("readOn", "That day has not come yet.");
            else if (day < DateOnly.FromDateTime(now).AddYears(-5)) errors.Add("readOn", "Only articles read in the last five years can be logged.");
            else if (day < DateOnly.FromDateTime(now)) at = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        }
        var specialty = string.IsNullOrWhiteSpace(r.SpecialtyCode) ? null : r.SpecialtyCode.Trim();
        if (specialty is not null && specialties.Find(specialty) is null) errors.Add("specialtyCode", "Choose the specialty from the list.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var rule = await LearningRecord.RuleInForceAsync(db, LearningActivity.ArticleReflection, at, ct);
        if (rule is { RequiresReflection: true } && reflection.Length == 0)
            return Outcome.Invalid("reflection", "Write what you took from the article: a reflection is required for credit.");
        if (await db.LearningEntries.AnyAsync(e => e.MemberId == memberId && e.Activity == LearningActivity.ArticleReflection && e.Url == url, ct))
            return Outcome.Conflict("This article is already in your learning record.");
        var guard = PrivacyGuard.Scan([("title", title), ("reflection", reflection)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await LearningRecord.RecordAsync(db, memberId,
            new(LearningActivity.ArticleReflection, "article", 0, title, specialty, url, r.Minutes, reflection.Length == 0 ? null : reflection), at, ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return Outcome.Conflict("This article is already in your learning record."); } // the same article sent twice at once: the index decides
        PrivacyGuard.Record(db, memberId, "learning-entry", entry!.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    public static async Task<Results<Created<LearningEntryView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, request, db, specialties, clock, ct);
        return outcome.IsOk
            ? TypedResults.Created($"/api/v1/learning/entries/{outcome.Value!.Id}", LearningEntryView.From(outcome.Value))
            : outcome.Problem();
    }
}

/// <summary>
/// A member writes (or rewrites) the reflection on one of their own entries. An entry that was waiting for it now earns
/// the credit of the rule version stored on it — the rule of the day the activity happened, not today's.
/// </summary>
public static class WriteReflection
{
    public sealed record Request(string? Reflection, bool OverridePrivacy = false);

    public static async Task<Outcome<LearningEntry>> RunAsync(Viewer viewer, long entryId, Request r, RoundsDb db, Audiences audiences, TimeProvider clock,
        CancellationToken ct)
    {
        var entry = await Transcript.OwnEntryAsync(db, audiences, viewer, entryId, ct);
        if (entry is null) return Outcome.NotFound();
        var reflection = r.Reflection?.Trim() ?? "";
        if (reflection.Length == 0) return Outcome.Invalid("reflection", "Write your reflection: what you learned and what you will do differently.");
        if (reflection.Length > LearningEntry.MaxReflection) return Outcome.Invalid("reflection", $"At most {LearningEntry.MaxReflection} characters.");
        var guard = PrivacyGuard.Scan([("reflection", reflection)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        var now = clock.GetUtcNow().UtcDateTime;
        entry.Reflection = reflection;
        entry.ReflectedAt = now;
        if (entry.AwaitingReflection)
        {
            var rule = entry.CreditRuleId is { } ruleId ? await db.CreditRules.SingleOrDefaultAsync(x => x.Id == ruleId, ct) : null;
            var minutes = entry.Minutes;
            LearningRecord.Apply(entry, rule, minutes);
        }
        PrivacyGuard.Record(db, viewer.Id!.Value, "learning-entry", entry.Id, guard, now);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    public static async Task<Results<Ok<LearningEntryView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, request, db, audiences, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(LearningEntryView.From(outcome.Value!)) : outcome.Problem();
    }
}
