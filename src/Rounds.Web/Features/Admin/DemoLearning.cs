using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Notifications;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// Ana's learning record: entries of several kinds over the last weeks (one article waiting for its reflection), a yearly
/// goal shared with Sam, and Sam's goal shared with her, so /learning, its exports and the certificate show something.
/// </summary>
public static class DemoLearning
{
    public static async Task SeedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        await CreditRules.EnsureDefaultsAsync(db, ct);
        var ana = members["rheumdoc"];
        var sam = members["nephjc_fan"];
        var resolvedCase = await db.Cases.Where(c => c.AuthorId == sam.Id).OrderBy(c => c.Id).Select(c => new { c.Id, c.Title, c.SpecialtyCode }).FirstOrDefaultAsync(ct);

        async Task Add(int daysAgo, LearningRecord.Activity activity, long memberId)
        {
            await LearningRecord.RecordAsync(db, memberId, activity, now.AddDays(-daysAgo), ct);
        }

        if (resolvedCase is not null)
            await Add(3, new(LearningActivity.CaseAnswered, "case", resolvedCase.Id, resolvedCase.Title, resolvedCase.SpecialtyCode), ana.Id);
        await Add(20, new(LearningActivity.ArticleReflection, "article", 0, "EULAR recommendations for the management of rheumatoid arthritis: 2022 update",
            "rheumatology", "https://doi.org/10.1136/ard-2022-223356", 40,
            "Treat-to-target with early escalation after three months without improvement; glucocorticoids as a bridge only, tapered quickly. "
            + "I will book a three-month review for every new start of methotrexate."), ana.Id);
        await Add(2, new(LearningActivity.ArticleReflection, "article", 0, "2021 ACR guideline for the treatment of rheumatoid arthritis", "rheumatology",
            "https://doi.org/10.1002/art.41752"), ana.Id);
        await Add(12, new(LearningActivity.JournalClubAttended, "journal-club", 1, "#RheumJC: glucocorticoid tapering in early RA", "rheumatology"), ana.Id);
        await Add(9, new(LearningActivity.QuizAnswered, "quiz-item", 1, "Rheumatology Image of the Week: hand radiograph", "rheumatology"), ana.Id);
        await Add(8, new(LearningActivity.QuizAnswered, "quiz-item", 2, "Rheumatology Image of the Week: nailfold capillaroscopy", "rheumatology"), ana.Id);
        await Add(6, new(LearningActivity.LessonCompleted, "lesson", 1, "Reading a hand radiograph in five steps", "rheumatology"), ana.Id);
        await Add(4, new(LearningActivity.SessionSummarised, "session", 1, "Conference session: imaging in early inflammatory arthritis", "rheumatology"), ana.Id);
        await Add(5, new(LearningActivity.JournalClubAttended, "journal-club", 2, "#NephJC: SGLT2 inhibitors in chronic kidney disease", "nephrology"), sam.Id);
        await db.SaveChangesAsync(ct);

        var year = now.Year;
        var anasGoal = new LearningGoal
        {
            MemberId = ana.Id, Title = $"12 credits of rheumatology in {year}", TargetCredits = 12m, SpecialtyCode = "rheumatology",
            StartsAt = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc), CreatedAt = now,
        };
        var samsGoal = new LearningGoal
        {
            MemberId = sam.Id, Title = "Attend four journal clubs this quarter", TargetCredits = 4m, Activity = LearningActivity.JournalClubAttended,
            StartsAt = now.Date.AddDays(-30), EndsAt = now.Date.AddDays(60), CreatedAt = now,
        };
        db.LearningGoals.AddRange(anasGoal, samsGoal);
        await db.SaveChangesAsync(ct);
        db.LearningGoalPartners.AddRange(
            new LearningGoalPartner { GoalId = anasGoal.Id, PartnerId = sam.Id, AddedAt = now },
            new LearningGoalPartner { GoalId = samsGoal.Id, PartnerId = ana.Id, AddedAt = now });
        db.Notifications.Add(new Notification
        {
            MemberId = sam.Id, Kind = NotificationKind.GoalShared, ActorId = ana.Id, CreatedAt = now, Link = $"/learning#goal-{anasGoal.Id}",
            Text = $"made you an accountability partner on the learning goal “{anasGoal.Title}”",
        });
        await db.SaveChangesAsync(ct);
    }
}
