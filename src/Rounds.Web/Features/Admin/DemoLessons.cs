using ImageMagick;
using ImageMagick.Drawing;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Lessons;
using Rounds.Web.Features.Posts;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Files;
using Rounds.Web.Infrastructure.Images;

namespace Rounds.Web.Features.Admin;

/// <summary>One published micro-lesson (slides with a drawn image, two questions), completed by one demo member and begun by another.</summary>
public static class DemoLessons
{
    public static async Task SeedAsync(RoundsDb db, IFileStore files, IFaceDetector faces, IReadOnlyDictionary<string, Member> members, DateTime now,
        CancellationToken ct)
    {
        var author = members["rheumdoc"];
        var lesson = new Lesson
        {
            AuthorId = author.Id, Title = "Hand radiographs in early rheumatoid arthritis",
            Summary = "Five steps on what to look for on a hand film when inflammatory arthritis is suspected, with two questions to check yourself.",
            SpecialtyCode = "rheumatology", EstimatedMinutes = 8, Audience = Audience.Members, Status = LessonStatus.Published,
            CreatedAt = now.AddDays(-3), UpdatedAt = now.AddDays(-3), PublishedAt = now.AddDays(-3),
        };
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync(ct);

        var image = await ImageAsync(db, files, faces, author, lesson, now, ct);
        lesson.Steps =
        [
            new LessonStep
            {
                Position = 1, Kind = LessonStepKind.Slide, Image = image,
                Text = "## Start with the soft tissues\nBefore the bones, look for **fusiform swelling** around the MCP and PIP joints. It is often the only finding in the first months.",
            },
            new LessonStep
            {
                Position = 2, Kind = LessonStepKind.Question, Text = "Which finding is typically the earliest on a hand radiograph in rheumatoid arthritis?",
                Options = Options("Periarticular soft-tissue swelling", "Marginal erosions", "Ankylosis of the carpus", "Pencil-in-cup deformity"),
                CorrectOption = 0,
                Explanation = "Soft-tissue swelling and **periarticular osteopenia** come first; erosions follow, and ankylosis is late. Pencil-in-cup points to psoriatic arthritis.",
            },
            new LessonStep
            {
                Position = 3, Kind = LessonStepKind.Slide,
                Text = "## Then the joints\n- **Joint space**: uniform narrowing suggests inflammation; asymmetric narrowing with osteophytes suggests osteoarthritis.\n- **Erosions**: look at the *bare areas*, where synovium touches bone without cartilage.\n- **Distribution**: MCPs, PIPs, wrists and ulnar styloid — DIPs are usually spared.",
            },
            new LessonStep
            {
                Position = 4, Kind = LessonStepKind.Question, Text = "Where do the first erosions of rheumatoid arthritis usually appear?",
                Options = Options("Central subchondral bone", "Marginal bare areas of the joint", "Diaphysis of the phalanges"),
                CorrectOption = 1,
                Explanation = "The bare areas at the joint margins are exposed to inflamed synovium and not protected by cartilage, so erosions start there.",
            },
            new LessonStep
            {
                Position = 5, Kind = LessonStepKind.Slide,
                Text = "## Summary\n1. Soft tissues and bone density first.\n2. Uniform joint-space narrowing.\n3. Marginal erosions in MCPs, PIPs and the ulnar styloid.\n\nUltrasound finds erosions earlier than plain films when the radiograph is normal.",
            },
        ];
        await db.SaveChangesAsync(ct);

        // A student completed it (one wrong answer), and a nurse is part-way through.
        var lee = members["student_lee"];
        var q1 = lesson.Steps[1];
        var q2 = lesson.Steps[3];
        var done = now.AddDays(-1);
        db.LessonProgress.Add(new LessonProgress { LessonId = lesson.Id, MemberId = lee.Id, CurrentPosition = 5, StartedAt = done.AddMinutes(-9), UpdatedAt = done, CompletedAt = done });
        db.LessonAnswers.Add(new LessonAnswer { LessonId = lesson.Id, StepId = q1.Id, MemberId = lee.Id, Option = 0, Correct = true, AnsweredAt = done.AddMinutes(-7) });
        db.LessonAnswers.Add(new LessonAnswer { LessonId = lesson.Id, StepId = q2.Id, MemberId = lee.Id, Option = 0, Correct = false, AnsweredAt = done.AddMinutes(-3) });
        await LearningRecord.RecordAsync(db, lee.Id, new LearningRecord.Activity(LearningActivity.LessonCompleted, "lesson", lesson.Id, lesson.Title,
            lesson.SpecialtyCode, $"/lessons/{lesson.Id}", lesson.EstimatedMinutes), done, ct);
        var kim = members["nurse_kim"];
        db.LessonProgress.Add(new LessonProgress { LessonId = lesson.Id, MemberId = kim.Id, CurrentPosition = 3, StartedAt = now.AddHours(-5), UpdatedAt = now.AddHours(-5) });
        db.LessonAnswers.Add(new LessonAnswer { LessonId = lesson.Id, StepId = q1.Id, MemberId = kim.Id, Option = 0, Correct = true, AnsweredAt = now.AddHours(-5) });
        await db.SaveChangesAsync(ct);
    }

    private static List<LessonOption> Options(params string[] texts) => texts.Select((t, i) => new LessonOption { Position = i, Text = t }).ToList();

    private static async Task<PostMedia> ImageAsync(RoundsDb db, IFileStore files, IFaceDetector faces, Member author, Lesson lesson, DateTime now,
        CancellationToken ct)
    {
        // Grey finger bones on black with a haze of swelling around two knuckles: drawn here, no patient anywhere.
        using var image = new MagickImage(MagickColors.Black, 640, 480);
        var bones = new Drawables().StrokeColor(new MagickColor("#d0d0d0")).StrokeWidth(16).FillColor(MagickColors.None);
        for (var i = 0; i < 4; i++) bones.Line(220 + i * 55, 440, 190 + i * 70, 240).Line(190 + i * 70, 225, 175 + i * 80, 90);
        bones.Draw(image);
        new Drawables().FillColor(new MagickColor("#ffffff30")).StrokeWidth(0).Ellipse(260, 232, 60, 30, 0, 360).Ellipse(330, 232, 60, 30, 0, 360).Draw(image);
        image.GaussianBlur(0, 3);
        var clean = ImageSanitizer.Clean(image.ToByteArray(MagickFormat.Png), 2048)!;
        var found = FaceBoxes.Detect(faces, clean.Bytes);
        var key = await files.SaveAsync("posts", clean.Extension, clean.Bytes, ct);
        var media = new PostMedia
        {
            OwnerId = author.Id, LessonId = lesson.Id, Key = key, ContentType = clean.ContentType, Width = clean.Width, Height = clean.Height,
            AltText = "Drawing of a hand radiograph: finger bones with soft-tissue swelling around two knuckles", CreatedAt = now,
            FaceCount = found?.Count, FaceBoxes = FaceBoxes.Format(found),
        };
        db.PostMedia.Add(media);
        return media;
    }
}
