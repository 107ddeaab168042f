using ImageMagick;

namespace Rounds.Web.Infrastructure.Images;

public sealed record CleanImage(byte[] Bytes, string ContentType, string Extension, int Width, int Height);

/// <summary>
/// Turns untrusted upload bytes into a freshly encoded image with no metadata at all
/// (EXIF incl. GPS and serials, XMP, IPTC, comments, embedded thumbnails).
/// </summary>
public static class ImageSanitizer
{
    public enum Kind { Jpeg, Png, Gif, Webp }

    /// <summary>Recognises the accepted formats by their magic bytes, never by file name.</summary>
    public static Kind? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Kind.Jpeg;
        if (b.Length >= 8 && b[..8].SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Kind.Png;
        if (b.Length >= 6 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8))) return Kind.Gif;
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return Kind.Webp;
        return null;
    }

    /// <summary>Re-encodes to JPEG (or PNG when the image has transparency), fitting within maxSide pixels.</summary>
    /// <returns>null when the bytes are not a readable image of an accepted format.</returns>
    public static CleanImage? Clean(ReadOnlySpan<byte> bytes, uint maxSide, bool square = false)
    {
        var kind = Sniff(bytes);
        if (kind is null) return null;
        var settings = ReadSettings(kind.Value);
        try
        {
            using var image = new MagickImage(bytes.ToArray(), settings);
            if (image.Width == 0 || image.Height == 0 || (long)image.Width * image.Height > 50_000_000) return null;
            image.AutoOrient();
            if (square)
            {
                var side = Math.Min(image.Width, image.Height);
                image.Crop(new MagickGeometry(side, side) { }, Gravity.Center);
                image.ResetPage();
            }
            if (image.Width > maxSide || image.Height > maxSide)
                image.Resize(new MagickGeometry(maxSide, maxSide));
            return Encode(image, kind.Value);
        }
        catch (MagickException)
        {
            return null;
        }
    }

    /// <summary>Reads only the sniffed format, and only its first frame.</summary>
    internal static MagickReadSettings ReadSettings(Kind kind) => new()
    {
        Format = kind switch { Kind.Jpeg => MagickFormat.Jpeg, Kind.Png => MagickFormat.Png, Kind.Gif => MagickFormat.Gif, _ => MagickFormat.WebP },
        FrameIndex = 0, FrameCount = 1,
    };

    /// <summary>The one way a stored image is written: no metadata; PNG when it has transparency, otherwise JPEG at quality 85.</summary>
    internal static CleanImage Encode(MagickImage image, Kind source)
    {
        image.Strip(); // drops EXIF, XMP, IPTC, ICC and comments
        image.Settings.SetDefine(MagickFormat.Jpeg, "preserve-settings", "false");
        if (image.HasAlpha && source is Kind.Png or Kind.Gif or Kind.Webp)
        {
            image.Format = MagickFormat.Png;
            return new CleanImage(image.ToByteArray(), "image/png", "png", (int)image.Width, (int)image.Height);
        }
        image.Alpha(AlphaAction.Remove);
        image.Format = MagickFormat.Jpeg;
        image.Quality = 85;
        return new CleanImage(image.ToByteArray(), "image/jpeg", "jpg", (int)image.Width, (int)image.Height);
    }
}
