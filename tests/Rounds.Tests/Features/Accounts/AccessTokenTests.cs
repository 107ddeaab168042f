using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Profiles;

namespace Rounds.Tests.Features.Accounts;

public class AccessTokenTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private HttpClient WithToken(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<CreateAccessToken.Response> CreateTokenAsync(TestMember member, string name = "Zotero plugin") =>
        await (await app.As(member).PostAsJsonAsync("/api/v1/me/tokens", new { name })).ReadAsync<CreateAccessToken.Response>(HttpStatusCode.Created);

    [Fact]
    public async Task The_API_asks_anonymous_callers_to_sign_in_with_a_token()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_new_token_is_shown_once_and_signs_its_holder_in()
    {
        var member = await app.Given.Member();

        var created = await CreateTokenAsync(member, "Reference manager");

        Assert.Equal("Reference manager", created.Name);
        Assert.StartsWith("rnd_", created.Token);
        var me = await (await WithToken(created.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileView>();
        Assert.Equal(member.Handle, me.Handle);
    }

    [Fact]
    public async Task The_token_list_names_each_token_but_never_shows_its_secret()
    {
        var member = await app.Given.Member();
        var created = await CreateTokenAsync(member, "Listed token");

        var response = await app.As(member).GetAsync("/api/v1/me/tokens");

        var body = await response.Content.ReadAsStringAsync();
        var tokens = await response.ReadAsync<List<AccessTokenView>>();
        Assert.Contains(tokens, t => t.Id == created.Id && t.Name == "Listed token");
        Assert.DoesNotContain(created.Token, body);
        Assert.DoesNotContain(member.Token, body);
        Assert.DoesNotContain("\"token\"", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_the_SHA256_hash_of_a_token_is_stored()
    {
        var member = await app.Given.Member();
        var created = await CreateTokenAsync(member);

        var stored = await app.WithDbAsync(db => db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == created.Id));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token))), stored.Hash);
        Assert.DoesNotContain(created.Token, $"{stored.Hash}|{stored.Prefix}|{stored.Name}");
        Assert.True(created.Token.StartsWith(stored.Prefix, StringComparison.Ordinal) && stored.Prefix.Length < created.Token.Length);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_signs_in_and_disappears_from_the_list()
    {
        var member = await app.Given.Member();
        var created = await CreateTokenAsync(member);

        var revoke = await app.As(member).DeleteAsync($"/api/v1/me/tokens/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(created.Token).GetAsync("/api/v1/me")).StatusCode);
        var tokens = await app.As(member).GetFromJsonAsync<List<AccessTokenView>>("/api/v1/me/tokens");
        Assert.DoesNotContain(tokens!, t => t.Id == created.Id);
    }

    [Fact]
    public async Task A_token_read_a_moment_ago_stops_working_as_soon_as_it_is_revoked()
    {
        var member = await app.Given.Member();
        var created = await CreateTokenAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(created.Token).GetAsync("/api/v1/me")).StatusCode); // checked, and remembered by the node

        await app.As(member).DeleteAsync($"/api/v1/me/tokens/{created.Id}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(created.Token).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_read_a_moment_ago_loses_what_its_member_loses_at_once()
    {
        var clinician = await app.Given.VerifiedClinician();
        var moderator = await app.Given.Moderator();
        var token = WithToken(clinician.Token);
        var first = await token.PostAsJsonAsync("/api/v1/posts", new { text = "For colleagues: the new sepsis bundle.", audience = "clinicians" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var revoked = await app.As(moderator).PostAsJsonAsync($"/api/v1/verification/members/{clinician.Handle}/revoke", new { reason = "Licence suspended" });
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var second = await token.PostAsJsonAsync("/api/v1/posts", new { text = "For colleagues again.", audience = "clinicians" });
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == clinician.Id)));
    }

    [Fact]
    public async Task A_member_cannot_revoke_someone_elses_token()
    {
        var owner = await app.Given.Member();
        var other = await app.Given.Member();
        var created = await CreateTokenAsync(owner);

        var response = await app.As(other).DeleteAsync($"/api/v1/me/tokens/{created.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(created.Token).GetAsync("/api/v1/me")).StatusCode);
    }
}
