using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using Rounds.Web.Data;
using Rounds.Web.Features.Learning;
using static Microsoft.Playwright.Assertions;
using static Rounds.BrowserTests.BrowserSteps;

namespace Rounds.BrowserTests;

public sealed class LearningJourneyTests(RoundsServer server) : IClassFixture<RoundsServer>
{
    [Fact]
    public Task A_learner_sees_the_totals_writes_a_reflection_and_downloads_a_certificate_whose_credit_matches() => server.RunAsync(async session =>
    {
        var learner = await server.CreateMemberAsync(verified: true, handlePrefix: "learner");
        await server.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<RoundsDb>();
            var now = DateTime.UtcNow;
            await LearningRecord.RecordAsync(db, learner.Id, new(LearningActivity.CaseAnswered, "case", 901, "Fever and a new murmur", "cardiology"), now.AddDays(-3), default);
            await LearningRecord.RecordAsync(db, learner.Id, new(LearningActivity.JournalClubAttended, "journal-club", 902, "Steroid tapering journal club"), now.AddDays(-2), default);
            await LearningRecord.RecordAsync(db, learner.Id, new(LearningActivity.ArticleReflection, "article", 0, "A guideline to reflect on", null,
                "https://doi.org/10.1002/art.41752"), now.AddDays(-1), default);
            await db.SaveChangesAsync();
        });

        var page = await session.NewPageAsync();
        await SignInAsync(page, learner.Email, learner.Password);
        await page.GotoAsync("/learning");
        await Expect(page.GetByTestId("total-entries")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("total-credit")).ToHaveTextAsync("1.25");
        await Expect(page.GetByTestId("total-awaiting")).ToHaveTextAsync("1");

        // The article waits for its reflection; writing it releases the credit.
        await page.Locator("tr", new() { HasText = "A guideline to reflect on" }).GetByLabel("Reflection").FillAsync(
            "Start conventional synthetic drugs early and review at three months.");
        await page.Locator("tr", new() { HasText = "A guideline to reflect on" }).GetByRole(AriaRole.Button, new() { Name = "Save reflection" }).ClickAsync();
        await Expect(page.GetByTestId("total-credit")).ToHaveTextAsync("1.75");
        await Expect(page.GetByTestId("total-awaiting")).ToHaveTextAsync("0");
        var shown = (await page.GetByTestId("total-credit").TextContentAsync())!.Trim();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var path = Path.Combine(server.DataDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var text = PdfText(await File.ReadAllBytesAsync(path));
        Assert.Contains($"Total credit: {shown}", text);
        Assert.Contains("Fever and a new murmur", text);
        Assert.Contains("Steroid tapering journal club", text);
        Assert.Matches(new Regex(@"Total: 3 activities, \d+ minutes, " + Regex.Escape(shown) + " credits"), text);
    });

    private static string PdfText(byte[] bytes)
    {
        CertificatePdf.EnsureReady(null);
        using var doc = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        var text = new StringBuilder();
        foreach (var p in doc.Pages) Walk(ContentReader.ReadContent(p), text);
        return text.ToString();

        static void Walk(CObject obj, StringBuilder sb)
        {
            switch (obj)
            {
                case COperator op when op.OpCode.Name is "Tj" or "TJ":
                    foreach (var o in op.Operands) Walk(o, sb);
                    sb.Append('\n');
                    break;
                case CSequence seq:
                    foreach (var o in seq) Walk(o, sb);
                    break;
                case CString s:
                    sb.Append(s.Value);
                    break;
            }
        }
    }
}
