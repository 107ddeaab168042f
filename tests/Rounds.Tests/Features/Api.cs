using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;

namespace Rounds.Tests.Features;

/// <summary>Small helpers the feature tests share: reading ProblemDetails, building uploads, looking at the audit log.</summary>
public static class Api
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts a 400 ProblemDetails whose "errors" object names this (camelCase) field.</summary>
    public static async Task AssertInvalidAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400 for '{field}' but got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"Expected an error for '{field}' in {body}");
    }

    public static async Task AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task AssertSuccessAsync(this HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"Expected success but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await response.AssertStatusAsync(expected);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static ByteArrayContent File(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    /// <summary>A small but well-formed-looking PDF of at least the given size.</summary>
    public static byte[] Pdf(int size = 64)
    {
        var bytes = new byte[Math.Max(size, 16)];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        for (var i = 9; i < bytes.Length; i++) bytes[i] = (byte)'0';
        return bytes;
    }

    public static Task<bool> AuditedAsync(this RoundsApp app, string action, long subjectId, long? actorId = null) =>
        app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == action && a.SubjectId == subjectId && (actorId == null || a.ActorId == actorId)));

    public static Task<int> CountUsersAsync(this RoundsApp app) => app.WithDbAsync(db => db.Users.CountAsync());
}
