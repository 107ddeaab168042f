using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;

namespace Rounds.Tests.Features.Learning;

/// <summary>The app with a community name of its own, so the certificate can be checked for it.</summary>
public sealed class NamedCommunityApp : RoundsApp
{
    public const string Community = "Riverside Learning Network";
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Rounds:Community:Name", Community)];
}

/// <summary>The exports of a transcript: CSV, xAPI 1.0.3 statements and the PDF certificate, each of the filtered entries.</summary>
public class ExportTests(NamedCommunityApp app) : IClassFixture<NamedCommunityApp>
{
    private async Task<(TestMember Learner, List<LearningEntry> Entries)> LearnerWithEntriesAsync()
    {
        var learner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var entries = new List<LearningEntry>
        {
            await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, "Fever and a new murmur", "cardiology", now.AddDays(-3)),
            await app.Given.LearningEntry(learner, LearningActivity.QuizAnswered, "Image of the week: hand radiograph", "rheumatology", now.AddDays(-2)),
            await app.Given.LearningEntry(learner, LearningActivity.JournalClubAttended, "=HYPERLINK(\"http://evil.example\")", "rheumatology", now.AddDays(-1)),
            await app.Given.LearningEntry(learner, LearningActivity.ArticleReflection, "A guideline without reflection yet", "rheumatology", now.AddHours(-1)),
        };
        return (learner, entries);
    }

    [Fact]
    public async Task The_csv_holds_every_filtered_entry_with_its_credit_and_rule()
    {
        var (learner, _) = await LearnerWithEntriesAsync();
        var response = await app.As(learner).GetAsync("/api/v1/learning/transcript.csv");
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"learning-transcript-{learner.Handle}", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("Date,Activity,Title,Specialty,URL,Minutes,Credit,Rule,Status,Reflection", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.Contains(",Case answered,Fever and a new murmur,cardiology,,10,0.25,Case reviewed with the question answered,credited,"));
        Assert.Contains(lines, l => l.Contains(",Quiz item answered,Image of the week: hand radiograph,rheumatology,,2,0.05,Image quiz item answered,credited,"));
        Assert.Contains(lines, l => l.Contains("A guideline without reflection yet,rheumatology,,30,0.00,Article read with a written reflection,awaiting reflection,"));
        // A title a spreadsheet would run as a formula is defused.
        Assert.Contains(lines, l => l.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""));

        var filtered = await (await app.As(learner).GetAsync("/api/v1/learning/transcript.csv?activity=QuizAnswered")).Content.ReadAsStringAsync();
        Assert.Equal(2, filtered.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Length);
        // The page's link, with the cookie, gives the same file.
        using var browser = await app.SignedInBrowserAsync(learner);
        var viaPage = await browser.GetAsync("/learning/transcript.csv?activity=QuizAnswered");
        Assert.Equal(filtered, await viaPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_xapi_statement_is_valid_xapi_1_0_3_and_describes_its_entry()
    {
        var (learner, entries) = await LearnerWithEntriesAsync();
        var response = await app.As(learner).GetAsync("/api/v1/learning/transcript.xapi.json");
        await response.AssertStatusAsync(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var statements = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(entries.Count, statements.Count);
        foreach (var s in statements) XapiValidator.Validate(s);

        var ids = statements.Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var again = JsonDocument.Parse(await (await app.As(learner).GetAsync("/api/v1/learning/transcript.xapi.json")).Content.ReadAsStringAsync());
        Assert.Equal(ids, again.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList()); // deterministic per entry

        var byTitle = statements.ToDictionary(s => s.GetProperty("object").GetProperty("definition").GetProperty("name").GetProperty("en-US").GetString()!);
        var caseStatement = byTitle["Fever and a new murmur"];
        var member = await app.MemberAsync(learner.Id);
        Assert.Equal(member.DisplayName, caseStatement.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal(learner.Handle, caseStatement.GetProperty("actor").GetProperty("account").GetProperty("name").GetString());
        Assert.Equal("http://localhost", caseStatement.GetProperty("actor").GetProperty("account").GetProperty("homePage").GetString());
        Assert.Equal("http://adlnet.gov/expapi/verbs/answered", caseStatement.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal($"http://localhost/cases/{entries[0].SourceId}", caseStatement.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("PT10M", caseStatement.GetProperty("result").GetProperty("duration").GetString());
        var extensions = caseStatement.GetProperty("result").GetProperty("extensions");
        Assert.Equal(0.25m, extensions.GetProperty("http://localhost/xapi/extensions/credit").GetDecimal());
        Assert.Equal("Case reviewed with the question answered", extensions.GetProperty("http://localhost/xapi/extensions/credit-rule").GetString());
        Assert.Equal("http://adlnet.gov/expapi/verbs/attended", byTitle["=HYPERLINK(\"http://evil.example\")"].GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal("PT1H", byTitle["=HYPERLINK(\"http://evil.example\")"].GetProperty("result").GetProperty("duration").GetString());
        Assert.False(byTitle["A guideline without reflection yet"].GetProperty("result").GetProperty("completion").GetBoolean());

        // An article read by DOI is the community's page of that paper, with the article itself as more information.
        await (await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", new
        {
            doi = "10.1136/ARD-2022-223356", title = "Management of rheumatoid arthritis", reflection = "Escalate at three months without improvement.",
        })).AssertStatusAsync(HttpStatusCode.Created);
        using var withArticle = JsonDocument.Parse(await app.As(learner).GetStringAsync("/api/v1/learning/transcript.xapi.json?activity=ArticleReflection"));
        var article = withArticle.RootElement.EnumerateArray().Single(s => s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString() == "experienced"
            && s.GetProperty("result").GetProperty("completion").GetBoolean());
        XapiValidator.Validate(article);
        Assert.Equal("http://localhost/papers/doi/10.1136/ard-2022-223356", article.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("https://doi.org/10.1136/ard-2022-223356", article.GetProperty("object").GetProperty("definition").GetProperty("moreInfo").GetString());
        Assert.Equal("Escalate at three months without improvement.", article.GetProperty("result").GetProperty("response").GetString());
    }

    [Fact]
    public async Task The_certificate_names_the_member_and_the_community_and_lists_each_credit_and_the_total()
    {
        var (learner, _) = await LearnerWithEntriesAsync();
        var response = await app.As(learner).GetAsync("/api/v1/learning/transcript.pdf");
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = PdfText.Extract(await response.Content.ReadAsByteArrayAsync());
        var member = await app.MemberAsync(learner.Id);

        Assert.Contains(member.DisplayName, text);
        Assert.Contains($"@{learner.Handle}", text);
        Assert.Contains(NamedCommunityApp.Community, text);
        Assert.Contains("Certificate of continuing education", text);
        Assert.Contains("Fever and a new murmur", text);
        Assert.Contains("Case reviewed with the question answered", text);
        foreach (var credit in new[] { "0.25", "0.05", "1.00", "0.00" }) Assert.Contains(credit, text);
        Assert.Contains("Total credit: 1.30", text);
        Assert.Contains("Total: 4 activities, 102 minutes, 1.30 credits", text);

        var filtered = PdfText.Extract(await (await app.As(learner).GetAsync("/api/v1/learning/transcript.pdf?activity=CaseAnswered")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Total credit: 0.25", filtered);
        Assert.DoesNotContain("Image of the week", filtered);
    }

    [Fact]
    public async Task A_name_in_another_script_is_printed_in_unicode_and_still_reads_back()
    {
        var learner = await app.Given.Member(verified: true, with: m => m.DisplayName = "Δρ. Ελένη Παπαδοπούλου");
        await app.Given.LearningEntry(learner, LearningActivity.LessonCompleted, "Ρευματοειδής αρθρίτιδα: βασικά");
        var bytes = await (await app.As(learner).GetAsync("/api/v1/learning/transcript.pdf")).Content.ReadAsByteArrayAsync();
        Assert.Contains("/ToUnicode", Encoding.Latin1.GetString(bytes));
        var text = PdfText.Extract(bytes);
        Assert.Contains("Δρ. Ελένη Παπαδοπούλου", text);
        Assert.Contains("Ρευματοειδής αρθρίτιδα: βασικά", text);
        Assert.Contains("Total credit: 0.50", text);
        Assert.Contains(NamedCommunityApp.Community, text);
    }

    [Fact]
    public async Task A_long_transcript_runs_over_several_pages_with_every_entry()
    {
        var learner = await app.Given.VerifiedClinician();
        for (var i = 0; i < 45; i++) await app.Given.LearningEntry(learner, LearningActivity.QuizAnswered, $"Quiz item {i + 1:00}");
        var bytes = await (await app.As(learner).GetAsync("/api/v1/learning/transcript.pdf")).Content.ReadAsByteArrayAsync();
        CertificatePdf.EnsureReady(null);
        using var pdf = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.True(pdf.PageCount >= 2);
        var text = PdfText.Extract(bytes);
        for (var i = 1; i <= 45; i++) Assert.Contains($"Quiz item {i:00}", text);
        Assert.Contains("Total credit: 2.25", text);
        Assert.Contains($"Page 1 of {pdf.PageCount}", text);
    }
}

/// <summary>
/// The text of a PDF, read back with PDFsharp's content reader: strings shown with Tj/TJ, one line per operator. WinAnsi
/// strings are read as they are; strings in a Unicode (Identity-H) font are mapped back through that font's ToUnicode map.
/// </summary>
public static partial class PdfText
{
    public static string Extract(byte[] bytes)
    {
        Rounds.Web.Features.Learning.CertificatePdf.EnsureReady(null); // PDFsharp reads only with a licence loaded, as it writes
        using var doc = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        var text = new StringBuilder();
        foreach (var page in doc.Pages)
        {
            var fonts = page.Resources.Elements.GetDictionary("/Font");
            Dictionary<int, string>? map = null;
            Walk(ContentReader.ReadContent(page), text, fonts, ref map);
        }
        return text.ToString();
    }

    private static void Walk(CObject obj, StringBuilder text, PdfSharp.Pdf.PdfDictionary? fonts, ref Dictionary<int, string>? map)
    {
        switch (obj)
        {
            case COperator op when op.OpCode.Name == "Tf" && op.Operands.Count > 0 && op.Operands[0] is CName name:
                map = fonts?.Elements.GetDictionary(name.Name) is { } font ? ToUnicode(font) : null;
                break;
            case COperator op when op.OpCode.Name is "Tj" or "TJ" or "'" or "\"":
                foreach (var operand in op.Operands) Walk(operand, text, fonts, ref map);
                text.Append('\n');
                break;
            case CSequence seq:
                foreach (var item in seq) Walk(item, text, fonts, ref map);
                break;
            case CString s when map is null:
                text.Append(s.Value);
                break;
            case CString s:
                for (var i = 0; i + 1 < s.Value.Length; i += 2)
                    text.Append(map.TryGetValue((s.Value[i] << 8) | s.Value[i + 1], out var u) ? u : "\uFFFD");
                break;
        }
    }

    /// <summary>The glyph → text map of a font's ToUnicode CMap (bfchar and bfrange entries); null for a font without one.</summary>
    private static Dictionary<int, string>? ToUnicode(PdfSharp.Pdf.PdfDictionary font)
    {
        if (font.Elements.GetDictionary("/ToUnicode") is not { Stream: { } stream }) return null;
        var cmap = Encoding.ASCII.GetString(stream.UnfilteredValue);
        var map = new Dictionary<int, string>();
        foreach (Match block in BfCharPattern().Matches(cmap))
            foreach (Match m in PairPattern().Matches(block.Groups[1].Value))
                map[Convert.ToInt32(m.Groups[1].Value, 16)] = Utf16(m.Groups[2].Value);
        foreach (Match block in BfRangePattern().Matches(cmap))
            foreach (Match m in RangePattern().Matches(block.Groups[1].Value))
            {
                int lo = Convert.ToInt32(m.Groups[1].Value, 16), hi = Convert.ToInt32(m.Groups[2].Value, 16), first = Convert.ToInt32(m.Groups[3].Value, 16);
                for (var g = lo; g <= hi; g++) map[g] = char.ConvertFromUtf32(first + g - lo);
            }
        return map;
    }

    private static string Utf16(string hex)
    {
        var units = Enumerable.Range(0, hex.Length / 4).Select(i => (char)Convert.ToInt32(hex.Substring(i * 4, 4), 16)).ToArray();
        return new string(units);
    }

    [GeneratedRegex(@"beginbfchar([\s\S]*?)endbfchar")]
    private static partial Regex BfCharPattern();
    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex PairPattern();
    [GeneratedRegex(@"beginbfrange([\s\S]*?)endbfrange")]
    private static partial Regex BfRangePattern();
    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex RangePattern();
}

/// <summary>The rules of xAPI 1.0.3 a statement must satisfy (the parts this exporter writes), checked strictly.</summary>
public static partial class XapiValidator
{
    public static void Validate(JsonElement s)
    {
        Assert.Equal(JsonValueKind.Object, s.ValueKind);
        var id = Required(s, "id").GetString();
        Assert.True(Guid.TryParse(id, out _) && UuidPattern().IsMatch(id!), $"id '{id}' is not a UUID");
        Assert.Equal("1.0.3", Required(s, "version").GetString());

        var actor = Required(s, "actor");
        Assert.Equal("Agent", actor.GetProperty("objectType").GetString());
        Assert.False(string.IsNullOrEmpty(actor.GetProperty("name").GetString()));
        var account = Required(actor, "account");
        Iri(Required(account, "homePage").GetString());
        Assert.False(string.IsNullOrEmpty(Required(account, "name").GetString()));
        // An Agent has exactly one inverse functional identifier.
        Assert.Single(new[] { "mbox", "mbox_sha1sum", "openid", "account" }, p => actor.TryGetProperty(p, out _));

        var verb = Required(s, "verb");
        Iri(Required(verb, "id").GetString());
        LanguageMap(Required(verb, "display"));

        var obj = Required(s, "object");
        Assert.Equal("Activity", obj.GetProperty("objectType").GetString());
        Iri(Required(obj, "id").GetString());
        var definition = Required(obj, "definition");
        LanguageMap(Required(definition, "name"));
        Iri(Required(definition, "type").GetString());
        if (definition.TryGetProperty("moreInfo", out var moreInfo)) Iri(moreInfo.GetString());

        var result = Required(s, "result");
        var duration = Required(result, "duration").GetString()!;
        Assert.True(DurationPattern().IsMatch(duration) && duration != "P" && !duration.EndsWith('T'), $"duration '{duration}' is not ISO 8601");
        XmlConvert.ToTimeSpan(duration);
        if (result.TryGetProperty("completion", out var completion)) Assert.True(completion.ValueKind is JsonValueKind.True or JsonValueKind.False);
        foreach (var ext in Required(result, "extensions").EnumerateObject()) Iri(ext.Name);

        var timestamp = Required(s, "timestamp").GetString()!;
        Assert.True(TimestampPattern().IsMatch(timestamp), $"timestamp '{timestamp}' is not ISO 8601 with an offset");
        Assert.True(DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

        foreach (var p in s.EnumerateObject())
            Assert.Contains(p.Name, new[] { "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments" });
    }

    private static JsonElement Required(JsonElement e, string name)
    {
        Assert.True(e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null, $"'{name}' is required in {e}");
        return value;
    }

    private static void Iri(string? iri) =>
        Assert.True(Uri.TryCreate(iri, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && !string.IsNullOrEmpty(u.Host), $"'{iri}' is not an absolute IRI");

    private static void LanguageMap(JsonElement map)
    {
        Assert.Equal(JsonValueKind.Object, map.ValueKind);
        Assert.NotEmpty(map.EnumerateObject());
        foreach (var p in map.EnumerateObject())
        {
            Assert.True(LanguageTagPattern().IsMatch(p.Name), $"'{p.Name}' is not a language tag");
            Assert.Equal(JsonValueKind.String, p.Value.ValueKind);
        }
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();
    [GeneratedRegex(@"^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")]
    private static partial Regex DurationPattern();
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampPattern();
    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")]
    private static partial Regex LanguageTagPattern();
}
