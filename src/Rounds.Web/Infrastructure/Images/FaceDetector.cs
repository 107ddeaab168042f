using OpenCvSharp;

namespace Rounds.Web.Infrastructure.Images;

/// <summary>A rectangle in pixels of the image it was found in.</summary>
public readonly record struct Box(int X, int Y, int Width, int Height);

public interface IFaceDetector
{
    /// <summary>Finds faces in JPEG/PNG bytes as stored (already cleaned).</summary>
    /// <exception cref="InvalidOperationException">The faces could not be looked for (cascades missing,
    /// bytes unreadable): the caller must treat the image as unverified, never as face-free.</exception>
    IReadOnlyList<Box> Detect(byte[] imageBytes);
}

public sealed class FaceOptions
{
    private const string Cascades = "/usr/share/opencv4/haarcascades/";

    /// <summary>The main frontal-face cascade; required.</summary>
    public string Cascade { get; set; } = Cascades + "haarcascade_frontalface_default.xml";

    /// <summary>A second frontal cascade whose hits are added (it finds tilted faces the default misses); empty to skip.</summary>
    public string AltCascade { get; set; } = Cascades + "haarcascade_frontalface_alt2.xml";

    /// <summary>A profile cascade, run on the image and on its mirror (it only knows one side); empty to skip.</summary>
    public string ProfileCascade { get; set; } = Cascades + "haarcascade_profileface.xml";

    /// <summary>Larger images are scaled down to this side before detection, for speed.</summary>
    public int MaxSide { get; set; } = 1024;

    public double ScaleFactor { get; set; } = 1.1;

    /// <summary>Overlapping hits a candidate needs; lower finds more faces and more false ones.</summary>
    /// <remarks>5: every fixture face (also smaller, rotated, re-encoded) is found; 4 found a face in the re-encoded no-face photo.</remarks>
    public int MinNeighbors { get; set; } = 5;

    /// <summary>Smallest face looked for, in pixels of the (scaled-down) working image.</summary>
    public int MinFaceSize { get; set; } = 20;
}

/// <summary>
/// Finds faces with OpenCV's Haar cascades (Debian's opencv-data). Recall matters more than precision:
/// a missed patient face is worse than an extra box, so the hits of every configured cascade are merged.
/// </summary>
public sealed class HaarFaceDetector(FaceOptions options) : IFaceDetector
{
    private readonly Lock _gate = new();
    private CascadeClassifier[]? _frontal;
    private CascadeClassifier? _profile;

    public IReadOnlyList<Box> Detect(byte[] imageBytes)
    {
        ArgumentNullException.ThrowIfNull(imageBytes);
        if (imageBytes.Length == 0) throw new InvalidOperationException("The image is empty, so it cannot be checked for faces.");

        // Grayscale decoding applies any EXIF orientation, as the sanitizer's AutoOrient does.
        using var grey = Cv2.ImDecode(imageBytes, ImreadModes.Grayscale);
        if (grey.Empty()) throw new InvalidOperationException("The image could not be decoded, so it cannot be checked for faces.");

        var longest = Math.Max(grey.Width, grey.Height);
        var scale = longest > options.MaxSide ? (double)options.MaxSide / longest : 1.0;
        using var work = new Mat();
        if (scale < 1.0) Cv2.Resize(grey, work, new Size(), scale, scale, InterpolationFlags.Area);
        else grey.CopyTo(work);
        Cv2.EqualizeHist(work, work);

        var hits = new List<Rect>();
        var minSize = new Size(options.MinFaceSize, options.MinFaceSize);
        // CascadeClassifier is not thread-safe; OpenCV already spreads each detection over the cores, so one lock costs little.
        lock (_gate)
        {
            EnsureLoaded();
            foreach (var cascade in _frontal!)
                hits.AddRange(cascade.DetectMultiScale(work, options.ScaleFactor, options.MinNeighbors, HaarDetectionTypes.ScaleImage, minSize));
            if (_profile is not null)
            {
                hits.AddRange(_profile.DetectMultiScale(work, options.ScaleFactor, options.MinNeighbors, HaarDetectionTypes.ScaleImage, minSize));
                using var mirrored = work.Flip(FlipMode.Y);
                foreach (var r in _profile.DetectMultiScale(mirrored, options.ScaleFactor, options.MinNeighbors, HaarDetectionTypes.ScaleImage, minSize))
                    hits.Add(r with { X = work.Width - r.X - r.Width });
            }
        }

        return Merge(hits.Select(r => ToOriginal(r, scale, grey.Width, grey.Height)).Distinct().ToList());
    }

    /// <summary>
    /// The cascades report one face several times (each cascade, neighbouring scales); boxes that mostly overlap become their
    /// union, so the author is told about faces, not detections, and masking one box covers every hit.
    /// </summary>
    internal static List<Box> Merge(List<Box> boxes)
    {
        var merged = new List<Box>(boxes);
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < merged.Count && !changed; i++)
                for (var j = i + 1; j < merged.Count && !changed; j++)
                {
                    var (a, b) = (merged[i], merged[j]);
                    var w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
                    var h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
                    if (w <= 0 || h <= 0 || (long)w * h * 2 < Math.Min((long)a.Width * a.Height, (long)b.Width * b.Height)) continue;
                    var x = Math.Min(a.X, b.X);
                    var y = Math.Min(a.Y, b.Y);
                    merged[i] = new Box(x, y, Math.Max(a.X + a.Width, b.X + b.Width) - x, Math.Max(a.Y + a.Height, b.Y + b.Height) - y);
                    merged.RemoveAt(j);
                    changed = true;
                }
        }
        return merged;
    }

    // Rounds outwards so a mapped box never shrinks below the face it covered in the working image.
    private static Box ToOriginal(Rect r, double scale, int width, int height)
    {
        var x0 = Math.Clamp((int)Math.Floor(r.X / scale), 0, width);
        var y0 = Math.Clamp((int)Math.Floor(r.Y / scale), 0, height);
        var x1 = Math.Clamp((int)Math.Ceiling((r.X + r.Width) / scale), 0, width);
        var y1 = Math.Clamp((int)Math.Ceiling((r.Y + r.Height) / scale), 0, height);
        return new Box(x0, y0, x1 - x0, y1 - y0);
    }

    // Loaded at first use and retried on every call until it works, so installing opencv-data needs no restart.
    private void EnsureLoaded()
    {
        if (_frontal is not null) return;
        var loaded = new List<CascadeClassifier>();
        try
        {
            loaded.Add(Load(options.Cascade));
            if (!string.IsNullOrWhiteSpace(options.AltCascade)) loaded.Add(Load(options.AltCascade));
            var profile = string.IsNullOrWhiteSpace(options.ProfileCascade) ? null : Load(options.ProfileCascade);
            _profile = profile;
            _frontal = [.. loaded];
        }
        catch
        {
            loaded.ForEach(c => c.Dispose());
            throw;
        }
    }

    private static CascadeClassifier Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"The face detection cascade {path} is missing, so images cannot be checked for faces. " +
                "Install Debian's opencv-data package (apt-get install opencv-data) or set Rounds:Images:Faces to its location.");
        var cascade = new CascadeClassifier();
        if (!cascade.Load(path) || cascade.Empty())
        {
            cascade.Dispose();
            throw new InvalidOperationException(
                $"The face detection cascade {path} could not be read, so images cannot be checked for faces. " +
                "Reinstall Debian's opencv-data package (apt-get install --reinstall opencv-data).");
        }
        return cascade;
    }
}

public static class FaceDetectionSetup
{
    public static IServiceCollection AddFaceDetection(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Rounds:Images:Faces").Get<FaceOptions>() ?? new();
        services.AddSingleton(options);
        services.AddSingleton<IFaceDetector>(new HaarFaceDetector(options));
        return services;
    }
}
