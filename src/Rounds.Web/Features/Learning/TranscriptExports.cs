using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Learning;

/// <summary>
/// The member's own filtered transcript as CSV, as xAPI 1.0.3 statements for a learning record store, and as a PDF
/// certificate. Like the transcript itself, an export has no other audience: whoever asks gets their own.
/// </summary>
public static class TranscriptExports
{
    public static string CommunityName(IConfiguration config) => config["Rounds:Community:Name"] is { Length: > 0 } n ? n : "Rounds";

    private sealed record Loaded(Member Member, TranscriptFilter Filter, List<LearningEntry> Entries);

    private static async Task<Outcome<Loaded>> LoadAsync(CurrentUser me, RoundsDb db, SpecialtyTaxonomy specialties, string? from, string? to,
        string? activity, string? specialty, CancellationToken ct)
    {
        if (await me.MemberAsync(ct) is not { } member) return Outcome.NotFound();
        var (filter, errors) = TranscriptFilter.Parse(from, to, activity, specialty, specialties);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        return new Loaded(member, filter, await Transcript.AllAsync(db, member.Id, filter, ct));
    }

    private static string FileName(Member m, DateTime now, string ext) => $"learning-transcript-{m.Handle}-{now:yyyy-MM-dd}.{ext}";

    // ---- CSV ----

    public static readonly string[] CsvColumns = ["Date", "Activity", "Title", "Specialty", "URL", "Minutes", "Credit", "Rule", "Status", "Reflection"];

    public static byte[] Csv(IEnumerable<LearningEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        // Titles, addresses and reflections are written by members: escape anything a spreadsheet would run as a formula.
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteRecord(CsvColumns);
            foreach (var e in entries)
                csv.WriteRecord(
                [
                    e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), CreditRules.Label(e.Activity), e.Title,
                    e.SpecialtyCode ?? "", e.Url ?? "", e.Minutes.ToString(CultureInfo.InvariantCulture), CertificatePdf.Credit(e.Credit),
                    e.RuleName ?? "", e.AwaitingReflection ? "awaiting reflection" : "credited", e.Reflection ?? "",
                ]);
        }
        return stream.ToArray();
    }


    // ---- xAPI ----

    public const string XapiVersion = "1.0.3";

    private static (string Verb, string Display) VerbOf(LearningActivity a) => a switch
    {
        LearningActivity.QuizAnswered or LearningActivity.CaseAnswered => ("http://adlnet.gov/expapi/verbs/answered", "answered"),
        LearningActivity.LessonCompleted => ("http://adlnet.gov/expapi/verbs/completed", "completed"),
        LearningActivity.JournalClubAttended or LearningActivity.EventAttended => ("http://adlnet.gov/expapi/verbs/attended", "attended"),
        LearningActivity.SessionSummarised => ("http://adlnet.gov/expapi/verbs/commented", "commented"),
        _ => ("http://adlnet.gov/expapi/verbs/experienced", "experienced"),
    };

    private static string ActivityTypeOf(LearningActivity a) => a switch
    {
        LearningActivity.QuizAnswered or LearningActivity.CaseAnswered => "http://adlnet.gov/expapi/activities/question",
        LearningActivity.LessonCompleted => "http://adlnet.gov/expapi/activities/lesson",
        LearningActivity.JournalClubAttended or LearningActivity.SessionSummarised or LearningActivity.EventAttended => "http://adlnet.gov/expapi/activities/meeting",
        _ => "http://activitystrea.ms/schema/1.0/article",
    };

    /// <summary>
    /// The activity's IRI, under the community's address: the page it happened on (its stored link, or the page of its kind).
    /// An article read by DOI or PMID is the community's page of that paper, so an LRS groups everyone who read it; an
    /// article known only by a web address keeps that address.
    /// </summary>
    public static string ObjectIri(LearningEntry e, string baseUrl)
    {
        if (PaperKeyOf(e) is { } key)
            return baseUrl + string.Join('/', Posts.PostText.PaperPage(key).Split('/').Select(Uri.EscapeDataString));
        if (e.Url is { Length: > 0 } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https") return abs.AbsoluteUri;
            if (url.StartsWith('/')) return baseUrl + url;
        }
        var path = e.SourceKind switch
        {
            "case" => $"/cases/{e.SourceId}",
            "quiz-item" => $"/quizzes/items/{e.SourceId}",
            "lesson" => $"/lessons/{e.SourceId}",
            "poll" => $"/polls/{e.SourceId}",
            _ => $"/learning/activities/{Uri.EscapeDataString(e.SourceKind.Length == 0 ? "activity" : e.SourceKind)}/{(e.SourceId != 0 ? e.SourceId : e.Id)}",
        };
        return baseUrl + path;
    }

    /// <summary>The paper key ("doi:…" or "pmid:…") of an article entry logged by DOI or PMID.</summary>
    public static string? PaperKeyOf(LearningEntry e)
    {
        if (e.Activity != LearningActivity.ArticleReflection || e.Url is not { } url) return null;
        if (url.StartsWith("https://doi.org/", StringComparison.OrdinalIgnoreCase)) return Posts.PostText.PaperKey(url["https://doi.org/".Length..], null);
        const string pubmed = "https://pubmed.ncbi.nlm.nih.gov/";
        return url.StartsWith(pubmed, StringComparison.OrdinalIgnoreCase) ? Posts.PostText.PaperKey(null, url[pubmed.Length..].TrimEnd('/')) : null;
    }

    /// <summary>
    /// A name-based (version 5) UUID, so an entry exported twice is the same statement and an LRS does not count it twice.
    /// An entry changes only when its reflection is written or rewritten, and each version gets its own id: an LRS refuses
    /// a known id with different content, so the reflected statement (with its credit) goes in beside the earlier one.
    /// </summary>
    public static Guid StatementId(string baseUrl, long entryId, DateTime? reflectedAt = null)
    {
        var ns = new Guid("6ba7b811-9dad-11d1-80b4-00c04fd430c8").ToByteArray(bigEndian: true); // the RFC 4122 URL namespace
        var version = reflectedAt is { } at ? $"/reflected/{at.Ticks}" : "";
        var name = Encoding.UTF8.GetBytes($"{baseUrl}/learning/entries/{entryId}{version}");
        var hash = SHA1.HashData([.. ns, .. name]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static JsonArray Xapi(Member member, IEnumerable<LearningEntry> entries, string baseUrl)
    {
        var array = new JsonArray();
        foreach (var e in entries)
        {
            var (verb, display) = VerbOf(e.Activity);
            var result = new JsonObject
            {
                ["completion"] = !e.AwaitingReflection,
                ["duration"] = XmlConvert.ToString(TimeSpan.FromMinutes(e.Minutes)),
                ["extensions"] = new JsonObject
                {
                    [$"{baseUrl}/xapi/extensions/credit"] = e.Credit,
                    [$"{baseUrl}/xapi/extensions/credit-rule"] = e.RuleName,
                    [$"{baseUrl}/xapi/extensions/awaiting-reflection"] = e.AwaitingReflection,
                },
            };
            if (e.Reflection is { } reflection) result["response"] = reflection;
            var definition = new JsonObject
            {
                ["name"] = new JsonObject { ["en-US"] = e.Title },
                ["type"] = ActivityTypeOf(e.Activity),
            };
            if (e.Url is { } link && Uri.TryCreate(link, UriKind.Absolute, out var more) && more.Scheme is "http" or "https") definition["moreInfo"] = more.AbsoluteUri;
            array.Add(new JsonObject
            {
                ["id"] = StatementId(baseUrl, e.Id, e.ReflectedAt).ToString(),
                ["actor"] = new JsonObject
                {
                    ["objectType"] = "Agent",
                    ["name"] = member.DisplayName,
                    ["account"] = new JsonObject { ["homePage"] = baseUrl, ["name"] = member.Handle },
                },
                ["verb"] = new JsonObject { ["id"] = verb, ["display"] = new JsonObject { ["en-US"] = display } },
                ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = ObjectIri(e, baseUrl), ["definition"] = definition },
                ["result"] = result,
                ["context"] = new JsonObject { ["platform"] = "Rounds", ["language"] = "en-US" },
                ["timestamp"] = new DateTimeOffset(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["version"] = XapiVersion,
            });
        }
        return array;
    }

    // ---- endpoints (API under /api/v1/learning, and the same under /learning for the page's links with the cookie) ----

    public static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> CsvHandleAsync(CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, TimeProvider clock, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? activity,
        [FromQuery] string? specialty, CancellationToken ct)
    {
        var loaded = await LoadAsync(me, db, specialties, from, to, activity, specialty, ct);
        if (loaded.Kind == OutcomeKind.NotFound) return TypedResults.NotFound();
        if (!loaded.IsOk) return loaded.Problem();
        var l = loaded.Value!;
        return TypedResults.File(Csv(l.Entries), "text/csv; charset=utf-8", FileName(l.Member, clock.GetUtcNow().UtcDateTime, "csv"));
    }

    public static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> XapiHandleAsync(CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, RoundsUrls urls, TimeProvider clock, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? activity,
        [FromQuery] string? specialty, CancellationToken ct)
    {
        var loaded = await LoadAsync(me, db, specialties, from, to, activity, specialty, ct);
        if (loaded.Kind == OutcomeKind.NotFound) return TypedResults.NotFound();
        if (!loaded.IsOk) return loaded.Problem();
        var l = loaded.Value!;
        var json = Xapi(l.Member, l.Entries, urls.Absolute("/").TrimEnd('/')).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", FileName(l.Member, clock.GetUtcNow().UtcDateTime, "xapi.json"));
    }

    public static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> PdfHandleAsync(CurrentUser me, RoundsDb db,
        SpecialtyTaxonomy specialties, IConfiguration config, TimeProvider clock, [FromQuery] string? from, [FromQuery] string? to,
        [FromQuery] string? activity, [FromQuery] string? specialty, CancellationToken ct)
    {
        var loaded = await LoadAsync(me, db, specialties, from, to, activity, specialty, ct);
        if (loaded.Kind == OutcomeKind.NotFound) return TypedResults.NotFound();
        if (!loaded.IsOk) return loaded.Problem();
        var l = loaded.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        var pdf = CertificatePdf.Render(new CertificatePdf.Content(CommunityName(config), l.Member.DisplayName, l.Member.Handle, l.Filter.Describe(), now,
            l.Entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToList()), config["Rounds:Pdf:LicenseKey"]);
        return TypedResults.File(pdf, "application/pdf", FileName(l.Member, now, "pdf"));
    }
}
