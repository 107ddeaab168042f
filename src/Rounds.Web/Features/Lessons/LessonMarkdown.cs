using Ganss.Xss;
using Markdig;

namespace Rounds.Web.Features.Lessons;

/// <summary>Slide and explanation text: Markdown rendered by Markdig (raw HTML off), then sanitized, so no author can inject markup.</summary>
public static class LessonMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml().UseEmphasisExtras().UsePipeTables().UseListExtras().UseAutoLinks().Build();

    private static readonly HtmlSanitizer Sanitizer = Make();

    private static HtmlSanitizer Make()
    {
        var s = new HtmlSanitizer();
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("mailto");
        s.AllowedTags.Remove("img"); // images come only from the lesson's own checked uploads
        s.AllowedTags.Remove("form");
        s.AllowedAttributes.Remove("style");
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a) a.SetAttribute("rel", "nofollow noopener");
        };
        return s;
    }

    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
}
