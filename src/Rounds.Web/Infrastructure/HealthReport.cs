using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rounds.Web.Infrastructure;

public static class HealthReport
{
    /// <summary>{"status":"Healthy","checks":{"database":"Healthy"}} so an operator sees which part failed.</summary>
    public static Task WriteAsync(HttpContext http, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
