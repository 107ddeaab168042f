namespace Rounds.Web.Features.Posts;

public sealed class PostOptions
{
    public long MaxImageBytes { get; set; } = 8 * 1024 * 1024;
    /// <summary>Longest side of a stored image; larger uploads are scaled down.</summary>
    public uint MaxImageSide { get; set; } = 2048;
    public uint PreviewSide { get; set; } = 480;
}
