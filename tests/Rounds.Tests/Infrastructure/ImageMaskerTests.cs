using ImageMagick;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Tests.Infrastructure;

public class ImageMaskerTests
{
    private static byte[] Plain(string colour, uint width, uint height, MagickFormat format)
    {
        using var image = new MagickImage(new MagickColor(colour), width, height) { Format = format };
        return image.ToByteArray();
    }

    private static Box Grow(Box b, double by)
    {
        var dx = (int)Math.Ceiling(b.Width * by);
        var dy = (int)Math.Ceiling(b.Height * by);
        return new Box(b.X - dx, b.Y - dy, b.Width + 2 * dx, b.Height + 2 * dy);
    }

    /// <summary>The largest channel value (0–255) inside the box shrunk by inset pixels on each side.</summary>
    private static int Brightest(MagickImage image, Box box, int inset)
    {
        var r = ImageMasker.Clamp(box, (int)image.Width, (int)image.Height)!.Value;
        using var pixels = image.GetPixels();
        var max = 0;
        for (var y = r.Y + inset; y < r.Y + r.Height - inset; y++)
            for (var x = r.X + inset; x < r.X + r.Width - inset; x++)
            {
                var c = pixels.GetPixel(x, y).ToColor()!;
                max = Math.Max(max, Math.Max(c.R, Math.Max(c.G, c.B)));
            }
        return max;
    }

    [Fact]
    public void A_masked_face_photo_shows_no_face_and_black_where_the_faces_were()
    {
        var photo = FaceDetectorTests.Photo("face.jpg");
        var boxes = FaceDetectorTests.Detector.Detect(photo).Select(b => Grow(b, 0.15)).ToList();
        Assert.NotEmpty(boxes);

        var masked = ImageMasker.Mask(photo, boxes);

        Assert.NotNull(masked);
        Assert.Equal(("image/jpeg", "jpg", 548, 342), (masked.ContentType, masked.Extension, masked.Width, masked.Height));
        Assert.Empty(FaceDetectorTests.Detector.Detect(masked.Bytes));
        using var image = new MagickImage(masked.Bytes);
        // The output stays JPEG, like every cleaned photo (see ImageMasker). JPEG's 8×8 blocks and halved colour
        // resolution let the bright pixels next to a box ring a few levels into it (up to 12/255 seen here, 8 px
        // deep), so the test allows near-black inside; the next test proves none of that comes from the face.
        foreach (var box in boxes) Assert.True(Brightest(image, box, 4) <= 16, $"{box} is not black inside");
    }

    [Fact]
    public void Nothing_of_what_was_covered_survives_in_the_masked_image()
    {
        // Two lossless copies of the photo that differ only under the box: if any trace of the covered pixels
        // reached the output (through ringing, an alpha channel, a thumbnail…), the outputs would differ.
        var face = new Box(200, 70, 90, 90);
        byte[] original, scrambled;
        using (var image = new MagickImage(FaceDetectorTests.Photo("face.jpg")))
        {
            original = image.ToByteArray(MagickFormat.Png);
            using var noise = new MagickImage(new MagickColor("gray"), (uint)face.Width, (uint)face.Height);
            noise.AddNoise(NoiseType.Random, 1);
            image.Composite(noise, face.X, face.Y, CompositeOperator.Copy);
            scrambled = image.ToByteArray(MagickFormat.Png);
        }
        Assert.NotEqual(original, scrambled);

        var a = ImageMasker.Mask(original, [face]);
        var b = ImageMasker.Mask(scrambled, [face]);

        Assert.Equal(a!.Bytes, b!.Bytes);
    }

    [Fact]
    public void A_masked_image_carries_no_metadata()
    {
        byte[] tagged;
        using (var image = new MagickImage(FaceDetectorTests.Photo("face.jpg")))
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Make, "Hospital camera");
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            image.SetProfile(exif);
            image.SetProfile(new XmpProfile("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>"u8.ToArray()));
            var iptc = new IptcProfile();
            iptc.SetValue(IptcTag.Caption, "Patient J. Doe");
            image.SetProfile(iptc);
            image.Comment = "MRN 123456";
            tagged = image.ToByteArray(MagickFormat.Jpeg);
        }
        using (var check = new MagickImage(tagged)) Assert.NotNull(check.GetExifProfile()); // the input really had it

        var masked = ImageMasker.Mask(tagged, [new Box(200, 80, 80, 80)]);

        using var result = new MagickImage(masked!.Bytes);
        Assert.Null(result.GetExifProfile());
        Assert.Null(result.GetXmpProfile());
        Assert.Null(result.GetIptcProfile());
        Assert.Null(result.GetColorProfile());
        Assert.True(string.IsNullOrEmpty(result.Comment));
        Assert.Empty(result.ProfileNames);
    }

    [Fact]
    public void Invalid_boxes_are_ignored_and_without_a_valid_one_nothing_is_masked()
    {
        var white = Plain("white", 200, 100, MagickFormat.Jpeg);
        Box[] invalid = [new(10, 10, 0, 20), new(10, 10, 20, 0), new(10, 10, -5, 20), new(-50, -50, 40, 40), new(200, 0, 10, 10), new(0, 100, 10, 10), new(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue)];

        Assert.Null(ImageMasker.Mask(white, invalid));
        Assert.Null(ImageMasker.Mask(white, []));
    }

    [Fact]
    public void Boxes_are_clamped_to_the_image_and_only_valid_ones_are_drawn()
    {
        // Translucent, so the output stays lossless PNG and every pixel can be checked exactly.
        var white = Plain("#ffffffc0", 200, 100, MagickFormat.Png);

        var masked = ImageMasker.Mask(white, [new Box(-30, -30, 60, 50), new Box(10, 10, -5, 20), new Box(180, 90, 500, 500)]);

        Assert.NotNull(masked);
        using var image = new MagickImage(masked.Bytes);
        using var pixels = image.GetPixels();
        byte Red(int x, int y) => pixels.GetPixel(x, y).ToColor()!.R;
        Assert.Equal(0, Red(0, 0));
        Assert.Equal(0, Red(29, 19));
        Assert.Equal(255, Red(30, 19));   // just past the clamped first box
        Assert.Equal(255, Red(29, 20));
        Assert.Equal(0, Red(199, 99));    // the overflowing box reaches the corner
        Assert.Equal(255, Red(179, 99));
        Assert.Equal(255, Red(100, 50));  // the negative box drew nothing
        Assert.Equal(255, Red(7, 25));
    }

    [Fact]
    public void A_transparent_png_stays_png_and_its_mask_is_opaque_black()
    {
        var clear = Plain("transparent", 100, 100, MagickFormat.Png);

        var masked = ImageMasker.Mask(clear, [new Box(20, 20, 30, 30)]);

        Assert.NotNull(masked);
        Assert.Equal(("image/png", "png"), (masked.ContentType, masked.Extension));
        using var image = new MagickImage(masked.Bytes);
        using var pixels = image.GetPixels();
        var inside = pixels.GetPixel(35, 35).ToColor()!;
        Assert.Equal((0, 0, 0, 255), (inside.R, inside.G, inside.B, inside.A));
        Assert.Equal(0, pixels.GetPixel(5, 5).ToColor()!.A);
    }

    [Fact]
    public void Unreadable_bytes_give_null()
    {
        Assert.Null(ImageMasker.Mask("not an image"u8.ToArray(), [new Box(0, 0, 10, 10)]));
    }
}
