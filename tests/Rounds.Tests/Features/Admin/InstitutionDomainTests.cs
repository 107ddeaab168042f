using System.Net;
using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Admin;

namespace Rounds.Tests.Features.Admin;

public class InstitutionDomainTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private const string Path = "/api/v1/admin/institution-domains";

    private async Task<List<string>> AllowedDomainsAsync(TestMember admin) =>
        (await app.As(admin).GetFromJsonAsync<List<InstitutionDomainView>>(Path))!.Select(d => d.Domain).ToList();

    [Fact]
    public async Task An_admin_allow_lists_an_institution_domain_and_it_is_audited()
    {
        var admin = await app.Given.Admin();

        var created = await (await app.As(admin).PostAsJsonAsync(Path, new { domain = "@Med.Riverside.edu", institution = "Riverside University" }))
            .ReadAsync<InstitutionDomainView>(HttpStatusCode.Created);

        Assert.Equal(("med.riverside.edu", "Riverside University"), (created.Domain, created.Institution));
        Assert.Contains("med.riverside.edu", await AllowedDomainsAsync(admin));
        var audit = await app.As(admin).GetFromJsonAsync<List<AuditEntryView>>($"/api/v1/admin/audit?action={AuditActions.DomainAllowed}&actor={admin.Handle}");
        Assert.Equal("med.riverside.edu", Assert.Single(audit!).Details);
    }

    [Fact]
    public async Task A_domain_is_allow_listed_only_once()
    {
        var admin = await app.Given.Admin();
        await (await app.As(admin).PostAsJsonAsync(Path, new { domain = "lakeshore.example.org" })).AssertStatusAsync(HttpStatusCode.Created);

        var again = await app.As(admin).PostAsJsonAsync(Path, new { domain = "LAKESHORE.example.org" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("https://med.example.edu/")]
    public async Task Something_that_is_not_a_domain_is_refused(string domain)
    {
        var admin = await app.Given.Admin();

        await (await app.As(admin).PostAsJsonAsync(Path, new { domain })).AssertInvalidAsync("domain");
    }

    [Fact]
    public async Task A_removed_domain_is_no_longer_listed()
    {
        var admin = await app.Given.Admin();
        var created = await (await app.As(admin).PostAsJsonAsync(Path, new { domain = "gone.example.edu" })).ReadAsync<InstitutionDomainView>(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await app.As(admin).DeleteAsync($"{Path}/{created.Id}")).StatusCode);

        Assert.DoesNotContain("gone.example.edu", await AllowedDomainsAsync(admin));
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(admin).DeleteAsync($"{Path}/{created.Id}")).StatusCode);
    }

    [Fact]
    public async Task Only_admins_manage_institution_domains()
    {
        var moderator = await app.Given.Moderator();

        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(moderator).GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(moderator).PostAsJsonAsync(Path, new { domain = "sneaky.example.edu" })).StatusCode);
        Assert.DoesNotContain("sneaky.example.edu", await AllowedDomainsAsync(await app.Given.Admin()));
    }
}
