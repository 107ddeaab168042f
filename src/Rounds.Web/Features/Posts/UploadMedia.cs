using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// An image for a post, uploaded before the post is written: re-encoded so no metadata survives, stored unattached and
/// visible only to its owner until a post uses it. The preview is made by <see cref="MakePreviewJob"/>.
/// </summary>
public static class UploadMedia
{
    public const int MaxAltText = 1500;

    public static async Task<Outcome<MediaView>> RunAsync(Member owner, byte[] bytes, string? altText, RoundsDb db, IFileStore files, JobQueue jobs,
        IFaceDetector faces, PostOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (bytes.Length == 0) return Outcome.Invalid("file", "Choose an image file.");
        if (bytes.Length > options.MaxImageBytes) return TooLarge(options);
        var alt = string.IsNullOrWhiteSpace(altText) ? null : altText.Trim();
        if (alt?.Length > MaxAltText) return Outcome.Invalid("altText", $"Alt text is at most {MaxAltText} characters.");
        // DICOM carries patient identifiers in its header; say so rather than only "not an image".
        if (IsDicom(bytes))
            return Outcome.Invalid("file", "DICOM files cannot be posted: they carry patient data. Export a de-identified JPEG or PNG instead.");
        if (ImageSanitizer.Sniff(bytes) is null) return Outcome.Invalid("file", "This file is not a JPEG, PNG, GIF or WebP image.");
        var clean = ImageSanitizer.Clean(bytes, options.MaxImageSide);
        if (clean is null) return Outcome.Invalid("file", "This image could not be read; it may be damaged.");

        var found = FaceBoxes.Detect(faces, clean.Bytes);
        var key = await files.SaveAsync("posts", clean.Extension, clean.Bytes, ct);
        try
        {
            var media = new PostMedia
            {
                OwnerId = owner.Id, Key = key, ContentType = clean.ContentType, Width = clean.Width, Height = clean.Height,
                AltText = alt, CreatedAt = clock.GetUtcNow().UtcDateTime, FaceCount = found?.Count, FaceBoxes = FaceBoxes.Format(found),
            };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.PostMedia.Add(media);
            await db.SaveChangesAsync(ct);
            jobs.Enqueue(new MakePreviewJob(media.Id)); // needs the id, so a second save in the same transaction
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return PostViews.ToView(media);
        }
        catch
        {
            await files.DeleteAsync(key, CancellationToken.None); // no stored file without its row
            throw;
        }
    }

    public static async Task<Results<Created<MediaView>, ProblemHttpResult>> HandleAsync(IFormFile? file, [FromForm] string? altText, CurrentUser me,
        RoundsDb db, IFileStore files, JobQueue jobs, IFaceDetector faces, PostOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (file is null) return Problems.From<MediaView>(Outcome.Invalid("file", "Send the image as the form field 'file'."));
        if (file.Length > options.MaxImageBytes) return TooLarge(options).Problem();
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, ms.ToArray(), altText, db, files, jobs, faces, options, clock, ct);
        return outcome.IsOk ? TypedResults.Created(outcome.Value!.Url, outcome.Value) : outcome.Problem();
    }

    private static Outcome<MediaView> TooLarge(PostOptions options) =>
        Outcome.TooLarge("file", $"The image is larger than {options.MaxImageBytes / (1024 * 1024)} MB.");

    /// <summary>A DICOM Part 10 file: a 128-byte preamble, then "DICM".</summary>
    public static bool IsDicom(ReadOnlySpan<byte> b) => b.Length >= 132 && b[128..132].SequenceEqual("DICM"u8);
}

/// <summary>Changes an image's alt text: its owner only, before or after it is attached to their post.</summary>
public static class UpdateMedia
{
    public sealed record Request(string? AltText, bool OverridePrivacy = false);

    public static async Task<Outcome<MediaView>> RunAsync(Member owner, long id, Request r, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var alt = r.AltText?.Trim() ?? "";
        if (alt.Length == 0) return Outcome.Invalid("altText", "Describe the image for people who cannot see it (alt text is required).");
        if (alt.Length > UploadMedia.MaxAltText) return Outcome.Invalid("altText", $"Alt text is at most {UploadMedia.MaxAltText} characters.");

        // Someone else's image does not exist for this member, whoever may see it.
        var media = await db.PostMedia.FindAsync([id], ct);
        if (media is null || media.OwnerId != owner.Id) return Outcome.NotFound();
        // A published case passed the blocking guard as a whole; its images' descriptions are not changed around it.
        if (media.CaseId is not null) return Outcome.Conflict("This image belongs to a published case; its description cannot change.");
        if (media.QuizItemId is not null) return Outcome.Conflict("This image belongs to a quiz item; its description cannot change.");
        var guard = Privacy.PrivacyGuard.Scan("altText", r.AltText);
        if (Privacy.PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } identifying) return identifying;

        media.AltText = alt;
        Privacy.PrivacyGuard.Record(db, owner.Id, "post", media.PostId, guard, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return PostViews.ToView(media);
    }

    public static async Task<Results<Ok<MediaView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, TimeProvider clock,
        CancellationToken ct)
    {
        var outcome = await RunAsync((await me.MemberAsync(ct))!, id, request, db, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>
/// Covers parts of an image (faces) with opaque black boxes on the server. The stored file is replaced and the previous one
/// deleted, so the unmasked original is never kept; faces are looked for again in the result. Only the owner, only before
/// the image is published.
/// </summary>
public static class MaskMedia
{
    public const int MaxBoxes = 20;

    public sealed record Request(List<Box>? Boxes, bool DetectedFaces = false);

    public static async Task<Outcome<MediaView>> RunAsync(Member owner, long id, Request r, RoundsDb db, IFileStore files, JobQueue jobs, IFaceDetector faces,
        TimeProvider clock, CancellationToken ct)
    {
        var media = await db.PostMedia.FindAsync([id], ct);
        if (media is null || media.OwnerId != owner.Id) return Outcome.NotFound();
        if (media.PostId is not null || media.CaseId is not null || media.LessonId is not null || media.QuizItemId is not null) return Outcome.Conflict("This image is already published; mask it before publishing.");
        var boxes = new List<Box>(r.Boxes ?? []);
        // "Mask the faces found": each box grown by a fifth so hair line and chin are covered too.
        if (r.DetectedFaces) boxes.AddRange(FaceBoxes.Parse(media.FaceBoxes).Select(b => FaceBoxes.Grow(b, 0.2)));
        if (boxes.Count == 0) return Outcome.Invalid("boxes", "Draw at least one box to mask.");
        if (boxes.Count > MaxBoxes) return Outcome.Invalid("boxes", $"At most {MaxBoxes} boxes at a time.");
        if (boxes.Any(b => b.Width <= 0 || b.Height <= 0 || b.X >= media.Width || b.Y >= media.Height || b.X + b.Width <= 0 || b.Y + b.Height <= 0))
            return Outcome.Invalid("boxes", $"Each box needs a positive width and height and must overlap the {media.Width}×{media.Height} image.");

        var bytes = await files.ReadAsync(media.Key, ct);
        if (bytes is null) return Outcome.NotFound();
        var masked = ImageMasker.Mask(bytes, boxes);
        if (masked is null) return Outcome.Invalid("boxes", "The image could not be masked.");
        var found = FaceBoxes.Detect(faces, masked.Bytes);
        var key = await files.SaveAsync("posts", masked.Extension, masked.Bytes, ct);
        var oldKey = media.Key;
        var (faceCount, faceBoxes, now) = (found?.Count, FaceBoxes.Format(found), clock.GetUtcNow().UtcDateTime);
        // Replace the file only if nobody changed it meanwhile, and know exactly which preview is replaced: a preview job
        // may have stored one of the unmasked image since we read the row, and that file must be deleted too.
        string? oldPreview = null;
        var replaced = false;
        for (var attempt = 0; attempt < 3 && !replaced; attempt++)
        {
            var current = await db.PostMedia.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Key, m.ThumbnailKey }).SingleAsync(ct);
            if (current.Key != oldKey) break;
            oldPreview = current.ThumbnailKey;
            replaced = await db.PostMedia.Where(m => m.Id == id && m.Key == oldKey && m.ThumbnailKey == current.ThumbnailKey)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Key, key).SetProperty(m => m.ContentType, masked.ContentType)
                    .SetProperty(m => m.ThumbnailKey, (string?)null).SetProperty(m => m.MaskedAt, now)
                    .SetProperty(m => m.FaceCount, faceCount).SetProperty(m => m.FaceBoxes, faceBoxes), ct) == 1;
        }
        if (!replaced)
        {
            await files.DeleteAsync(key, CancellationToken.None);
            return Outcome.Conflict("The image changed while it was being masked (masked twice at once?); look at it again and retry.");
        }
        jobs.Enqueue(new MakePreviewJob(media.Id));
        await db.SaveChangesAsync(ct);
        await files.DeleteAsync(oldKey, CancellationToken.None);
        if (oldPreview is not null) await files.DeleteAsync(oldPreview, CancellationToken.None);
        await db.Entry(media).ReloadAsync(ct);
        return PostViews.ToView(media);
    }

    public static async Task<Results<Ok<MediaView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, IFileStore files,
        JobQueue jobs, IFaceDetector faces, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync((await me.MemberAsync(ct))!, id, request, db, files, jobs, faces, clock, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Face boxes as stored on an image ("x,y,w,h;…"), and the detector's answer where "could not check" is null.</summary>
public static class FaceBoxes
{
    public static IReadOnlyList<Box>? Detect(IFaceDetector faces, byte[] bytes)
    {
        try { return faces.Detect(bytes); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // cascades or the native library missing, bytes unreadable: unchecked, never "no face"
        }
    }

    public static string? Format(IReadOnlyList<Box>? boxes) =>
        boxes is null || boxes.Count == 0 ? null
            : string.Join(';', boxes.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.X},{b.Y},{b.Width},{b.Height}")));

    public static IReadOnlyList<Box> Parse(string? s) => string.IsNullOrEmpty(s) ? [] : s.Split(';').Select(part =>
    {
        var n = part.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new Box(n[0], n[1], n[2], n[3]);
    }).ToList();

    public static Box Grow(Box b, double by)
    {
        var dx = (int)Math.Ceiling(b.Width * by / 2);
        var dy = (int)Math.Ceiling(b.Height * by / 2);
        return new Box(b.X - dx, b.Y - dy, b.Width + 2 * dx, b.Height + 2 * dy);
    }
}
