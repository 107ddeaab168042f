namespace Rounds.Web.Features.Posts;

public sealed class PostOptions
{
    public long MaxImageBytes { get; set; } = 8 * 1024 * 1024;
    /// <summary>Longest side of a stored image; larger uploads are scaled down.</summary>
    public uint MaxImageSide { get; set; } = 2048;
    public uint PreviewSide { get; set; } = 480;
    /// <summary>Post cards kept in memory per node (<see cref="PostCards"/>); 0 turns the cache off.</summary>
    public int CardCacheSize { get; set; } = 50_000;
}
