using System.Net;
using System.Text.RegularExpressions;

namespace Rounds.Tests.Infrastructure;

/// <summary>
/// Submits the app's own server-rendered forms the way a browser does: it reads the form's
/// antiforgery token and handler name from the page, then posts the fields.
/// </summary>
public sealed partial class PageClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> GetAsync(string path) => await Http.GetAsync(path);

    /// <summary>
    /// Loads the page, finds the form with this handler name and posts the given fields with its hidden ones.
    /// Plain forms with no handler name (sign-out, post card buttons) are found by their action instead.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string formName, IDictionary<string, string> fields, (string Name, string FileName, byte[] Bytes)? file = null,
        string? formAction = null)
    {
        var html = await GetPageAsync(path);
        var form = FormPattern().Matches(html).Select(m => m.Value)
            .FirstOrDefault(f => formAction is null ? f.Contains($"value=\"{formName}\"") : f.Contains($"action=\"{formAction}\""))
            ?? throw new InvalidOperationException($"No form '{formAction ?? formName}' on {path}.");
        var action = ActionPattern().Match(form) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : path;
        var hidden = HiddenPattern().Matches(form).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (k, v) in fields) hidden[k] = v;
        HttpContent content;
        if (file is { } f)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (k, v) in hidden) multipart.Add(new StringContent(v), k);
            multipart.Add(new ByteArrayContent(f.Bytes), f.Name, f.FileName);
            content = multipart;
        }
        else content = new FormUrlEncodedContent(hidden);
        return await Http.PostAsync(string.IsNullOrEmpty(action) ? path : action, content);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex(@"<form[\s\S]*?</form>")]
    private static partial Regex FormPattern();
    [GeneratedRegex(@"<form[^>]*action=""([^""]*)""")]
    private static partial Regex ActionPattern();
    [GeneratedRegex(@"<input[^>]*type=""hidden""[^>]*name=""([^""]+)""[^>]*value=""([^""]*)""")]
    private static partial Regex HiddenPattern();
}
