using ImageMagick;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Tests.Infrastructure;

public class FaceDetectorTests
{
    // The player's face in face.jpg (548×342) is centred near (240, 112) and about 40 px wide.
    private const int FaceX = 240, FaceY = 112;

    internal static readonly HaarFaceDetector Detector = new(new FaceOptions());

    internal static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(TestFiles.SharedTestData, "images", name));

    internal static bool CoversFace(Box b, double scale = 1.0) =>
        b.X <= FaceX * scale && FaceX * scale < b.X + b.Width && b.Y <= FaceY * scale && FaceY * scale < b.Y + b.Height
        && b.Width < 120 * scale;

    private static byte[] Variant(byte[] jpeg, Action<MagickImage> change)
    {
        using var image = new MagickImage(jpeg);
        change(image);
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    [Fact]
    public void Finds_the_face_in_the_face_photo()
    {
        var boxes = Detector.Detect(Photo("face.jpg"));

        Assert.Contains(boxes, b => CoversFace(b));
        Assert.All(boxes, b => Assert.True(b.X >= 0 && b.Y >= 0 && b.X + b.Width <= 548 && b.Y + b.Height <= 342, $"{b} lies outside the image"));
    }

    [Fact]
    public void Finds_nothing_in_the_no_face_photo()
    {
        Assert.Empty(Detector.Detect(Photo("no-face.jpg")));
    }

    [Fact]
    public void Finds_the_face_when_the_photo_is_smaller()
    {
        var smaller = Variant(Photo("face.jpg"), i => i.Resize(new Percentage(60)));

        Assert.Contains(Detector.Detect(smaller), b => CoversFace(b, 0.6));
    }

    [Fact]
    public void Finds_the_face_when_the_photo_is_slightly_rotated()
    {
        // Rotating about the centre with the canvas kept keeps the face within a few pixels of where it was.
        var rotated = Variant(Photo("face.jpg"), i => i.Distort(DistortMethod.ScaleRotateTranslate, 8));

        Assert.Contains(Detector.Detect(rotated), b => CoversFace(b));
    }

    [Fact]
    public void Boxes_from_a_large_photo_are_in_its_own_pixels()
    {
        // 2048 px wide is scaled down for detection; the boxes must come back in the original's pixels.
        var large = Variant(Photo("face.jpg"), i => i.Resize(2048, 0));
        const double scale = 2048.0 / 548;

        var boxes = Detector.Detect(large);

        Assert.Contains(boxes, b => CoversFace(b, scale));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("noise")]
    public void Finds_nothing_in_a_picture_without_faces(string kind)
    {
        using var image = new MagickImage(new MagickColor("#c8b4a0"), 800, 600);
        if (kind == "noise") image.AddNoise(NoiseType.Gaussian, 3);
        image.Format = MagickFormat.Jpeg;

        Assert.Empty(Detector.Detect(image.ToByteArray()));
    }

    [Fact]
    public void Threads_can_share_one_detector()
    {
        var photo = Photo("face.jpg");
        var expected = Detector.Detect(photo);

        var results = new IReadOnlyList<Box>[4];
        Parallel.For(0, results.Length, i => results[i] = Detector.Detect(photo));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void A_missing_cascade_fails_closed_with_a_clear_message()
    {
        var detector = new HaarFaceDetector(new FaceOptions { Cascade = "/nonexistent/haarcascade_frontalface_default.xml" });

        var error = Assert.Throws<InvalidOperationException>(() => detector.Detect(Photo("face.jpg")));
        Assert.Contains("opencv-data", error.Message);
        Assert.Contains("/nonexistent/haarcascade_frontalface_default.xml", error.Message);
    }

    [Fact]
    public void A_missing_optional_cascade_also_fails_closed()
    {
        var detector = new HaarFaceDetector(new FaceOptions { ProfileCascade = "/nonexistent/haarcascade_profileface.xml" });

        var error = Assert.Throws<InvalidOperationException>(() => detector.Detect(Photo("face.jpg")));
        Assert.Contains("opencv-data", error.Message);
    }

    [Fact]
    public void Unreadable_bytes_are_an_error_not_a_face_free_image()
    {
        Assert.Throws<InvalidOperationException>(() => Detector.Detect("not an image"u8.ToArray()));
        Assert.Throws<InvalidOperationException>(() => Detector.Detect([]));
    }
}
