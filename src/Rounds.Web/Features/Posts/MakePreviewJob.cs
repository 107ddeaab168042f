using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

/// <summary>Writes the smaller image that cards show. Safe to run twice: a second run finds the preview made.</summary>
public sealed record MakePreviewJob(long MediaId) : IJob
{
    public sealed class Handler(RoundsDb db, IFileStore files, PostOptions options) : IJobHandler<MakePreviewJob>
    {
        public async Task RunAsync(MakePreviewJob job, CancellationToken ct)
        {
            var media = await db.PostMedia.AsNoTracking().SingleOrDefaultAsync(m => m.Id == job.MediaId, ct);
            if (media is null || media.ThumbnailKey is not null) return;
            var bytes = await files.ReadAsync(media.Key, ct);
            if (bytes is null) return;
            var preview = ImageSanitizer.Clean(bytes, options.PreviewSide)
                ?? throw new InvalidOperationException($"Stored image {media.Key} could not be read.");

            var key = await files.SaveAsync("posts", preview.Extension, preview.Bytes, ct);
            // Set only if still missing and made from the current image: the media may have been deleted, masked (a new
            // image, so this preview would show what the mask hides), or another run won, meanwhile.
            var set = await db.PostMedia.Where(m => m.Id == media.Id && m.ThumbnailKey == null && m.Key == media.Key)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ThumbnailKey, key), ct);
            if (set == 0) await files.DeleteAsync(key, ct);
        }
    }
}
