using ImageMagick;

namespace Rounds.Web.Infrastructure.Images;

/// <summary>
/// Covers regions of a cleaned image (faces) with opaque black and re-encodes it the way
/// <see cref="ImageSanitizer"/> does, so the result carries no metadata and nothing of what was covered.
/// </summary>
public static class ImageMasker
{
    /// <returns>null when no box overlaps the image or the bytes are not a readable JPEG/PNG/GIF/WebP.</returns>
    public static CleanImage? Mask(byte[] cleanImageBytes, IReadOnlyList<Box> boxes)
    {
        ArgumentNullException.ThrowIfNull(cleanImageBytes);
        ArgumentNullException.ThrowIfNull(boxes);
        var kind = ImageSanitizer.Sniff(cleanImageBytes);
        if (kind is null) return null;
        var settings = ImageSanitizer.ReadSettings(kind.Value);
        try
        {
            using var image = new MagickImage(cleanImageBytes, settings);
            if (image.Width == 0 || image.Height == 0 || (long)image.Width * image.Height > 50_000_000) return null;
            // The detector saw the image upright (OpenCV applies EXIF orientation), so the boxes are in upright pixels.
            image.AutoOrient();

            var masked = 0;
            foreach (var box in boxes)
            {
                if (Clamp(box, (int)image.Width, (int)image.Height) is not { } r) continue;
                // Copy (not Over, not a drawn shape) replaces every pixel with opaque black: no antialiased edge, no alpha left.
                using var black = new MagickImage(MagickColors.Black, (uint)r.Width, (uint)r.Height);
                image.Composite(black, r.X, r.Y, CompositeOperator.Copy);
                masked++;
            }
            if (masked == 0) return null;

            // Encoded as ImageSanitizer.Clean does, so a masked file can replace the stored one in place. JPEG is kept
            // for opaque photos: the covered pixels are black before encoding, so only faint ringing from the unmasked
            // neighbours can reach the box's edge, never anything of the face; PNG would make every photo far larger.

            return ImageSanitizer.Encode(image, kind.Value);
        }
        catch (MagickException)
        {
            return null;
        }
    }

    /// <summary>The part of the box inside the image, or null for an empty, negative or wholly outside box.</summary>
    internal static Box? Clamp(Box box, int width, int height)
    {
        if (box.Width <= 0 || box.Height <= 0) return null;
        var x0 = Math.Max(0L, box.X);
        var y0 = Math.Max(0L, box.Y);
        var x1 = Math.Min(width, (long)box.X + box.Width);
        var y1 = Math.Min(height, (long)box.Y + box.Height);
        if (x1 <= x0 || y1 <= y0) return null;
        return new Box((int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0));
    }
}
