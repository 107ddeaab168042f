using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Privacy;

namespace Rounds.Tests.Features.Learning;

/// <summary>The transcript (with the default rules of a fresh install), article reflections and the case hook.</summary>
public class TranscriptTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_fresh_install_has_a_default_rule_for_every_activity()
    {
        var admin = await app.Given.Admin();
        var rules = (await app.As(admin).GetFromJsonAsync<CreditRulesView>("/api/v1/admin/credit-rules"))!.InForce.ToDictionary(r => r.Activity);
        Assert.Equal(Enum.GetNames<LearningActivity>().Order(), rules.Keys.Order());
        Assert.Equal((0.25m, 10, false), (rules["CaseAnswered"].CreditPerActivity, rules["CaseAnswered"].Minutes, rules["CaseAnswered"].RequiresReflection));
        Assert.Equal((0.05m, 2), (rules["QuizAnswered"].CreditPerActivity, rules["QuizAnswered"].Minutes));
        Assert.Equal((0.5m, 15), (rules["LessonCompleted"].CreditPerActivity, rules["LessonCompleted"].Minutes));
        Assert.Equal((0.5m, 30, true), (rules["ArticleReflection"].CreditPerActivity, rules["ArticleReflection"].Minutes, rules["ArticleReflection"].RequiresReflection));
        Assert.Equal((1.0m, 60), (rules["JournalClubAttended"].CreditPerActivity, rules["JournalClubAttended"].Minutes));
        Assert.Equal((0.25m, 15), (rules["SessionSummarised"].CreditPerActivity, rules["SessionSummarised"].Minutes));
    }

    [Fact]
    public async Task Answering_a_case_records_exactly_one_entry_however_often_the_member_answers()
    {
        var author = await app.Given.Member(verified: true, with: m => m.SpecialtyCode = "rheumatology");
        var learner = await app.Given.VerifiedClinician();
        var c = await app.Given.Case(author);
        for (var i = 0; i < 2; i++)
            await (await app.As(learner).PostAsJsonAsync($"/api/v1/cases/{c.Id}/answers", new { text = $"Start treatment after cultures, attempt {i + 1}." }))
                .AssertStatusAsync(HttpStatusCode.Created);
        // The author answering their own case is not learning credit.
        await (await app.As(author).PostAsJsonAsync($"/api/v1/cases/{c.Id}/answers", new { text = "Cultures grew streptococci." }))
            .AssertStatusAsync(HttpStatusCode.Created);

        var page = (await app.As(learner).GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries"))!;
        var entry = Assert.Single(page.Items);
        Assert.Equal(("CaseAnswered", "case", c.Id, "Fever and a new murmur", "rheumatology"), (entry.Activity, entry.SourceKind, entry.SourceId, entry.Title, entry.SpecialtyCode));
        Assert.Equal((0.25m, 10), (entry.Credit, entry.Minutes));
        Assert.Empty((await app.As(author).GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries"))!.Items);
    }

    [Fact]
    public async Task The_transcript_filters_by_date_activity_and_specialty_pages_by_cursor_and_totals_the_filtered_set()
    {
        var learner = await app.Given.VerifiedClinician();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, specialty: "rheumatology", at: now.AddDays(-40));
        await app.Given.LearningEntry(learner, LearningActivity.CaseAnswered, specialty: "nephrology", at: now.AddDays(-10));
        await app.Given.LearningEntry(learner, LearningActivity.QuizAnswered, specialty: "rheumatology", at: now.AddDays(-5));
        await app.Given.LearningEntry(learner, LearningActivity.JournalClubAttended, specialty: "rheumatology", at: now.AddDays(-1));
        var client = app.As(learner);

        var all = (await client.GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries"))!;
        Assert.Equal((4, 10 + 10 + 2 + 60, 1.55m, 0), (all.Totals.Entries, all.Totals.Minutes, all.Totals.Credit, all.Totals.AwaitingReflection));
        Assert.Equal("JournalClubAttended", all.Items[0].Activity);

        var from = DateOnly.FromDateTime(now.AddDays(-20)).ToString("yyyy-MM-dd");
        var recent = (await client.GetFromJsonAsync<TranscriptPage>($"/api/v1/learning/entries?from={from}"))!;
        Assert.Equal(3, recent.Totals.Entries);
        var to = DateOnly.FromDateTime(now.AddDays(-5)).ToString("yyyy-MM-dd");
        var window = (await client.GetFromJsonAsync<TranscriptPage>($"/api/v1/learning/entries?from={from}&to={to}"))!;
        Assert.Equal(["QuizAnswered", "CaseAnswered"], window.Items.Select(e => e.Activity));
        var cases = (await client.GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries?activity=CaseAnswered"))!;
        Assert.Equal((2, 0.5m), (cases.Totals.Entries, cases.Totals.Credit));
        var rheum = (await client.GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries?specialty=rheumatology"))!;
        Assert.Equal((3, 1.3m), (rheum.Totals.Entries, rheum.Totals.Credit));

        var first = (await client.GetFromJsonAsync<TranscriptPage>("/api/v1/learning/entries?limit=3"))!;
        Assert.Equal(3, first.Items.Count);
        var second = (await client.GetFromJsonAsync<TranscriptPage>($"/api/v1/learning/entries?limit=3&cursor={first.NextCursor}"))!;
        Assert.Single(second.Items);
        Assert.Null(second.NextCursor);
        Assert.Empty(first.Items.Select(e => e.Id).Intersect(second.Items.Select(e => e.Id)));

        await (await client.GetAsync("/api/v1/learning/entries?from=yesterday")).AssertInvalidAsync("from");
        await (await client.GetAsync($"/api/v1/learning/entries?from={to}&to={from}")).AssertInvalidAsync("to");
        await (await client.GetAsync("/api/v1/learning/entries?activity=Sleeping")).AssertInvalidAsync("activity");
        await (await client.GetAsync("/api/v1/learning/entries?specialty=astrology")).AssertInvalidAsync("specialty");
        await (await client.GetAsync("/api/v1/learning/entries?cursor=abc")).AssertInvalidAsync("cursor");
        await (await client.GetAsync("/api/v1/learning/entries?limit=0")).AssertInvalidAsync("limit");
        await (await client.GetAsync("/api/v1/learning/transcript.csv?activity=Sleeping")).AssertInvalidAsync("activity");
    }

    [Fact]
    public async Task An_article_read_with_a_reflection_earns_the_article_credit()
    {
        var learner = await app.Given.VerifiedClinician();
        var created = await (await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", new
        {
            doi = "https://doi.org/10.1136/ard-2022-223356", title = "Management of rheumatoid arthritis: 2022 update", minutes = 35,
            reflection = "Escalate after three months without improvement; taper glucocorticoids early.", specialtyCode = "rheumatology",
        })).ReadAsync<LearningEntryView>(HttpStatusCode.Created);
        Assert.Equal(("ArticleReflection", "https://doi.org/10.1136/ard-2022-223356", 35, 0.5m, false),
            (created.Activity, created.Url, created.Minutes, created.Credit, created.AwaitingReflection));
        Assert.Equal("Article read with a written reflection", created.RuleName);

        var pubmed = await (await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", new
        {
            pmid = "33301246", title = "A trial read on PubMed", reflection = "Useful numbers needed to treat for the clinic.",
            readOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddDays(-3)).ToString("yyyy-MM-dd"),
        })).ReadAsync<LearningEntryView>(HttpStatusCode.Created);
        Assert.Equal(("https://pubmed.ncbi.nlm.nih.gov/33301246/", 30), (pubmed.Url, pubmed.Minutes));
        Assert.True(pubmed.OccurredAt < app.Clock.GetUtcNow().UtcDateTime.AddDays(-2));

        // The same article again is a replay, not a second credit.
        var again = await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", new { doi = "10.1136/ard-2022-223356", title = "Again", reflection = "Read twice." });
        await again.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id)));
    }

    [Fact]
    public async Task Bad_article_input_is_refused_and_nothing_is_written()
    {
        var learner = await app.Given.VerifiedClinician();
        var client = app.As(learner);
        async Task Refused(object body, string field) =>
            await (await client.PostAsJsonAsync("/api/v1/learning/reflections", body)).AssertInvalidAsync(field);

        await Refused(new { title = "No identifier", reflection = "Something learned." }, "doi");
        await Refused(new { doi = "not-a-doi", title = "T", reflection = "Something learned." }, "doi");
        await Refused(new { pmid = "12ab", title = "T", reflection = "Something learned." }, "pmid");
        await Refused(new { url = "javascript:alert(1)", title = "T", reflection = "Something learned." }, "url");
        await Refused(new { url = "ftp://example.org/paper", title = "T", reflection = "Something learned." }, "url");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "", reflection = "Something learned." }, "title");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = new string('t', 301), reflection = "Something learned." }, "title");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = "" }, "reflection");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = new string('r', 4001) }, "reflection");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = "Learned.", minutes = 0 }, "minutes");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = "Learned.", minutes = 100000 }, "minutes");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = "Learned.", readOn = "2999-01-01" }, "readOn");
        await Refused(new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = "Learned.", specialtyCode = "astrology" }, "specialtyCode");
        Assert.Equal(0, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/v1/learning/reflections",
            new { doi = "10.1056/NEJMoa2034577", title = "T", reflection = "Learned." })).StatusCode);
    }

    [Fact]
    public async Task The_privacy_guard_reads_the_reflection_and_an_override_is_recorded()
    {
        var learner = await app.Given.VerifiedClinician();
        var body = new Dictionary<string, object?>
        {
            ["doi"] = "10.1056/NEJMoa2034577", ["title"] = "A vaccine trial",
            ["reflection"] = "Reminded me of Mr. Alvarez, seen on 03/14 with a similar reaction.",
        };
        var refused = await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", body);
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains((await refused.JsonAsync()).GetProperty("findings").EnumerateArray(), f => f.GetProperty("field").GetString() == "reflection");
        Assert.Equal(0, await app.WithDbAsync(db => db.LearningEntries.CountAsync(e => e.MemberId == learner.Id)));

        body["overridePrivacy"] = true;
        var entry = await (await app.As(learner).PostAsJsonAsync("/api/v1/learning/reflections", body)).ReadAsync<LearningEntryView>(HttpStatusCode.Created);
        Assert.True(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.MemberId == learner.Id && d.ContentKind == "learning-entry"
            && d.ContentId == entry.Id && d.Kind == GuardDecisionKind.Override)));
    }

    [Fact]
    public async Task The_learning_page_shows_totals_and_takes_an_article_with_its_reflection()
    {
        var learner = await app.Given.VerifiedClinician();
        await app.Given.LearningEntry(learner, LearningActivity.JournalClubAttended, "Tapering steroids in early arthritis");
        using var browser = await app.SignedInBrowserAsync(learner);
        var html = await browser.GetPageAsync("/learning");
        Assert.Contains("Tapering steroids in early arthritis", html);
        Assert.Matches(@"data-testid=""total-credit"">1\.00<", html);

        var missing = await browser.SubmitAsync("/learning", "article", new Dictionary<string, string>
        {
            ["doi"] = "10.1056/NEJMoa2034577", ["title"] = "A vaccine trial", ["reflection"] = "",
        });
        Assert.Contains("a reflection is required for credit", await missing.Content.ReadAsStringAsync());

        var saved = await browser.SubmitAsync("/learning", "article", new Dictionary<string, string>
        {
            ["doi"] = "10.1056/NEJMoa2034577", ["title"] = "A vaccine trial", ["minutes"] = "20", ["reflection"] = "Efficacy held across age groups.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        html = await browser.GetPageAsync("/learning");
        Assert.Contains("A vaccine trial", html);
        Assert.Matches(@"data-testid=""total-credit"">1\.50<", html);
        Assert.Matches(@"data-testid=""total-entries"">2<", html);
    }
}
