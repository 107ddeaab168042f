using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Rounds.Web.Features.Learning;

/// <summary>
/// The learning certificate as a PDF drawn with PDFsharp (no MigraDoc: it does not restore here): the member, the community,
/// every activity with its minutes and credit, and the totals. Text uses WinAnsi encoding when it can, so any PDF reader (and
/// the tests) extracts it plainly, and Unicode when a name or title needs another script; the font is DejaVu Sans, bundled, so a machine without fonts still renders it.
/// </summary>
public static class CertificatePdf
{
    public sealed record Content(string Community, string MemberName, string Handle, string Period, DateTime IssuedAt, IReadOnlyList<LearningEntry> Entries);

    private const double Margin = 50, PageWidth = 595.28, PageHeight = 841.89;
    private static readonly object Gate = new();
    private static bool _fontsReady;

    /// <summary>
    /// PDFsharp 6.5 refuses to work until a licence is loaded: a commercial key when the operator configured one
    /// (Rounds:Pdf:LicenseKey), otherwise its AGPL-3.0 licence (see docs/decisions/0004-learning-record.md). Fonts are set once too.
    /// </summary>
    public static void EnsureReady(string? licenseKey)
    {
        lock (Gate)
        {
            if (_fontsReady) return;
            if (!string.IsNullOrWhiteSpace(licenseKey)) PdfSharp.PdfSharpLicense.LoadLicense(licenseKey.Trim());
            else PdfSharp.PdfSharpLicense.SetAgplLicense();
            // Another part of the app (or a test) may have set a resolver first; PDFsharp allows setting it once.
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = new BundledFonts();
            _fontsReady = true;
        }
    }

    private static XFont Font(double size, bool bold, PdfFontEncoding encoding) =>
        new(BundledFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(encoding));

    private const string WinAnsiExtras = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

    /// <summary>True when Windows-1252 (PDF's WinAnsi) can show every character, so the plain, easily extracted encoding is enough.</summary>
    public static bool IsWinAnsi(string s) => s.All(ch => ch is >= ' ' and <= '~' || ch is >= '\u00A0' and <= '\u00FF' || WinAnsiExtras.Contains(ch));

    public static string Credit(decimal c) => c.ToString("0.00", CultureInfo.InvariantCulture);

    public static byte[] Render(Content c, string? licenseKey = null)
    {
        EnsureReady(licenseKey);
        using var doc = new PdfDocument();
        doc.Info.Title = $"Learning certificate — {c.MemberName}";
        doc.Info.Author = c.Community;
        doc.Info.Subject = "Continuing education transcript";
        doc.Info.Creator = "Rounds";

        // WinAnsi keeps the text plain in the file; a name or title in another script needs Unicode (Identity-H with a ToUnicode map).
        var texts = new[] { c.Community, c.MemberName, c.Handle, c.Period }.Concat(c.Entries.SelectMany(e => new[] { e.Title, e.RuleName ?? "" }));
        var encoding = texts.All(IsWinAnsi) ? PdfFontEncoding.WinAnsi : PdfFontEncoding.Unicode;
        XFont Font(double size, bool bold = false) => CertificatePdf.Font(size, bold, encoding);
        var small = Font(8);
        var body = Font(9.5);
        var bodyBold = Font(9.5, bold: true);
        var pages = new List<PdfPage>();
        PdfPage page;
        XGraphics gfx;
        double y;

        void NewPage()
        {
            page = doc.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            gfx?.Dispose();
            gfx = XGraphics.FromPdfPage(page);
            pages.Add(page);
            y = Margin;
        }

        page = null!;
        gfx = null!;
        y = 0;
        NewPage();

        // Heading
        gfx.DrawString(c.Community, Font(12, bold: true), XBrushes.DarkSlateGray, new XPoint(Margin, y + 12));
        y += 40;
        gfx.DrawString("Certificate of continuing education", Font(20, bold: true), XBrushes.Black, new XPoint(Margin, y + 20));
        y += 44;
        gfx.DrawString("This certifies that", body, XBrushes.Black, new XPoint(Margin, y + 10));
        y += 24;
        gfx.DrawString(Fit(gfx, c.MemberName, Font(16, bold: true), PageWidth - 2 * Margin), Font(16, bold: true), XBrushes.Black, new XPoint(Margin, y + 16));
        y += 22;
        gfx.DrawString($"@{c.Handle}", body, XBrushes.DimGray, new XPoint(Margin, y + 10));
        y += 22;
        gfx.DrawString(Fit(gfx, $"completed the learning activities below on {c.Community} ({c.Period}).", body, PageWidth - 2 * Margin), body,
            XBrushes.Black, new XPoint(Margin, y + 10));
        y += 26;

        // Totals
        var credited = c.Entries.Sum(e => e.Credit);
        var minutes = c.Entries.Sum(e => e.Minutes);
        var awaiting = c.Entries.Count(e => e.AwaitingReflection);
        gfx.DrawRectangle(new XPen(XColors.LightGray, 0.8), new XSolidBrush(XColor.FromArgb(245, 247, 250)), Margin, y, PageWidth - 2 * Margin, 44);
        gfx.DrawString($"Total credit: {Credit(credited)}", Font(13, bold: true), XBrushes.Black, new XPoint(Margin + 10, y + 19));
        gfx.DrawString($"Activities: {c.Entries.Count}    Minutes: {minutes.ToString(CultureInfo.InvariantCulture)}    Awaiting reflection: {awaiting}",
            body, XBrushes.Black, new XPoint(Margin + 10, y + 35));
        y += 60;

        // Table
        double[] widths = [62, 108, 225, 45, 55];
        string[] headings = ["Date", "Activity", "Title and credit rule", "Minutes", "Credit"];
        void Heading()
        {
            var x = Margin;
            for (var i = 0; i < headings.Length; i++)
            {
                var right = i >= 3;
                var text = headings[i];
                gfx.DrawString(text, bodyBold, XBrushes.Black, new XPoint(right ? x + widths[i] - gfx.MeasureString(text, bodyBold).Width - 4 : x, y + 10));
                x += widths[i];
            }
            y += 15;
            gfx.DrawLine(new XPen(XColors.Gray, 0.6), Margin, y, PageWidth - Margin, y);
            y += 4;
        }
        Heading();
        if (c.Entries.Count == 0)
        {
            gfx.DrawString("No learning activities in this period.", body, XBrushes.DimGray, new XPoint(Margin, y + 12));
            y += 20;
        }
        foreach (var e in c.Entries)
        {
            if (y + 30 > PageHeight - Margin - 30)
            {
                NewPage();
                Heading();
            }
            var x = Margin;
            gfx.DrawString(e.OccurredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), body, XBrushes.Black, new XPoint(x, y + 10));
            x += widths[0];
            gfx.DrawString(Fit(gfx, CreditRules.Label(e.Activity), body, widths[1] - 6), body, XBrushes.Black, new XPoint(x, y + 10));
            x += widths[1];
            gfx.DrawString(Fit(gfx, e.Title, body, widths[2] - 6), body, XBrushes.Black, new XPoint(x, y + 10));
            var rule = e.AwaitingReflection ? $"{e.RuleName ?? "No rule"} — awaiting reflection, no credit yet" : e.RuleName ?? "No credit rule applied";
            gfx.DrawString(Fit(gfx, rule, small, widths[2] - 6), small, XBrushes.DimGray, new XPoint(x, y + 21));
            x += widths[2];
            var min = e.Minutes.ToString(CultureInfo.InvariantCulture);
            gfx.DrawString(min, body, XBrushes.Black, new XPoint(x + widths[3] - gfx.MeasureString(min, body).Width - 4, y + 10));
            x += widths[3];
            var credit = Credit(e.Credit);
            gfx.DrawString(credit, body, XBrushes.Black, new XPoint(x + widths[4] - gfx.MeasureString(credit, body).Width - 4, y + 10));
            y += 27;
            gfx.DrawLine(new XPen(XColors.Gainsboro, 0.4), Margin, y - 2, PageWidth - Margin, y - 2);
        }
        y += 6;
        if (y + 20 > PageHeight - Margin - 30) NewPage();
        gfx.DrawString($"Total: {c.Entries.Count} activities, {minutes} minutes, {Credit(credited)} credits", bodyBold, XBrushes.Black, new XPoint(Margin, y + 10));
        gfx.Dispose();

        // Footer on every page, now that the number of pages is known.
        for (var i = 0; i < pages.Count; i++)
        {
            using var g = XGraphics.FromPdfPage(pages[i], XGraphicsPdfPageOptions.Append);
            var footer = $"Issued {c.IssuedAt:yyyy-MM-dd} by {c.Community}. Credit is computed by the rule in force when each activity was recorded.";
            g.DrawString(Fit(g, footer, small, PageWidth - 2 * Margin - 60), small, XBrushes.DimGray, new XPoint(Margin, PageHeight - Margin + 10));
            var number = $"Page {i + 1} of {pages.Count}";
            g.DrawString(number, small, XBrushes.DimGray, new XPoint(PageWidth - Margin - g.MeasureString(number, small).Width, PageHeight - Margin + 10));
        }

        using var stream = new MemoryStream();
        doc.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>The text, shortened with an ellipsis to fit the width.</summary>
    private static string Fit(XGraphics g, string text, XFont font, double width)
    {
        text = text.ReplaceLineEndings(" ");
        if (g.MeasureString(text, font).Width <= width) return text;
        var lo = 0;
        var hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (g.MeasureString(text[..mid] + "…", font).Width <= width) lo = mid; else hi = mid - 1;
        }
        return text[..lo].TrimEnd() + "…";
    }
}

/// <summary>DejaVu Sans (regular and bold), embedded in the app, for every family PDFsharp asks for.</summary>
public sealed class BundledFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[] GetFont(string faceName)
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream($"Rounds.Web.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
