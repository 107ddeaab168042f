using System.Net;
using System.Net.Http.Json;
using System.Text;
using ImageMagick;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Profiles;

namespace Rounds.Tests.Features.Profiles;

public class AvatarTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private const string Serial = "SN-TEST-998877";

    private Task<HttpResponseMessage> UploadAsync(TestMember member, byte[] bytes, string fileName = "photo.jpg", string field = "avatar")
    {
        var form = new MultipartFormDataContent { { Api.File(bytes, "image/jpeg"), field, fileName } };
        return app.As(member).PutAsync("/api/v1/me/avatar", form);
    }

    /// <summary>A phone photo as it leaves the camera: GPS position, camera serial, XMP, IPTC and a comment.</summary>
    private static byte[] PhotoWithMetadata(uint width = 600, uint height = 400)
    {
        using var image = new MagickImage(new MagickColor("#3a7bd5"), width, height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "PhoneCo");
        exif.SetValue(ExifTag.Model, "Pocket 12");
        exif.SetValue(ExifTag.SerialNumber, Serial);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(40, 1), new Rational(44, 1), new Rational(5512, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(73, 1), new Rational(59, 1), new Rational(1100, 100)]);
        image.SetProfile(exif);
        image.SetProfile(new XmpProfile(Encoding.UTF8.GetBytes($"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" aux:SerialNumber="{Serial}"/>
            </rdf:RDF></x:xmpmeta>
            """)));
        var iptc = new IptcProfile();
        iptc.SetValue(IptcTag.City, "New York");
        image.SetProfile(iptc);
        image.Comment = $"Taken by camera {Serial} at home";
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    private static void AssertCarriesNoMetadata(byte[] bytes)
    {
        using var image = new MagickImage(bytes);
        Assert.Null(image.GetExifProfile());
        Assert.Null(image.GetXmpProfile());
        Assert.Null(image.GetIptcProfile());
        Assert.True(string.IsNullOrEmpty(image.Comment), $"Comment left: {image.Comment}");
        Assert.DoesNotContain(Serial, Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public async Task An_uploaded_avatar_keeps_no_location_camera_serial_or_other_metadata()
    {
        var member = await app.Given.Member();
        var photo = PhotoWithMetadata();
        using (var original = new MagickImage(photo))
        {
            var exif = original.GetExifProfile();
            Assert.NotNull(exif?.GetValue(ExifTag.GPSLatitude));
            Assert.Equal(Serial, exif!.GetValue(ExifTag.SerialNumber)?.Value);
            Assert.NotNull(original.GetXmpProfile());
            Assert.NotNull(original.GetIptcProfile());
            Assert.Contains(Serial, original.Comment);
            Assert.Contains(Serial, Encoding.Latin1.GetString(photo));
        }

        var uploaded = await (await UploadAsync(member, photo)).ReadAsync<UploadAvatar.Response>();

        var served = await app.Anonymous().GetAsync(uploaded.AvatarUrl);
        await served.AssertStatusAsync(HttpStatusCode.OK);
        AssertCarriesNoMetadata(await served.Content.ReadAsByteArrayAsync());
        var key = (await app.MemberAsync(member.Id)).AvatarKey;
        Assert.NotNull(key);
        AssertCarriesNoMetadata(await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "files", key)));
    }

    [Fact]
    public async Task An_avatar_is_cropped_square_and_shown_on_the_profile()
    {
        var member = await app.Given.Member();

        var uploaded = await (await UploadAsync(member, PhotoWithMetadata(900, 500))).ReadAsync<UploadAvatar.Response>();

        Assert.Equal(uploaded.Width, uploaded.Height);
        Assert.True(uploaded.Width <= 400);
        Assert.StartsWith($"/media/avatars/{member.Handle}", uploaded.AvatarUrl);
        var profile = await app.Anonymous().GetFromJsonAsync<ProfileView>($"/api/v1/profiles/{member.Handle}");
        Assert.Equal(uploaded.AvatarUrl, profile!.AvatarUrl);
        var served = await app.Anonymous().GetAsync(uploaded.AvatarUrl);
        Assert.StartsWith("image/", served.Content.Headers.ContentType?.MediaType);
        using var image = new MagickImage(await served.Content.ReadAsByteArrayAsync());
        Assert.Equal((uploaded.Width, uploaded.Height), ((int)image.Width, (int)image.Height));
    }

    [Fact]
    public async Task A_text_file_named_like_a_photo_is_refused()
    {
        var member = await app.Given.Member();

        var response = await UploadAsync(member, Encoding.UTF8.GetBytes("this is not a picture, just text"), "photo.jpg");

        await response.AssertInvalidAsync("avatar");
        Assert.Null((await app.MemberAsync(member.Id)).AvatarKey);
    }

    [Fact]
    public async Task An_avatar_over_2_MB_is_refused_as_too_large()
    {
        var member = await app.Given.Member();
        var big = new byte[2 * 1024 * 1024 + 1];
        PhotoWithMetadata().CopyTo(big, 0);

        var response = await UploadAsync(member, big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null((await app.MemberAsync(member.Id)).AvatarKey);
    }

    [Fact]
    public async Task A_new_avatar_replaces_the_old_file()
    {
        var member = await app.Given.Member();
        await (await UploadAsync(member, PhotoWithMetadata())).AssertStatusAsync(HttpStatusCode.OK);
        var firstKey = (await app.MemberAsync(member.Id)).AvatarKey!;

        await (await UploadAsync(member, PhotoWithMetadata(300, 300))).AssertStatusAsync(HttpStatusCode.OK);

        var secondKey = (await app.MemberAsync(member.Id)).AvatarKey!;
        Assert.NotEqual(firstKey, secondKey);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "files", firstKey)));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "files", secondKey)));
    }

    [Fact]
    public async Task A_clinicians_only_profiles_avatar_is_hidden_from_anonymous_visitors()
    {
        var member = await app.Given.VerifiedClinician();
        var uploaded = await (await UploadAsync(member, PhotoWithMetadata())).ReadAsync<UploadAvatar.Response>();
        await (await app.As(member).PutAsJsonAsync("/api/v1/me/profile", new { displayName = "Dr Discreet", profileAudience = "clinicians" }))
            .AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(uploaded.AvatarUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(await app.Given.VerifiedClinician()).GetAsync(uploaded.AvatarUrl)).StatusCode);
    }
}
