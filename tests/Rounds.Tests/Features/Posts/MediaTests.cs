using System.Net;
using System.Net.Http.Json;
using System.Text;
using ImageMagick;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Posts;

public class MediaTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private const string Serial = "SN-POST-445566";

    private Task<HttpResponseMessage> UploadAsync(TestMember member, byte[] bytes, string? altText = "Rash on the forearm", string fileName = "photo.jpg")
    {
        var form = new MultipartFormDataContent { { Api.File(bytes, "image/jpeg"), "file", fileName } };
        if (altText is not null) form.Add(new StringContent(altText), "altText");
        return app.As(member).PostAsync("/api/v1/media", form);
    }

    /// <summary>A phone photo as it leaves the camera: GPS position, camera serial and a comment.</summary>
    private static byte[] PhotoWithLocation(uint width = 800, uint height = 600)
    {
        using var image = new MagickImage(new MagickColor("#c47a5a"), width, height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "PhoneCo");
        exif.SetValue(ExifTag.SerialNumber, Serial);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(40, 1), new Rational(44, 1), new Rational(5512, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(73, 1), new Rational(59, 1), new Rational(1100, 100)]);
        image.SetProfile(exif);
        image.Comment = $"Camera {Serial}";
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    private static (uint Width, uint Height) SizeOf(byte[] bytes)
    {
        using var image = new MagickImage(bytes);
        return (image.Width, image.Height);
    }

    private Task<int> MediaRowsAsync(TestMember owner) => app.WithDbAsync(db => db.PostMedia.CountAsync(m => m.OwnerId == owner.Id));

    [Fact]
    public async Task An_uploaded_photo_comes_back_without_location_serial_or_comment()
    {
        var author = await app.Given.VerifiedClinician();
        var photo = PhotoWithLocation();
        using (var original = new MagickImage(photo)) Assert.NotNull(original.GetExifProfile()?.GetValue(ExifTag.GPSLatitude));

        var media = await (await UploadAsync(author, photo)).ReadAsync<MediaView>(HttpStatusCode.Created);
        await app.SettleAsync();

        foreach (var url in new[] { media.Url, media.PreviewUrl })
        {
            var served = await app.As(author).GetAsync(url);
            await served.AssertStatusAsync(HttpStatusCode.OK);
            var bytes = await served.Content.ReadAsByteArrayAsync();
            using var image = new MagickImage(bytes);
            Assert.Null(image.GetExifProfile());
            Assert.Null(image.GetXmpProfile());
            Assert.True(string.IsNullOrEmpty(image.Comment));
            Assert.DoesNotContain(Serial, Encoding.Latin1.GetString(bytes));
        }
    }

    [Fact]
    public async Task A_large_photo_is_scaled_down_and_the_job_makes_a_small_preview()
    {
        var author = await app.Given.Member();
        var media = await (await UploadAsync(author, PhotoWithLocation(3000, 1500))).ReadAsync<MediaView>(HttpStatusCode.Created);
        Assert.Equal((2048, 1024), (media.Width, media.Height));

        await app.SettleAsync();

        var full = await app.As(author).GetAsync(media.Url);
        Assert.Equal((2048u, 1024u), SizeOf(await full.Content.ReadAsByteArrayAsync()));
        var preview = await app.As(author).GetAsync(media.PreviewUrl);
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
        Assert.Equal((480u, 240u), SizeOf(await preview.Content.ReadAsByteArrayAsync()));
        Assert.NotNull(await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == media.Id).Select(m => m.ThumbnailKey).SingleAsync()));
    }

    [Fact]
    public async Task Until_the_preview_exists_the_full_image_stands_in_for_it()
    {
        var author = await app.Given.Member();
        var media = await (await UploadAsync(author, PhotoWithLocation(1000, 500))).ReadAsync<MediaView>(HttpStatusCode.Created);
        await app.SettleAsync();
        // As before the job ran: no preview recorded.
        await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == media.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ThumbnailKey, (string?)null)));

        var preview = await app.As(author).GetAsync(media.PreviewUrl);

        await preview.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal((1000u, 500u), SizeOf(await preview.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_text_file_named_like_a_photo_is_refused_and_nothing_is_stored()
    {
        var author = await app.Given.Member();

        var response = await UploadAsync(author, Encoding.UTF8.GetBytes("not a picture, only words"));

        await response.AssertInvalidAsync("file");
        Assert.Contains("JPEG, PNG, GIF or WebP", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await MediaRowsAsync(author));
    }

    [Fact]
    public async Task A_DICOM_file_is_refused_with_a_reason()
    {
        var author = await app.Given.VerifiedClinician();
        var dicom = new byte[512];
        "DICM"u8.CopyTo(dicom.AsSpan(128));

        var response = await UploadAsync(author, dicom, fileName: "scan.dcm");

        await response.AssertInvalidAsync("file");
        Assert.Contains("DICOM", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await MediaRowsAsync(author));
    }

    [Fact]
    public async Task An_image_over_8_MB_is_refused_as_too_large()
    {
        var author = await app.Given.Member();
        var big = new byte[8 * 1024 * 1024 + 1];
        PhotoWithLocation().CopyTo(big, 0);

        var response = await UploadAsync(author, big);

        await response.AssertStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await MediaRowsAsync(author));
    }

    [Fact]
    public async Task An_upload_without_a_file_is_refused()
    {
        var author = await app.Given.Member();
        var form = new MultipartFormDataContent { { new StringContent("alt only"), "altText" } };

        var response = await app.As(author).PostAsync("/api/v1/media", form);

        await response.AssertInvalidAsync("file");
    }

    [Fact]
    public async Task An_unattached_image_is_seen_only_by_its_owner()
    {
        var owner = await app.Given.VerifiedClinician();
        var media = await app.Given.Image(owner);

        Assert.Equal(HttpStatusCode.OK, (await app.As(owner).GetAsync(media.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.VerifiedClinician()).GetAsync(media.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(media.PreviewUrl)).StatusCode);
    }

    [Fact]
    public async Task A_clinicians_only_image_is_not_found_for_a_patient_or_a_visitor_and_never_publicly_cached()
    {
        var author = await app.Given.VerifiedClinician();
        var media = await app.Given.Image(author);
        await app.Given.Post(author, "Classic target lesions", Audience.Clinicians, media: media.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(await app.Given.Patient()).GetAsync(media.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(media.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(media.PreviewUrl)).StatusCode);
        var seen = await app.As(await app.Given.VerifiedClinician()).GetAsync(media.Url);
        await seen.AssertStatusAsync(HttpStatusCode.OK);
        Assert.True(seen.Headers.CacheControl?.Private, $"Cache-Control: {seen.Headers.CacheControl}");
    }

    [Fact]
    public async Task A_post_with_images_shows_them_with_their_alt_text()
    {
        var author = await app.Given.Member();
        var first = await app.Given.Image(author, "First image");
        var second = await app.Given.Image(author, "Second image");

        var post = await app.Given.Post(author, "Two views", media: [second.Id, first.Id]);

        Assert.Equal([second.Id, first.Id], post.Media.Select(m => m.Id));
        Assert.Equal(["Second image", "First image"], post.Media.Select(m => m.AltText));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(post.Media[0].Url)).StatusCode);
    }

    [Fact]
    public async Task A_post_with_five_images_is_refused()
    {
        var author = await app.Given.Member();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await app.Given.Image(author, $"Image {i}", 64, 64)).Id);

        var response = await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = "Too many", media = ids.Select(id => new { id }) });

        await response.AssertInvalidAsync("media");
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
    }

    [Fact]
    public async Task An_image_without_alt_text_cannot_be_posted()
    {
        var author = await app.Given.Member();
        var media = await app.Given.Image(author, altText: null);

        var response = await app.As(author).PostAsJsonAsync("/api/v1/posts", new { text = "Look", media = new[] { new { id = media.Id } } });

        await response.AssertInvalidAsync("media[0].altText");
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
        Assert.Null(await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == media.Id).Select(m => m.PostId).SingleAsync()));
    }

    [Fact]
    public async Task The_owner_can_change_alt_text_and_nobody_else_can()
    {
        var owner = await app.Given.Member();
        var media = await app.Given.Image(owner, altText: null);

        var updated = await (await app.As(owner).PutAsJsonAsync($"/api/v1/media/{media.Id}", new { altText = "  Wound on day 3  " })).ReadAsync<MediaView>();
        Assert.Equal("Wound on day 3", updated.AltText);

        await (await app.As(owner).PutAsJsonAsync($"/api/v1/media/{media.Id}", new { altText = " " })).AssertInvalidAsync("altText");
        var other = await app.As(await app.Given.Member()).PutAsJsonAsync($"/api/v1/media/{media.Id}", new { altText = "Mine now" });
        await other.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal("Wound on day 3", await app.WithDbAsync(db => db.PostMedia.Where(m => m.Id == media.Id).Select(m => m.AltText).SingleAsync()));
    }

    [Fact]
    public async Task Another_members_image_cannot_be_attached()
    {
        var owner = await app.Given.Member();
        var media = await app.Given.Image(owner);

        var response = await app.As(await app.Given.Member()).PostAsJsonAsync("/api/v1/posts", new { text = "Borrowed", media = new[] { new { id = media.Id } } });

        await response.AssertInvalidAsync("media");
    }

    [Fact]
    public async Task Uploading_needs_an_account()
    {
        var form = new MultipartFormDataContent { { Api.File(PhotoWithLocation(), "image/jpeg"), "file", "photo.jpg" } };
        var response = await app.Anonymous().PostAsync("/api/v1/media", form);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
