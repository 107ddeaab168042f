using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Privacy;

namespace Rounds.Tests.Features.Privacy;

/// <summary>The guard on every write path outside cases: it warns (422 with the findings), and an override is recorded.</summary>
public class PrivacyGuardTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private const string WithPhone = "Call the family of our septic patient back at 555-201-3344 about the cultures #MedEd";

    private static async Task<JsonElement> AssertFlaggedAsync(HttpResponseMessage response, string type, string text, string field = "text")
    {
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.False(problem.GetProperty("blocking").GetBoolean());
        var findings = problem.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("type").GetString() == type && f.GetProperty("text").GetString() == text
            && f.GetProperty("field").GetString() == field);
        return problem;
    }

    [Fact]
    public async Task A_post_with_a_phone_number_is_refused_with_the_span_and_nothing_is_written()
    {
        var author = await app.Given.VerifiedClinician();
        var response = await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = WithPhone });

        var problem = await AssertFlaggedAsync(response, "Phone", "555-201-3344");
        var phone = problem.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("type").GetString() == "Phone");
        Assert.Equal(WithPhone.IndexOf("555-201-3344", StringComparison.Ordinal), phone.GetProperty("start").GetInt32());
        Assert.Equal(12, phone.GetProperty("length").GetInt32());
        Assert.Equal("[PHONE]", phone.GetProperty("placeholder").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.GuardDecisions.CountAsync(d => d.MemberId == author.Id)));
    }

    [Fact]
    public async Task Redacted_text_posts_and_clinical_language_passes_untouched()
    {
        var author = await app.Given.VerifiedClinician();
        var redacted = WithPhone.Replace("555-201-3344", "[PHONE]");
        (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = redacted })).EnsureSuccessStatusCode();
        var clinical = "72-year-old with Sjögren's syndrome: BP 142/91, HR 88, CURB-65 of 3, started amoxicillin 500 mg BID in 2019 #RheumIOW";
        var response = await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = clinical });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_override_publishes_and_is_recorded_for_moderators_only()
    {
        var author = await app.Given.VerifiedClinician();
        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = WithPhone, overridePrivacy = true }))
            .ReadAsync<Rounds.Web.Features.Posts.PostView>(HttpStatusCode.Created);

        var decisions = await app.WithDbAsync(db => db.GuardDecisions.Where(d => d.MemberId == author.Id).ToListAsync());
        var phone = Assert.Single(decisions, d => d.Type == "Phone");
        Assert.Equal((GuardDecisionKind.Override, "post", created.Id, "555-201-3344"), (phone.Kind, phone.ContentKind, phone.ContentId, phone.Text));

        var moderator = await app.Given.Moderator();
        var log = await app.As(moderator).GetFromJsonAsync<ListGuardDecisions.Page>("/api/v1/moderation/privacy-decisions?kind=override&limit=200");
        Assert.Contains(log!.Items, i => i.ContentId == created.Id && i.Link == $"/posts/{created.Id}" && i.Handle == author.Handle);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(author).GetAsync("/api/v1/moderation/privacy-decisions")).StatusCode);
        var page = await app.SignedInBrowserAsync(moderator);
        var html = await page.GetPageAsync("/moderation/privacy");
        Assert.Contains("555-201-3344", html);
    }

    [Fact]
    public async Task An_edit_that_adds_an_identifier_is_refused_and_the_post_keeps_its_text()
    {
        var author = await app.Given.VerifiedClinician();
        var post = await app.Given.Post(author, "Renal colic case for #NephJC");
        var response = await app.As(author).PutAsJsonAsync($"/api/v1/posts/{post.Id}", new { text = "Renal colic case for #NephJC, MRN 00123456" });
        await AssertFlaggedAsync(response, "MedicalRecordNumber", "00123456");
        Assert.Equal("Renal colic case for #NephJC", await app.WithDbAsync(db => db.Posts.Where(p => p.Id == post.Id).Select(p => p.Text).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.PostEdits.CountAsync(e => e.PostId == post.Id)));
    }

    [Fact]
    public async Task Messages_list_titles_and_profiles_run_the_guard()
    {
        var me = await app.Given.VerifiedClinician();
        var other = await app.Given.VerifiedClinician();
        var client = app.As(me);

        var message = await client.PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { other.Handle }, text = "Can you see Mr. Alvarez in clinic?" });
        await AssertFlaggedAsync(message, "Name", "Mr. Alvarez");
        Assert.Equal(0, await app.WithDbAsync(db => db.DirectMessages.CountAsync(m => m.SenderId == me.Id)));
        var sent = await client.PostAsJsonAsync("/api/v1/conversations", new { handles = new[] { other.Handle }, text = "Can you see Mr. Alvarez in clinic?", overridePrivacy = true });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.MemberId == me.Id && d.ContentKind == "message" && d.Type == "Name")));

        var list = await client.PostAsJsonAsync("/api/v1/lists", new { title = "Follow up jane.doe@example.com" });
        await AssertFlaggedAsync(list, "Email", "jane.doe@example.com", "title");
        Assert.Equal(0, await app.WithDbAsync(db => db.MemberLists.CountAsync(l => l.OwnerId == me.Id)));

        var profile = await client.PutAsJsonAsync("/api/v1/me/profile", new { displayName = "Dr Me", bio = "Ask me about my patient, SSN 123-45-6789." });
        await AssertFlaggedAsync(profile, "Ssn", "123-45-6789", "bio");
        Assert.Null((await app.MemberAsync(me.Id)).Bio);
    }

    [Fact]
    public async Task The_scan_endpoint_returns_findings_to_members_only_and_writes_nothing()
    {
        var me = await app.Given.Member();
        var scan = await app.As(me).PostAsJsonAsync("/api/v1/privacy/scan", new { text = "Seen 03/14/2024 by Dr. Okafor" });
        var findings = (await scan.ReadAsync<ScanText.Response>()).Findings;
        Assert.Contains(findings, f => f.Type == "Date" && f.Text == "03/14/2024");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/v1/privacy/scan", new { text = "x" })).StatusCode);
        await (await app.As(me).PostAsJsonAsync("/api/v1/privacy/scan", new { text = new string('a', ScanText.MaxLength + 1) })).AssertInvalidAsync("text");
        Assert.Equal(0, await app.WithDbAsync(db => db.GuardDecisions.CountAsync(d => d.MemberId == me.Id)));
    }

    [Fact]
    public async Task The_compose_page_shows_the_findings_and_sends_anyway_when_asked()
    {
        var author = await app.Given.VerifiedClinician();
        var page = await app.SignedInBrowserAsync(author);
        var refused = await page.SubmitAsync("/compose", "compose", new Dictionary<string, string> { ["text"] = WithPhone, ["audience"] = "public" });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("This may identify a patient", html);
        Assert.Contains("phone number", html);
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));

        var sent = await page.SubmitAsync("/compose", "compose", new Dictionary<string, string> { ["text"] = WithPhone, ["audience"] = "public", ["overridePrivacy"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
    }
}
