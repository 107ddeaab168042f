namespace Rounds.Web.Infrastructure.Files;

/// <summary>
/// Where uploaded bytes live. Keys are opaque; nothing in the store is served directly —
/// every read goes through an endpoint that applies the content's audience.
/// </summary>
public interface IFileStore
{
    Task<string> SaveAsync(string area, string extension, ReadOnlyMemory<byte> bytes, CancellationToken ct = default);
    Task<byte[]?> ReadAsync(string key, CancellationToken ct = default);
    Task DeleteAsync(string key, CancellationToken ct = default);
}

public sealed class DiskFileStore(string root) : IFileStore
{
    public string Root { get; } = root;

    public async Task<string> SaveAsync(string area, string extension, ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        var key = $"{area}/{Guid.NewGuid():N}.{extension}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, ct);
        return key;
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(Root, key));
        if (!full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Invalid file key.", nameof(key));
        return full;
    }
}
