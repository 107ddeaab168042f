using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Verification;

namespace Rounds.Tests.Features.Verification;

public class VerificationRequestTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    public const string ValidNpi = "1234567893";

    public static MultipartFormDataContent Form(string? npi = ValidNpi, string? licenseNumber = null, string? licenseRegion = null,
        byte[]? document = null, string documentName = "licence.pdf")
    {
        var form = new MultipartFormDataContent();
        if (npi is not null) form.Add(new StringContent(npi), "npi");
        if (licenseNumber is not null) form.Add(new StringContent(licenseNumber), "licenseNumber");
        if (licenseRegion is not null) form.Add(new StringContent(licenseRegion), "licenseRegion");
        if (document is not null) form.Add(Api.File(document, "application/octet-stream"), "document", documentName);
        return form;
    }

    private Task<HttpResponseMessage> RequestAsync(TestMember member, MultipartFormDataContent form) =>
        app.As(member).PostAsync("/api/v1/verification/requests", form);

    private Task<int> CountRequestsAsync(TestMember member) =>
        app.WithDbAsync(db => db.VerificationRequests.CountAsync(r => r.MemberId == member.Id));

    [Fact]
    public async Task A_clinician_asks_to_be_verified_with_their_NPI_and_sees_the_request_pending()
    {
        var resident = await app.Given.UnverifiedClinician();

        var created = await (await RequestAsync(resident, Form())).ReadAsync<VerificationRequestView>(HttpStatusCode.Created);

        Assert.Equal("pending", created.Status);
        Assert.Equal(ValidNpi, created.Npi);
        var mine = await app.As(resident).GetFromJsonAsync<GetMyVerification.Response>("/api/v1/verification/me");
        Assert.False(mine!.Verified);
        var request = Assert.Single(mine.Requests);
        Assert.Equal((created.Id, "pending"), (request.Id, request.Status));
    }

    [Fact]
    public async Task An_NPI_that_fails_its_check_digit_is_refused_and_nothing_is_saved()
    {
        var resident = await app.Given.UnverifiedClinician();

        await (await RequestAsync(resident, Form(npi: "1234567890"))).AssertInvalidAsync("npi");

        Assert.Equal(0, await CountRequestsAsync(resident));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12345abcde")]
    public async Task An_NPI_that_is_not_ten_digits_is_refused(string npi)
    {
        var resident = await app.Given.UnverifiedClinician();

        await (await RequestAsync(resident, Form(npi: npi))).AssertInvalidAsync("npi");
    }

    [Fact]
    public async Task A_licence_needs_the_state_or_country_that_issued_it()
    {
        var resident = await app.Given.UnverifiedClinician();

        await (await RequestAsync(resident, Form(npi: null, licenseNumber: "MD-445566"))).AssertInvalidAsync("licenseRegion");
    }

    [Fact]
    public async Task A_second_request_while_one_is_pending_is_a_conflict()
    {
        var resident = await app.Given.UnverifiedClinician();
        await (await RequestAsync(resident, Form())).AssertStatusAsync(HttpStatusCode.Created);

        var again = await RequestAsync(resident, Form());

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await CountRequestsAsync(resident));
    }

    [Fact]
    public async Task A_patient_cannot_ask_to_be_verified()
    {
        var patient = await app.Given.Patient();

        var response = await RequestAsync(patient, Form());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountRequestsAsync(patient));
    }

    [Fact]
    public async Task A_verified_clinician_has_nothing_to_ask_for()
    {
        var verified = await app.Given.VerifiedClinician();

        Assert.Equal(HttpStatusCode.Conflict, (await RequestAsync(verified, Form())).StatusCode);
    }

    [Fact]
    public async Task A_document_over_10_MB_is_refused_as_too_large()
    {
        var resident = await app.Given.UnverifiedClinician();

        var response = await RequestAsync(resident, Form(document: Api.Pdf(10 * 1024 * 1024 + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await CountRequestsAsync(resident));
    }

    [Fact]
    public async Task A_document_that_is_neither_a_PDF_nor_an_image_is_refused()
    {
        var resident = await app.Given.UnverifiedClinician();

        var response = await RequestAsync(resident, Form(document: Encoding.UTF8.GetBytes("MZ pretend executable"), documentName: "licence.pdf"));

        await response.AssertInvalidAsync("document");
        Assert.Equal(0, await CountRequestsAsync(resident));
    }

    [Fact]
    public async Task The_owner_can_read_back_the_document_they_sent()
    {
        var resident = await app.Given.UnverifiedClinician();
        var pdf = Api.Pdf(2048);
        var created = await (await RequestAsync(resident, Form(document: pdf))).ReadAsync<VerificationRequestView>(HttpStatusCode.Created);

        var response = await app.As(resident).GetAsync($"/api/v1/verification/requests/{created.Id}/document");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Other_members_cannot_find_the_document()
    {
        var resident = await app.Given.UnverifiedClinician();
        var created = await (await RequestAsync(resident, Form(document: Api.Pdf()))).ReadAsync<VerificationRequestView>(HttpStatusCode.Created);

        var response = await app.As(await app.Given.VerifiedClinician()).GetAsync($"/api/v1/verification/requests/{created.Id}/document");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_moderator_reads_the_document_and_the_read_is_audited()
    {
        var resident = await app.Given.UnverifiedClinician();
        var moderator = await app.Given.Moderator();
        var created = await (await RequestAsync(resident, Form(document: Api.Pdf()))).ReadAsync<VerificationRequestView>(HttpStatusCode.Created);
        Assert.False(await app.AuditedAsync(AuditActions.DocumentViewed, resident.Id));

        var response = await app.As(moderator).GetAsync($"/api/v1/verification/requests/{created.Id}/document");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await app.AuditedAsync(AuditActions.DocumentViewed, resident.Id, moderator.Id));
    }
}
