using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageMagick;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Cases;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure.Files;

namespace Rounds.Tests.Features.Cases;

public class CaseTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private Task<TestMember> Rheumatologist() => app.Given.Member(verified: true, with: m => m.SpecialtyCode = "rheumatology");

    private async Task<MediaView> UploadAsync(TestMember owner, byte[] bytes, string alt = "Photograph of the rash on the forearm")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "photo.jpg" }, { new StringContent(alt), "altText" } };
        return await (await app.As(owner).PostAsync("/api/v1/media", form)).ReadAsync<MediaView>(HttpStatusCode.Created);
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestFiles.SharedTestData, "images", name));

    [Fact]
    public async Task A_case_with_a_name_in_it_cannot_be_published_until_it_is_redacted()
    {
        var author = await Rheumatologist();
        var withName = Given.CaseRequest(presentation: "Mr. Alvarez came in with three weeks of fever and a new systolic murmur.");
        var refused = await app.As(author).PostAsJsonAsync("/api/v1/cases", withName);

        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.True(problem.GetProperty("blocking").GetBoolean());
        var finding = Assert.Single(problem.GetProperty("findings").EnumerateArray(), f => f.GetProperty("type").GetString() == "Name");
        Assert.Equal(("presentation", "Mr. Alvarez", 0), (finding.GetProperty("field").GetString(), finding.GetProperty("text").GetString(), finding.GetProperty("start").GetInt32()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.AuthorId == author.Id)));

        // An override does not exist for cases: only redaction or a dismissal.
        var overridden = await app.As(author).PostAsJsonAsync("/api/v1/cases", new Dictionary<string, object?>(ToDictionary(withName)) { ["overridePrivacy"] = true });
        Assert.Equal((HttpStatusCode)422, overridden.StatusCode);

        var redacted = Given.CaseRequest(presentation: "[NAME] came in with three weeks of fever and a new systolic murmur.");
        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", redacted)).ReadAsync<CaseView>(HttpStatusCode.Created);
        Assert.Equal("open", created.Status);
        Assert.Equal("50–59 years", created.AgeBand.Label);
    }

    private static Dictionary<string, object?> ToDictionary(object o) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(o, JsonSerializerOptions.Web))!;

    [Fact]
    public async Task A_dismissed_finding_lets_the_case_publish_and_the_dismissal_is_recorded()
    {
        var author = await Rheumatologist();
        var request = ToDictionary(Given.CaseRequest(presentation: "Fever for three weeks; seen by Dr. Okafor in clinic."));
        var refused = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", request)).JsonAsync();
        var name = refused.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("type").GetString() == "Name").GetProperty("text").GetString();

        request["dismissed"] = new[] { new { type = "Name", text = name } };
        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", request)).ReadAsync<CaseView>(HttpStatusCode.Created);
        var decision = await app.WithDbAsync(db => db.GuardDecisions.SingleAsync(d => d.MemberId == author.Id));
        Assert.Equal((GuardDecisionKind.Dismissal, "case", created.Id, name), (decision.Kind, decision.ContentKind, decision.ContentId, decision.Text));
    }

    [Fact]
    public async Task A_patient_or_a_visitor_cannot_see_a_case_at_all()
    {
        var author = await Rheumatologist();
        var image = await app.Given.Image(author);
        var created = await app.Given.Case(author, images: image.Id);
        var patient = await app.Given.Patient();
        var unverified = await app.Given.UnverifiedClinician();

        foreach (var client in new[] { app.As(patient), app.As(unverified), app.Anonymous() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{created.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/posts/{image.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{created.Id}/answers")).StatusCode);
            var list = await client.GetFromJsonAsync<CaseListPage>("/api/v1/cases?limit=50");
            Assert.DoesNotContain(list!.Items, c => c.Id == created.Id);
        }
        var answer = await app.As(patient).PostAsJsonAsync($"/api/v1/cases/{created.Id}/answers", new { text = "Endocarditis?" });
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(await app.Given.VerifiedClinician()).GetAsync($"/media/posts/{image.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_pseudonymous_case_hides_the_author_from_members_but_a_moderator_can_unmask_with_an_audit_entry()
    {
        var author = await Rheumatologist();
        var created = await app.Given.Case(author, pseudonymous: true);
        var second = await app.Given.Case(author, pseudonymous: true);
        var reader = await app.Given.VerifiedClinician();

        var raw = await (await app.As(reader).GetAsync($"/api/v1/cases/{created.Id}")).Content.ReadAsStringAsync();
        var member = await app.MemberAsync(author.Id);
        Assert.DoesNotContain(author.Handle, raw);
        Assert.DoesNotContain(member.DisplayName, raw);
        var view = JsonSerializer.Deserialize<CaseView>(raw, JsonSerializerOptions.Web)!;
        Assert.Null(view.Author);
        Assert.Equal("Rheumatology (Internal Medicine)", view.Pseudonym!.Specialty);
        Assert.True(view.Pseudonym.Verified);
        Assert.Equal(view.Pseudonym.Name, second.Pseudonym!.Name); // stable in the space
        var page = await (await app.SignedInBrowserAsync(reader)).GetPageAsync($"/cases/{created.Id}");
        Assert.Contains(view.Pseudonym.Name, page);
        Assert.DoesNotContain(author.Handle, page);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(reader).PostAsync($"/api/v1/cases/{created.Id}/unmask", null)).StatusCode);
        var moderator = await app.Given.Moderator();
        var unmasked = await (await app.As(moderator).PostAsync($"/api/v1/cases/{created.Id}/unmask", null)).ReadAsync<UnmaskCase.Response>();
        Assert.Equal(author.Id, unmasked.Author.Id);
        Assert.True(await app.AuditedAsync(AuditActions.CaseUnmasked, author.Id, moderator.Id));

        // In a group the moderator is not part of, the case stays hidden from them, but its author can still be revealed.
        var groupId = await app.Given.Group(author);
        var inGroup = await app.Given.Case(author, groupId, pseudonymous: true);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(moderator).GetAsync($"/api/v1/cases/{inGroup.Id}")).StatusCode);
        var revealed = await (await app.As(moderator).PostAsync($"/api/v1/cases/{inGroup.Id}/unmask", null)).ReadAsync<UnmaskCase.Response>();
        Assert.Equal(author.Id, revealed.Author.Id);
    }

    [Fact]
    public async Task A_photo_with_a_face_is_held_until_masked_and_the_stored_file_is_masked_and_clean()
    {
        var author = await Rheumatologist();
        var face = await UploadAsync(author, Fixture("face.jpg"), "Malar rash");
        Assert.Equal("faces", face.FaceCheck);
        Assert.NotEmpty(face.Faces);

        var held = await app.As(author).PostAsJsonAsync("/api/v1/cases", Given.CaseRequest(images: [face.Id]));
        await held.AssertInvalidAsync("images[0]");
        Assert.Equal(0, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.AuthorId == author.Id)));

        var box = face.Faces[0];
        var masked = await (await app.As(author).PostAsJsonAsync($"/api/v1/media/{face.Id}/mask", new { detectedFaces = true })).ReadAsync<MediaView>();
        Assert.Equal("none", masked.FaceCheck);
        Assert.True(masked.Masked);

        var key = await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == face.Id).Select(m => m.Key).SingleAsync());
        byte[]? stored = null;
        await app.WithServicesAsync(async sp => stored = await sp.GetRequiredService<IFileStore>().ReadAsync(key));
        using (var image = new MagickImage(stored!))
        {
            Assert.Null(image.GetExifProfile());
            Assert.Null(image.GetXmpProfile());
            Assert.Null(image.GetIptcProfile());
            using var pixels = image.GetPixels();
            // The interior of the face box (a few pixels in from the edge, where JPEG blurs) is black.
            for (var y = box.Y + 4; y < box.Y + box.Height - 4; y += 3)
                for (var x = box.X + 4; x < box.X + box.Width - 4; x += 3)
                {
                    var c = pixels.GetPixel(x, y).ToColor()!;
                    Assert.True(c.R < 16 && c.G < 16 && c.B < 16, $"pixel {x},{y} is {c}");
                }
        }

        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", Given.CaseRequest(images: [face.Id]))).ReadAsync<CaseView>(HttpStatusCode.Created);
        Assert.Single(created.Images);
    }

    [Fact]
    public async Task Attested_consent_publishes_a_recognisable_image_and_is_stored_with_the_case()
    {
        var author = await Rheumatologist();
        var face = await UploadAsync(author, Fixture("face.jpg"));
        var request = ToDictionary(Given.CaseRequest(images: [face.Id]));
        request["consentAttested"] = true;
        await (await app.As(author).PostAsJsonAsync("/api/v1/cases", request)).AssertInvalidAsync("consentStatement");
        request["consentStatement"] = "Written consent on the clinical photography form";
        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", request)).ReadAsync<CaseView>(HttpStatusCode.Created);
        Assert.True(created.ConsentAttested);
        Assert.Equal("Written consent on the clinical photography form", await app.WithDbAsync(db => db.Cases.Where(c => c.Id == created.Id).Select(c => c.ConsentStatement).SingleAsync()));
    }

    [Fact]
    public async Task A_photo_without_a_face_needs_nothing_and_a_dicom_file_is_refused_with_advice()
    {
        var author = await Rheumatologist();
        var plain = await UploadAsync(author, Fixture("no-face.jpg"));
        Assert.Equal("none", plain.FaceCheck);
        var dicom = new byte[512];
        "DICM"u8.CopyTo(dicom.AsSpan(128));
        var response = await app.As(author).PostAsync("/api/v1/media", new MultipartFormDataContent { { new ByteArrayContent(dicom), "file", "scan.dcm" } });
        await response.AssertInvalidAsync("file");
        Assert.Contains("de-identified", (await response.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task Members_answer_vote_on_the_differential_and_the_author_resolves_it()
    {
        var author = await Rheumatologist();
        var created = await app.Given.Case(author, differential: ["Infective endocarditis", "Rheumatic fever", "Libman–Sacks endocarditis"]);
        var colleague = await app.Given.VerifiedClinician();
        var client = app.As(colleague);

        var before = await client.GetFromJsonAsync<CaseView>($"/api/v1/cases/{created.Id}");
        Assert.False(before!.Differential!.ResultsVisible);
        Assert.All(before.Differential.Options, o => Assert.Null(o.Votes));
        var choice = before.Differential.Options[0].Id;
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/v1/polls/{before.Differential.Id}/votes", new { optionIds = new[] { choice } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/v1/polls/{before.Differential.Id}/votes", new { optionIds = new[] { choice } })).StatusCode);
        await (await client.PostAsJsonAsync($"/api/v1/polls/{before.Differential.Id}/votes", new { optionIds = before.Differential.Options.Select(o => o.Id) })).AssertInvalidAsync("optionIds");
        var after = await client.GetFromJsonAsync<CaseView>($"/api/v1/cases/{created.Id}");
        Assert.Equal(1, after!.Differential!.Options[0].Votes);

        var answer = await (await client.PostAsJsonAsync($"/api/v1/cases/{created.Id}/answers", new { text = "Blood cultures ×3 first, then start empirical cover." }))
            .ReadAsync<PostView>(HttpStatusCode.Created);
        Assert.Equal($"/cases/{created.Id}", answer.ContextUrl);
        var answers = await client.GetFromJsonAsync<List<PostView>>($"/api/v1/cases/{created.Id}/answers");
        Assert.Equal([answer.Id], answers!.Select(a => a.Id));
        await app.SettleAsync();
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == author.Id && n.Link == $"/cases/{created.Id}" && n.ActorId == colleague.Id)));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/cases/{created.Id}/resolve", new { finalDiagnosis = "Endocarditis" })).StatusCode);
        await (await app.As(author).PostAsJsonAsync($"/api/v1/cases/{created.Id}/resolve", new { finalDiagnosis = "" })).AssertInvalidAsync("finalDiagnosis");
        var resolved = await (await app.As(author).PostAsJsonAsync($"/api/v1/cases/{created.Id}/resolve", new { finalDiagnosis = "Streptococcus mitis endocarditis of the mitral valve" }))
            .ReadAsync<CaseView>();
        Assert.Equal("resolved", resolved.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(author).PostAsJsonAsync($"/api/v1/cases/{created.Id}/resolve", new { finalDiagnosis = "x" })).StatusCode);
        await app.SettleAsync();
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == colleague.Id && n.Link == $"/cases/{created.Id}")));

        var resolvedList = await client.GetFromJsonAsync<CaseListPage>("/api/v1/cases?status=resolved&limit=50");
        Assert.Contains(resolvedList!.Items, c => c.Id == created.Id);
        var openList = await client.GetFromJsonAsync<CaseListPage>("/api/v1/cases?status=open&limit=50");
        Assert.DoesNotContain(openList!.Items, c => c.Id == created.Id);
    }

    [Fact]
    public async Task Asking_a_specialty_notifies_its_verified_members_without_unmasking_a_pseudonymous_author()
    {
        var author = await app.Given.VerifiedClinician();
        var verified = await app.Given.Member(verified: true, with: m => m.SpecialtyCode = "pediatric-rheumatology");
        var unverified = await app.Given.Member(Rounds.Web.Features.Accounts.Profession.ResidentFellow, with: m => m.SpecialtyCode = "pediatric-rheumatology");
        var created = await app.Given.Case(author, pseudonymous: true, askSpecialty: "pediatric-rheumatology");
        await app.SettleAsync();

        var notification = await app.WithDbAsync(db => db.Notifications.SingleOrDefaultAsync(n => n.MemberId == verified.Id && n.Link == $"/cases/{created.Id}"));
        Assert.NotNull(notification);
        Assert.Null(notification.ActorId);
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.MemberId == unverified.Id && n.Link == $"/cases/{created.Id}")));
    }

    [Fact]
    public async Task Bad_cases_are_refused_and_nothing_is_written()
    {
        var author = await Rheumatologist();
        var client = app.As(author);
        async Task Refused(string field, Action<Dictionary<string, object?>> change)
        {
            var request = ToDictionary(Given.CaseRequest());
            change(request);
            await (await client.PostAsJsonAsync("/api/v1/cases", request)).AssertInvalidAsync(field);
        }
        await Refused("audience", r => r["audience"] = "public");
        await Refused("ageBand", r => r["ageBand"] = "92");
        await Refused("title", r => r["title"] = " ");
        await Refused("title", r => r["title"] = new string('t', Case.MaxTitle + 1));
        await Refused("presentation", r => r["presentation"] = new string('p', Case.MaxSection + 1));
        await Refused("specialtyCode", r => r["specialtyCode"] = "astrology");
        await Refused("differential", r => r["differential"] = new[] { "Only one" });
        await Refused("images", r => r["images"] = Enumerable.Range(1, 6).Select(i => new { id = i }).ToArray());
        await Refused("images", r => r["images"] = new[] { new { id = 987654321L } });
        var patient = await app.Given.Patient();
        await (await app.As(patient).PostAsJsonAsync("/api/v1/cases", Given.CaseRequest())).AssertInvalidAsync("audience");
        Assert.Equal(0, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.AuthorId == author.Id || c.AuthorId == patient.Id)));
    }

    [Fact]
    public async Task Blocking_the_author_of_a_pseudonymous_case_does_not_reveal_it_and_the_privacy_log_hides_them()
    {
        var author = await Rheumatologist();
        var request = ToDictionary(Given.CaseRequest(presentation: "Fever for three weeks; seen by Dr. Okafor in clinic."));
        request["pseudonymous"] = true;
        var refused = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", request)).JsonAsync();
        var name = refused.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("type").GetString() == "Name").GetProperty("text").GetString();
        request["dismissed"] = new[] { new { type = "Name", text = name } };
        var created = await (await app.As(author).PostAsJsonAsync("/api/v1/cases", request)).ReadAsync<CaseView>(HttpStatusCode.Created);

        var suspicious = await app.Given.VerifiedClinician();
        await app.Given.Block(suspicious, author);
        Assert.Equal(HttpStatusCode.OK, (await app.As(suspicious).GetAsync($"/api/v1/cases/{created.Id}")).StatusCode);

        var moderator = await app.Given.Moderator();
        var log = await app.As(moderator).GetFromJsonAsync<ListGuardDecisions.Page>("/api/v1/moderation/privacy-decisions?limit=200");
        var entry = Assert.Single(log!.Items, i => i.ContentKind == "case" && i.ContentId == created.Id);
        Assert.Null(entry.Handle);
        Assert.Equal(0, entry.MemberId);
    }

    [Fact]
    public async Task An_answer_stays_inside_its_case()
    {
        var author = await Rheumatologist();
        var created = await app.Given.Case(author);
        var elsewhere = await app.Given.Post(author, "A public thought about #MedEd");
        var colleague = await app.Given.VerifiedClinician();
        var response = await app.As(colleague).PostAsJsonAsync($"/api/v1/cases/{created.Id}/answers", new { text = "Agree, cultures first", inReplyToId = elsewhere.Id });
        await response.AssertInvalidAsync("inReplyToId");
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == colleague.Id)));
    }
}
