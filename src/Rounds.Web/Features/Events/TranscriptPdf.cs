using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Rounds.Web.Features.Learning;

namespace Rounds.Web.Features.Events;

/// <summary>
/// An event's transcript as a PDF: the event, its figures, each question with its answers, then the other messages. Licence and fonts
/// come from <see cref="CertificatePdf.EnsureReady"/>; text is WinAnsi when it can be (plainly extractable), Unicode otherwise.
/// </summary>
public static class TranscriptPdf
{
    private const double Margin = 50, PageWidth = 595.28, PageHeight = 841.89, Width = PageWidth - 2 * Margin;

    public static byte[] Render(TranscriptView t, string community, string? licenseKey)
    {
        CertificatePdf.EnsureReady(licenseKey);
        var ev = t.Event;
        using var doc = new PdfDocument();
        doc.Info.Title = $"Transcript — {ev.Title}";
        doc.Info.Author = community;
        doc.Info.Subject = $"#{ev.Hashtag}";
        doc.Info.Creator = "Rounds";

        var all = t.Questions.SelectMany(q => (q.Post is null ? [] : new[] { q.Post }).Concat(q.Answers)).Concat(t.Messages).ToList();
        var texts = new[] { community, ev.Title, ev.Hashtag, ev.Paper?.Title ?? "", ev.Paper?.Journal ?? "", ev.Paper?.Authors ?? "" }
            .Concat(ev.Sessions.Select(s => s.Title)).Concat(t.Questions.Select(q => q.Text))
            .Concat(all.SelectMany(m => new[] { m.Text, m.DisplayName, m.Handle })).Concat(t.Attendees.Select(a => a.DisplayName));
        var encoding = texts.All(CertificatePdf.IsWinAnsi) ? PdfFontEncoding.WinAnsi : PdfFontEncoding.Unicode;
        XFont Font(double size, bool bold = false) => new(BundledFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(encoding));
        var small = Font(8);
        var body = Font(9.5);
        var bold = Font(9.5, bold: true);
        var h2 = Font(12, bold: true);

        var pages = new List<PdfPage>();
        XGraphics gfx = null!;
        double y = 0;
        void NewPage()
        {
            var page = doc.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            gfx?.Dispose();
            gfx = XGraphics.FromPdfPage(page);
            pages.Add(page);
            y = Margin;
        }
        void Room(double height) { if (y + height > PageHeight - Margin - 20) NewPage(); }
        void Line(string text, XFont font, XBrush? brush = null, double indent = 0, double gap = 3)
        {
            foreach (var line in Wrap(gfx, text, font, Width - indent))
            {
                Room(font.Size + gap);
                gfx.DrawString(line, font, brush ?? XBrushes.Black, new XPoint(Margin + indent, y + font.Size));
                y += font.Size + gap;
            }
        }
        void Heading(string text) { y += 8; Room(40); Line(text, h2, gap: 6); }
        void Message(MessageView m, double indent)
        {
            var who = $"{m.DisplayName} @{m.Handle}{(m.Role is { } r ? $" ({r})" : "")}";
            var head = $"{(m.Label is { } l ? l + "  " : "")}{who}  {m.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC{(m.DuringLive ? "" : "  (asynchronous)")}";
            Room(30);
            Line(head, small, XBrushes.DimGray, indent, 1);
            Line(m.Text, body, indent: indent);
            y += 4;
        }

        NewPage();
        gfx.DrawString(community, Font(12, bold: true), XBrushes.DarkSlateGray, new XPoint(Margin, y + 12));
        y += 30;
        Line($"Transcript: {ev.Title}", Font(18, bold: true), gap: 6);
        Line($"#{ev.Hashtag} · {Kind(ev.Kind)} · for {Audience(ev.Audience)} · time zone {ev.TimeZone}", body);
        if (ev.OpensAt is { } o && ev.ClosesAt is { } c) Line($"Asynchronous window: {Utc(o)} to {Utc(c)}", body);
        foreach (var s in ev.Sessions.Where(s => !s.Skipped))
            Line($"Live window \"{s.Title}\": {Utc(s.StartsAt)} to {Utc(s.EndsAt)} ({s.TimeZone})", body);
        if (ev.Paper is { } paper)
        {
            y += 4;
            Line($"Paper: {paper.Title ?? paper.Label}", bold);
            var cite = string.Join(" · ", new[] { paper.Authors, paper.Journal, paper.Label }.Where(x => !string.IsNullOrWhiteSpace(x)));
            Line(cite, body);
            if (paper.Url is { } u) Line(u, body, XBrushes.DarkBlue);
        }

        var f = t.Figures!;
        Heading("Participation");
        Line($"Participants: {f.Participants}    Messages: {f.Messages}    Messages per participant: {f.MessagesPerParticipant.ToString("0.##", CultureInfo.InvariantCulture)}", body);
        Line($"Share of messages by the most active 10% ({f.MostActiveParticipants} of {f.Participants}): {EventTranscript.Percent(f.MostActiveShare)}", body);
        Line($"Posted during the live windows: {EventTranscript.Percent(f.LiveShare)} ({f.DuringLive} of {f.Messages})", body);
        Line($"Potential reach: {f.PotentialReach.ToString(CultureInfo.InvariantCulture)}. {EventTranscript.ReachNote}", body);
        Line($"Attendees: {f.Attendees}", body);

        if (t.Questions.Count > 0)
        {
            Heading("Questions and answers");
            foreach (var q in t.Questions)
            {
                Room(40);
                Line($"{q.Label}: {q.Text}", bold, gap: 4);
                if (q.Answers.Count == 0) Line("No answers.", small, XBrushes.DimGray, 12);
                foreach (var a in q.Answers) Message(a, 12);
            }
        }
        Heading(t.Questions.Count > 0 ? "Other messages" : "Messages");
        if (t.Messages.Count == 0) Line("No other messages.", small, XBrushes.DimGray);
        foreach (var m in t.Messages) Message(m, 0);
        if (t.Attendees.Count > 0)
        {
            Heading("Attendees");
            Line(string.Join(", ", t.Attendees.Select(a => $"{a.DisplayName} @{a.Handle}")), body);
        }
        gfx.Dispose();

        for (var i = 0; i < pages.Count; i++)
        {
            using var g = XGraphics.FromPdfPage(pages[i], XGraphicsPdfPageOptions.Append);
            var footer = $"#{ev.Hashtag} transcript, generated {t.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by {community}.";
            g.DrawString(footer, small, XBrushes.DimGray, new XPoint(Margin, PageHeight - Margin + 10));
            var number = $"Page {i + 1} of {pages.Count}";
            g.DrawString(number, small, XBrushes.DimGray, new XPoint(PageWidth - Margin - g.MeasureString(number, small).Width, PageHeight - Margin + 10));
        }
        using var stream = new MemoryStream();
        doc.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static string Utc(DateTime d) => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Kind(string slug) => slug switch
    {
        "journal-club" => "Journal club",
        "chat" => "Chat",
        "conference" => "Conference",
        _ => "Ask-the-expert forum",
    };

    public static string Audience(string audience) => audience switch
    {
        "public" => "everyone",
        "members" => "members (patients welcome)",
        "clinicians" => "verified clinicians",
        _ => "a group",
    };

    /// <summary>Lines that fit the width, broken between words (a word longer than a line is cut).</summary>
    private static IEnumerable<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (g.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
                if (line.Length > 0) yield return line;
                line = word;
                while (g.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && g.MeasureString(line[..cut], font).Width > width) cut--;
                    yield return line[..cut];
                    line = line[cut..];
                }
            }
            if (line.Length > 0) yield return line;
        }
    }
}
