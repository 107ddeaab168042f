using System.Net;
using System.Text.Json;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features;

public class HealthTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task Healthz_reports_the_database_as_healthy()
    {
        var response = await app.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var provider = json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("description").GetString();
        Assert.Contains(app.IsPostgres ? "Npgsql" : "Sqlite", provider);
    }

    [Fact]
    public async Task The_API_describes_itself_with_an_OpenAPI_document()
    {
        var response = await app.Anonymous().GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/verification/requests", await response.Content.ReadAsStringAsync());
    }
}
