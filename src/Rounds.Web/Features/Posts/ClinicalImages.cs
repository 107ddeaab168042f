using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// The images clinical material takes (a case, a quiz item): the author's own unused uploads, each with alt text, and
/// none that shows a face — or could not be checked — unless the author attests consent and says how it was obtained.
/// </summary>
public static class ClinicalImages
{
    /// <summary>The uploads in the order given, with alt text and positions set; null (with an error) when one is missing or taken.</summary>
    public static async Task<List<PostMedia>?> TakeAsync(RoundsDb db, long authorId, IReadOnlyList<(long Id, string? AltText)> refs, bool consentAttested,
        string? consentStatement, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var ids = refs.Select(i => i.Id).ToList();
        var images = ids.Count == 0 ? [] : await db.PostMedia.Where(PostMedia.Unattached).Where(m => ids.Contains(m.Id) && m.OwnerId == authorId).ToListAsync(ct);
        if (images.Count != refs.Count)
        {
            errors.Add("images", "An image does not exist, is not yours or is already used elsewhere.");
            return null;
        }
        for (var i = 0; i < refs.Count; i++)
        {
            var m = images.Single(x => x.Id == refs[i].Id);
            m.AltText = string.IsNullOrWhiteSpace(refs[i].AltText) ? m.AltText : refs[i].AltText!.Trim();
            m.Position = i;
            if (string.IsNullOrWhiteSpace(m.AltText)) errors.Add($"images[{i}].altText", "Describe the image for people who cannot see it (alt text is required).");
            // A face, or an image the detector could not check, is a person until masked or consented.
            if (m.FaceCount is not 0 && !consentAttested)
                errors.Add($"images[{i}]", m.FaceCount is null
                    ? $"Image {i + 1} could not be checked for faces. Mask any face, or attest that the patient consented."
                    : $"A face was found in image {i + 1}. Mask it, or attest that the patient consented to sharing a recognisable image.");
        }
        if (consentAttested && string.IsNullOrWhiteSpace(consentStatement) && images.Any(m => m.FaceCount is not 0))
            errors.Add("consentStatement", "Say how consent was obtained (e.g. \"written consent on the hospital's photography form\").");
        return images.OrderBy(m => m.Position).ToList();
    }
}
