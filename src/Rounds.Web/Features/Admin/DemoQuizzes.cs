using ImageMagick;
using ImageMagick.Drawing;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Quizzes;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// "Rheumatology Image of the Week": three released items (two closed, this week's open) answered by demo members so the
/// distribution and analytics have figures, one approved item waiting for next week's slot and one draft in review.
/// Images are drawn by the seed; no real patient anywhere.
/// </summary>
public static class DemoQuizzes
{
    public static async Task SeedAsync(RoundsDb db, IFileStore files, IFaceDetector faces, IReadOnlyDictionary<string, Member> members, DateTime now,
        CancellationToken ct)
    {
        var ana = members["rheumdoc"];
        var maya = members["drmoderator"];
        var series = new QuizSeries
        {
            OwnerId = ana.Id, Title = "Rheumatology Image of the Week", SpecialtyCode = "rheumatology", Hashtag = "rheumiow", Audience = Audience.Members,
            Description = "Every Monday at 09:00 London time: one image and a question. Commit your answer, then read the explanation and see how colleagues answered.",
            ReleaseDay = DayOfWeek.Monday, ReleaseMinute = 9 * 60, TimeZone = "Europe/London", OpenDays = 7, CreatedAt = now.AddDays(-30),
        };
        db.QuizSeries.Add(series);
        await db.SaveChangesAsync(ct);
        db.QuizEditors.AddRange(new QuizEditor { SeriesId = series.Id, MemberId = ana.Id, AddedAt = series.CreatedAt },
            new QuizEditor { SeriesId = series.Id, MemberId = maya.Id, AddedAt = series.CreatedAt });
        foreach (var h in new[] { "rheumdoc", "resident_ruth", "student_lee", "nurse_kim", "patient_pat" })
            db.QuizFollows.Add(new QuizFollow { SeriesId = series.Id, MemberId = members[h].Id, CreatedAt = series.CreatedAt });

        // This week's slot (the latest one not after now) and the two before it.
        var current = QuizSchedule.NextSlot(series, now.AddDays(-7));
        if (current > now) current = current.AddDays(-7);
        var slots = new[] { current.AddDays(-14), current.AddDays(-7), current };

        var items = new[]
        {
            Item(series, ana.Id, maya.Id, slots[0], "Hand radiograph of a woman in her fifties with years of joint pain. What is the most likely diagnosis?",
                ["Rheumatoid arthritis", "Erosive hand osteoarthritis", "Psoriatic arthritis", "Gout"], 1,
                "Central erosions with a 'gull-wing' appearance at the proximal interphalangeal joints, with osteophytes and sparing of the wrists, point to erosive hand osteoarthritis. Rheumatoid arthritis erodes the joint margins and favours the MCP joints and wrists.",
                ["10.1136/annrheumdis-2018-213826", "PMID: 30154087"]),
            Item(series, maya.Id, ana.Id, slots[1], "Nailfold capillaroscopy in a patient with Raynaud's phenomenon. Which pattern is shown?",
                ["Normal pattern", "Early scleroderma pattern", "Late scleroderma pattern", "Non-specific changes"], 2,
                "Loss of capillaries with avascular areas and ramified (neoangiogenic) capillaries is the late scleroderma pattern, associated with systemic sclerosis and a higher risk of digital ulcers.",
                ["https://www.eular.org/recommendations", "10.1016/j.berh.2013.04.001"]),
            Item(series, ana.Id, maya.Id, slots[2], "Foot radiograph of a man with recurrent acute attacks in the first MTP joint. What do the arrowed lesions show?",
                ["Gouty erosions with overhanging edges", "Rheumatoid erosions", "Charcot arthropathy", "Osteomyelitis"], 0,
                "Punched-out erosions with sclerotic, overhanging edges ('rat bite') away from the joint margin, with preserved joint space, are typical of chronic tophaceous gout.",
                ["PMID: 27113566"]),
            Item(series, maya.Id, ana.Id, current.AddDays(7), "Chest radiograph of a patient with long-standing rheumatoid arthritis and a dry cough. What is the most likely finding?",
                ["Interstitial lung disease", "Pleural effusion", "Rheumatoid nodules", "Normal radiograph"], 0,
                "Reticular opacities at the lung bases in rheumatoid arthritis suggest interstitial lung disease; high-resolution CT is the next step.",
                ["10.1183/16000617.0011-2021"]),
        };
        var draft = Item(series, maya.Id, null, null, "Ultrasound of the knee in acute monoarthritis. What does the double-contour sign indicate?",
            ["Urate deposition on cartilage", "Calcium pyrophosphate deposition", "Synovial hypertrophy", "A normal cartilage surface"], 0,
            "The double-contour sign, a hyperechoic line over the cartilage surface, indicates monosodium urate deposition.", []);
        draft.Status = QuizItemStatus.Submitted;
        draft.CreatedAt = now.AddHours(-5);
        draft.SubmittedAt = now.AddHours(-3);
        // Past items were announced when they came out; this week's is announced by the release job on the first run.
        items[0].AnnouncedAt = slots[0];
        items[1].AnnouncedAt = slots[1];
        db.QuizItems.AddRange(items);
        db.QuizItems.Add(draft);
        await db.SaveChangesAsync(ct);

        await AddImageAsync(db, files, faces, items[0], HandRadiograph(), "Synthetic hand radiograph: central erosions at the PIP joints", now, ct);
        await AddImageAsync(db, files, faces, items[1], Capillaroscopy(), "Synthetic nailfold capillaroscopy: sparse, branching capillary loops", now, ct);
        await AddImageAsync(db, files, faces, items[2], FootRadiograph(), "Synthetic foot radiograph: punched-out erosions near the first MTP joint", now, ct);
        await AddImageAsync(db, files, faces, items[3], ChestRadiograph(), "Synthetic chest radiograph: reticular shadows at both lung bases", now, ct);
        await AddImageAsync(db, files, faces, draft, KneeUltrasound(), "Synthetic knee ultrasound: a bright line over the dark cartilage band", now, ct);

        // Who answered what: (member, option) per released item, so accuracy and the distribution differ.
        var answers = new (int Item, string Handle, int Option)[]
        {
            (0, "resident_ruth", 0), (0, "student_lee", 1), (0, "nurse_kim", 1), (0, "nephjc_fan", 1), (0, "pharm_raj", 2),
            (1, "resident_ruth", 2), (1, "student_lee", 1), (1, "nephjc_fan", 2),
            (2, "resident_ruth", 0), (2, "student_lee", 0),
        };
        foreach (var (i, handle, option) in answers)
        {
            var item = items[i];
            var member = members[handle];
            var at = item.ReleaseAt!.Value.AddHours(2 + option);
            db.QuizItemViews.Add(new QuizItemView { ItemId = item.Id, MemberId = member.Id, SeriesId = series.Id, FirstViewedAt = at.AddMinutes(-5) });
            var correct = option == item.CorrectOption;
            db.QuizAnswers.Add(new QuizAnswer { ItemId = item.Id, SeriesId = series.Id, MemberId = member.Id, Option = option, Correct = correct, AnsweredAt = at });
            if (!correct) db.QuizReviews.Add(new QuizReview { MemberId = member.Id, ItemId = item.Id, Box = 1, DueAt = at.AddDays(1) });
            await LearningRecord.RecordAsync(db, member.Id, new(LearningActivity.QuizAnswered, "quiz-item", item.Id,
                $"{series.Title}: {GetQuiz.Excerpt(item.Stem, 200)}", series.SpecialtyCode, $"/quizzes/items/{item.Id}"), at, ct);
        }
        // Looked but did not answer: reached, not answered.
        db.QuizItemViews.Add(new QuizItemView { ItemId = items[0].Id, MemberId = members["patient_pat"].Id, SeriesId = series.Id, FirstViewedAt = slots[0].AddHours(5) });
        db.QuizItemViews.Add(new QuizItemView { ItemId = items[2].Id, MemberId = members["nurse_kim"].Id, SeriesId = series.Id, FirstViewedAt = slots[2].AddHours(1) });
        await db.SaveChangesAsync(ct);
    }

    private static QuizItem Item(QuizSeries series, long author, long? reviewer, DateTime? release, string stem, string[] options, int correct,
        string explanation, string[] references) => new()
    {
        SeriesId = series.Id, AuthorId = author, ReviewerId = reviewer, Stem = stem, CorrectOption = correct, Explanation = explanation,
        Status = release is null ? QuizItemStatus.Draft : QuizItemStatus.Approved, ReleaseAt = release,
        ClosesAt = release is { } r ? QuizSchedule.AddLocalDays(series, r, series.OpenDays) : null,
        CreatedAt = (release ?? series.CreatedAt).AddDays(-5), SubmittedAt = release?.AddDays(-4), ApprovedAt = release?.AddDays(-3),
        Options = options.Select((o, i) => new QuizOption { Position = i, Text = o }).ToList(),
        References = references.Select((x, i) => CreateQuizItem.ParseReference(x) is { } p ? new QuizReference { Position = i, Kind = p.Kind, Value = p.Value } : null)
            .Where(x => x is not null).Select(x => x!).ToList(),
    };

    private static async Task AddImageAsync(RoundsDb db, IFileStore files, IFaceDetector faces, QuizItem item, MagickImage image, string alt, DateTime now,
        CancellationToken ct)
    {
        using (image)
        {
            var clean = ImageSanitizer.Clean(image.ToByteArray(MagickFormat.Png), 2048)!;
            var found = FaceBoxes.Detect(faces, clean.Bytes);
            var key = await files.SaveAsync("posts", clean.Extension, clean.Bytes, ct);
            db.PostMedia.Add(new PostMedia
            {
                OwnerId = item.AuthorId, QuizItemId = item.Id, Key = key, ContentType = clean.ContentType, Width = clean.Width, Height = clean.Height,
                AltText = alt, CreatedAt = now, FaceCount = found?.Count, FaceBoxes = FaceBoxes.Format(found),
            });
        }
    }

    /// <summary>Grey finger bones on black with notched (eroded) joints.</summary>
    private static MagickImage HandRadiograph()
    {
        var image = new MagickImage(MagickColors.Black, 640, 480);
        var bone = new Drawables().StrokeColor(new MagickColor("#d0d0d0")).StrokeWidth(16).FillColor(MagickColors.None);
        for (var i = 0; i < 4; i++) bone.Line(220 + i * 60, 440, 220 + i * 60, 300).Line(220 + i * 60, 285, 220 + i * 60, 170).Line(220 + i * 60, 155, 220 + i * 60, 80);
        bone.Draw(image);
        var erosions = new Drawables().FillColor(MagickColors.Black);
        for (var i = 0; i < 4; i++) erosions.Ellipse(220 + i * 60, 292, 7, 5, 0, 360);
        erosions.Draw(image);
        image.GaussianBlur(0, 2);
        return image;
    }

    /// <summary>Pink background with a few sparse, branching red loops.</summary>
    private static MagickImage Capillaroscopy()
    {
        var image = new MagickImage(new MagickColor("#f3c6c0"), 640, 480);
        var loops = new Drawables().StrokeColor(new MagickColor("#a3222b")).StrokeWidth(5).FillColor(MagickColors.None);
        foreach (var x in new[] { 90, 230, 300, 470 })
        {
            loops.Line(x, 420, x, 200).Arc(x, 170, x + 30, 230, 180, 360).Line(x + 30, 200, x + 30, 420);
            loops.Line(x + 15, 260, x + 45, 230);
        }
        loops.Draw(image);
        image.GaussianBlur(0, 2);
        return image;
    }

    /// <summary>A grey first ray on black with round punched-out holes beside the joint.</summary>
    private static MagickImage FootRadiograph()
    {
        var image = new MagickImage(MagickColors.Black, 640, 480);
        new Drawables().StrokeColor(new MagickColor("#cfcfcf")).StrokeWidth(34).FillColor(MagickColors.None).Line(120, 260, 380, 250).Line(400, 250, 560, 245).Draw(image);
        new Drawables().FillColor(new MagickColor("#202020")).Ellipse(360, 244, 12, 10, 0, 360).Ellipse(415, 262, 9, 8, 0, 360).Draw(image);
        new Drawables().StrokeColor(MagickColors.White).StrokeWidth(3).Line(330, 150, 355, 225).Line(450, 160, 420, 240).Draw(image);
        image.GaussianBlur(0, 2);
        return image;
    }

    /// <summary>A grey field with a dark cartilage band and a bright line over it.</summary>
    private static MagickImage KneeUltrasound()
    {
        var image = new MagickImage(new MagickColor("#3a3a3a"), 640, 480);
        new Drawables().FillColor(new MagickColor("#0e0e0e")).Rectangle(60, 220, 580, 262).Draw(image);
        new Drawables().StrokeColor(new MagickColor("#f0f0f0")).StrokeWidth(4).Line(60, 218, 580, 218).Line(60, 266, 580, 266).Draw(image);
        image.GaussianBlur(0, 3);
        return image;
    }

    /// <summary>Two dark lung fields with a fine grey net at the bases.</summary>
    private static MagickImage ChestRadiograph()
    {
        var image = new MagickImage(new MagickColor("#8a8a8a"), 640, 480);
        new Drawables().FillColor(new MagickColor("#1c1c1c")).Ellipse(220, 240, 110, 190, 0, 360).Ellipse(420, 240, 110, 190, 0, 360).Draw(image);
        var net = new Drawables().StrokeColor(new MagickColor("#6a6a6a")).StrokeWidth(2).FillColor(MagickColors.None);
        for (var y = 320; y < 420; y += 14) net.Line(130, y, 310, y + 6).Line(330, y + 6, 510, y);
        for (var x = 140; x < 510; x += 22) net.Line(x, 320, x + 8, 420);
        net.Draw(image);
        image.GaussianBlur(0, 2);
        return image;
    }
}
