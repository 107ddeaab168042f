using Microsoft.AspNetCore.Http.HttpResults;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Web.Features.Profiles;

public sealed class ProfileOptions
{
    public long MaxAvatarBytes { get; set; } = 2 * 1024 * 1024;
    public uint AvatarSide { get; set; } = 400;
}

public static class UploadAvatar
{
    public sealed record Response(string AvatarUrl, int Width, int Height);

    public static async Task<Outcome<Response>> RunAsync(Member member, byte[] bytes, RoundsDb db, IFileStore files, ProfileOptions options, CancellationToken ct)
    {
        if (bytes.Length == 0) return Outcome.Invalid("avatar", "Choose an image file.");
        if (bytes.Length > options.MaxAvatarBytes)
            return Outcome.TooLarge("avatar", $"The image is larger than {options.MaxAvatarBytes / (1024 * 1024)} MB.");
        var clean = ImageSanitizer.Clean(bytes, options.AvatarSide, square: true);
        if (clean is null) return Outcome.Invalid("avatar", "This file is not a JPEG, PNG, GIF or WebP image.");

        var old = member.AvatarKey;
        member.AvatarKey = await files.SaveAsync("avatars", clean.Extension, clean.Bytes, ct);
        await db.SaveChangesAsync(ct);
        if (old is not null) await files.DeleteAsync(old, ct);
        return new Response(MemberSummary.AvatarUrlOf(member)!, clean.Width, clean.Height);
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(IFormFile? avatar, CurrentUser me, RoundsDb db,
        IFileStore files, ProfileOptions options, CancellationToken ct)
    {
        if (avatar is null) return Problems.From<Response>(Outcome.Invalid("avatar", "Send the image as the form field 'avatar'."));
        if (avatar.Length > options.MaxAvatarBytes)
            return Problems.From<Response>(Outcome.TooLarge("avatar", $"The image is larger than {options.MaxAvatarBytes / (1024 * 1024)} MB."));
        using var ms = new MemoryStream();
        await avatar.CopyToAsync(ms, ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, ms.ToArray(), db, files, options, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Avatars are served through the profile's audience, never from a public folder.</summary>
public static class GetAvatar
{
    public static async Task<Results<FileContentHttpResult, NotFound>> HandleAsync(string handle, CurrentUser me, RoundsDb db, Audiences audiences,
        IFileStore files, HttpContext http, CancellationToken ct)
    {
        var member = await GetProfile.LoadVisibleAsync(handle, me, db, audiences, ct);
        if (member?.AvatarKey is null) return TypedResults.NotFound();
        var bytes = await files.ReadAsync(member.AvatarKey, ct);
        if (bytes is null) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = member.ProfileAudience == Audience.Public ? "public, max-age=3600" : "private, max-age=3600";
        return TypedResults.File(bytes, member.AvatarKey.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
    }
}
