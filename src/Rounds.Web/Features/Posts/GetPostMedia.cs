using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// Post images are served only through the audience of the post they belong to; an image not yet attached is its
/// owner's alone. Whatever the viewer may not see is a 404, so its existence does not leak.
/// </summary>
public static class GetPostMedia
{
    public sealed record MediaFile(byte[] Bytes, string ContentType);

    public static async Task<MediaFile?> LoadAsync(Viewer viewer, long id, bool preview, RoundsDb db, Audiences audiences, IFileStore files, TimeProvider clock,
        CancellationToken ct)
    {
        var media = await db.PostMedia.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (media is null) return null;
        if (media.CaseId is { } caseId)
        {
            if (await Cases.GetCase.LoadVisibleAsync(db, audiences, viewer, caseId, ct) is null) return null;
        }
        else if (media.LessonId is { } lessonId)
        {
            // A slide's image is seen exactly as its lesson is: a draft's by its author only.
            if (await Lessons.GetLesson.LoadVisibleAsync(db, audiences, viewer, lessonId, ct, steps: false) is null) return null;
        }
        else if (media.QuizItemId is { } itemId)
        {
            // The series' audience, and only once the item is released (before that, its editors alone).
            if (await Quizzes.QuizAccess.LoadItemAsync(db, audiences, viewer, itemId, clock.GetUtcNow().UtcDateTime, ct) is null) return null;
        }
        else if (media.PostId is not { } postId)
        {
            if (viewer.Id != media.OwnerId) return null;
        }
        else
        {
            var post = await db.Posts.AsNoTracking().Include(p => p.Mentions).SingleOrDefaultAsync(p => p.Id == postId, ct);
            if (post is null || post.IsDeleted || !await audiences.CanSeeAsync(viewer, post.Target, ct)) return null;
            if (post.ContextKind == "event" && (await PostViews.HiddenEventPostsAsync(db, audiences, viewer, [post], ct)).Count > 0) return null;
        }

        // Until the preview job has run, the full image stands in for the preview.
        var key = preview && media.ThumbnailKey is { } thumb ? thumb : media.Key;
        var bytes = await files.ReadAsync(key, ct);
        if (bytes is null && key != media.Key) (key, bytes) = (media.Key, await files.ReadAsync(media.Key, ct));
        return bytes is null ? null : new MediaFile(bytes, ContentTypeOf(key));
    }

    private static string ContentTypeOf(string key) => key.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";

    private static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> ServeAsync(long id, bool preview, CurrentUser me, RoundsDb db,
        Audiences audiences, IFileStore files, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var file = await LoadAsync(await me.ViewerAsync(ct), id, preview, db, audiences, files, clock, ct);
        if (file is null) return TypedResults.NotFound(Problems.NotFound());
        // Never in a shared cache: who may see it depends on who asks.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(file.Bytes, file.ContentType);
    }

    public static Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db,
        Audiences audiences, IFileStore files, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ServeAsync(id, preview: false, me, db, audiences, files, clock, http, ct);

    public static Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> PreviewAsync(long id, CurrentUser me, RoundsDb db,
        Audiences audiences, IFileStore files, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ServeAsync(id, preview: true, me, db, audiences, files, clock, http, ct);
}
