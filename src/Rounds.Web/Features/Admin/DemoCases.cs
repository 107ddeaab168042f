using ImageMagick;
using ImageMagick.Drawing;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Cases;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Web.Features.Admin;

/// <summary>A few demo cases with images drawn by the seed (no real patient anywhere): open, resolved and pseudonymous.</summary>
public static class DemoCases
{
    public static async Task SeedAsync(RoundsDb db, IFileStore files, IFaceDetector faces, IReadOnlyDictionary<string, Member> members, DateTime now,
        CancellationToken ct)
    {
        var ana = members["rheumdoc"];
        var sam = members["nephjc_fan"];
        var maya = members["drmoderator"];

        var open = new Case
        {
            AuthorId = ana.Id, Title = "Symmetric hand swelling with a positive ANA", SpecialtyCode = "rheumatology", AgeBand = "30-39", Sex = "female",
            Presentation = "Three months of morning stiffness lasting over an hour, swelling of the MCP and PIP joints of both hands, and fatigue.",
            History = "No psoriasis, no recent infection. Takes no regular medication.",
            Findings = "Synovitis of MCP 2–3 bilaterally. ANA 1:320 speckled, anti-CCP pending, CRP 24 mg/L. Hand radiographs attached.",
            Question = "Would you start methotrexate now or wait for the anti-CCP?", Audience = Audience.Clinicians, Status = CaseStatus.Open,
            AskedSpecialtyCode = "rheumatology", CreatedAt = now.AddDays(-2),
        };
        var resolved = new Case
        {
            AuthorId = sam.Id, Title = "Rising creatinine after starting a new antihypertensive", SpecialtyCode = "nephrology", AgeBand = "70-79", Sex = "male",
            Presentation = "Creatinine rose from 1.1 to 2.3 mg/dL within two weeks of starting an ACE inhibitor. BP 152/88.",
            Findings = "Bland urine sediment. Doppler ultrasound image attached: asymmetric kidneys.",
            Question = "What is the most likely cause, and what would you do next?", Audience = Audience.Clinicians, Status = CaseStatus.Resolved,
            FinalDiagnosis = "Bilateral renal artery stenosis; the ACE inhibitor was stopped and creatinine returned to baseline.", ResolvedAt = now.AddDays(-1),
            CreatedAt = now.AddDays(-6),
        };
        var anonymous = new Case
        {
            AuthorId = maya.Id, Title = "Recurrent fevers and a salmon-coloured rash", SpecialtyCode = "internal-medicine", AgeBand = "18-29", Sex = "male",
            Presentation = "Daily fevers to 39.5 °C for three weeks, an evanescent rash with the fevers, sore throat and arthralgia.",
            Findings = "Ferritin 8,400 ng/mL, leukocytosis with neutrophilia, negative cultures and serology so far.",
            Question = "What would you rule out before calling this Still's disease?", Audience = Audience.Clinicians, Status = CaseStatus.Open,
            Pseudonym = "Teal Heron", CreatedAt = now.AddHours(-20),
        };
        db.Pseudonyms.Add(new Pseudonym { MemberId = maya.Id, Space = "community", Name = "Teal Heron", CreatedAt = now });
        db.Cases.AddRange(open, resolved, anonymous);
        await db.SaveChangesAsync(ct);

        await AddImageAsync(db, files, faces, open, Radiograph(), "Synthetic hand radiograph: soft-tissue swelling around the MCP joints", now, ct);
        await AddImageAsync(db, files, faces, resolved, Ultrasound(), "Synthetic renal ultrasound: a small left kidney", now, ct);

        var poll = new Poll
        {
            AuthorId = ana.Id, Question = "What is your leading diagnosis?", Audience = Audience.Clinicians, ContextKind = "case", ContextId = open.Id, CreatedAt = now,
            Options = [new() { Position = 0, Text = "Rheumatoid arthritis" }, new() { Position = 1, Text = "Systemic lupus erythematosus" },
                       new() { Position = 2, Text = "Viral arthritis" }],
        };
        db.Polls.Add(poll);
        await db.SaveChangesAsync(ct);
        open.DifferentialPollId = poll.Id;
        db.PollVotes.Add(new PollVote { PollId = poll.Id, OptionId = poll.Options[0].Id, MemberId = sam.Id, CreatedAt = now });
        db.PollVotes.Add(new PollVote { PollId = poll.Id, OptionId = poll.Options[0].Id, MemberId = members["student_lee"].Id, CreatedAt = now });

        await Answer(db, open, sam, "With synovitis and a raised CRP I would start methotrexate now; anti-CCP changes prognosis, not the first step.", now.AddDays(-1));
        await Answer(db, open, members["student_lee"], "Would hydroxychloroquine be reasonable while waiting, given the ANA?", now.AddHours(-10));
        await Answer(db, resolved, ana, "Renal artery stenosis until proven otherwise — stop the ACE inhibitor and image the renal arteries.", now.AddDays(-5));
        await Answer(db, resolved, members["nurse_kim"], "Worth checking potassium too after the ACE inhibitor.", now.AddDays(-4));
        await Answer(db, anonymous, ana, "Rule out lymphoma and endocarditis first; a bone marrow biopsy may be needed.", now.AddHours(-8));
        await db.SaveChangesAsync(ct);
    }

    private static async Task Answer(RoundsDb db, Case c, Member author, string text, DateTime at)
    {
        db.Posts.Add(new Post { AuthorId = author.Id, Text = text, Audience = c.Audience, ContextKind = "case", ContextId = c.Id, CreatedAt = at });
        c.AnswerCount++;
        // As AnswerCase does: answering someone else's case is learning.
        if (c.AuthorId != author.Id)
            await LearningRecord.RecordAsync(db, author.Id, new(LearningActivity.CaseAnswered, "case", c.Id, c.Title, c.SpecialtyCode), at, default);
    }

    private static async Task AddImageAsync(RoundsDb db, IFileStore files, IFaceDetector faces, Case c, MagickImage image, string alt, DateTime now,
        CancellationToken ct)
    {
        using (image)
        {
            var clean = ImageSanitizer.Clean(image.ToByteArray(MagickFormat.Png), 2048)!;
            var found = FaceBoxes.Detect(faces, clean.Bytes);
            var key = await files.SaveAsync("posts", clean.Extension, clean.Bytes, ct);
            db.PostMedia.Add(new PostMedia
            {
                OwnerId = c.AuthorId, CaseId = c.Id, Key = key, ContentType = clean.ContentType, Width = clean.Width, Height = clean.Height,
                AltText = alt, CreatedAt = now, FaceCount = found?.Count, FaceBoxes = FaceBoxes.Format(found),
            });
        }
    }

    /// <summary>Grey bones on black: five metacarpals with soft-tissue swelling drawn as a haze.</summary>
    private static MagickImage Radiograph()
    {
        var image = new MagickImage(MagickColors.Black, 640, 480);
        var draw = new Drawables().StrokeColor(new MagickColor("#d8d8d8")).StrokeWidth(18).FillColor(MagickColors.None);
        for (var i = 0; i < 5; i++) draw.Line(200 + i * 60, 420, 230 + i * 45, 180);
        draw.FillColor(new MagickColor("#ffffff22")).StrokeWidth(0).Ellipse(330, 200, 170, 60, 0, 360);
        draw.Draw(image);
        image.GaussianBlur(0, 3);
        return image;
    }

    /// <summary>A grey fan with a dark oval: the look of an ultrasound, nothing more (no random speckle, so every seed is the same).</summary>
    private static MagickImage Ultrasound()
    {
        var image = new MagickImage(MagickColors.Black, 640, 480);
        new Drawables().FillColor(new MagickColor("#505050")).Polygon(new PointD(320, 40), new PointD(40, 440), new PointD(600, 440)).Draw(image);
        new Drawables().FillColor(new MagickColor("#181818")).Ellipse(320, 280, 110, 60, 0, 360).Draw(image);
        image.GaussianBlur(0, 4);
        return image;
    }
}
