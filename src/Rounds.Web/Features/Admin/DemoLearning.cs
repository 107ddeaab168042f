using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Notifications;

namespace Rounds.Web.Features.Admin;

/// <summary>
/// Articles read with reflections (one waiting for its reflection) beside what the other seeds recorded (cases answered,
/// quiz items, a completed lesson), a yearly goal of Ana's shared with Sam and Sam's goal shared with her, so /learning,
/// its exports and the certificate show something.
/// </summary>
public static class DemoLearning
{
    public static async Task SeedAsync(RoundsDb db, IReadOnlyDictionary<string, Member> members, DateTime now, CancellationToken ct)
    {
        await CreditRules.EnsureDefaultsAsync(db, ct);
        var ana = members["rheumdoc"];
        var sam = members["nephjc_fan"];

        async Task Add(int daysAgo, LearningRecord.Activity activity, long memberId)
        {
            await LearningRecord.RecordAsync(db, memberId, activity, now.AddDays(-daysAgo), ct);
        }

        // The other formats' seeds recorded what these members did (cases answered, quiz items, the lesson); reading is added here.
        await Add(20, new(LearningActivity.ArticleReflection, "article", 0, "EULAR recommendations for the management of rheumatoid arthritis: 2022 update",
            "rheumatology", "https://doi.org/10.1136/ard-2022-223356", 40,
            "Treat-to-target with early escalation after three months without improvement; glucocorticoids as a bridge only, tapered quickly. "
            + "I will book a three-month review for every new start of methotrexate."), ana.Id);
        await Add(2, new(LearningActivity.ArticleReflection, "article", 0, "2021 ACR guideline for the treatment of rheumatoid arthritis", "rheumatology",
            "https://doi.org/10.1002/art.41752"), ana.Id);
        await Add(7, new(LearningActivity.ArticleReflection, "article", 0, "KDIGO 2024 clinical practice guideline for chronic kidney disease", "nephrology",
            "https://doi.org/10.1016/j.kint.2023.10.018", 30,
            "Start an SGLT2 inhibitor in CKD with albuminuria whatever the diabetes status; recheck eGFR at four weeks and expect a small dip."), sam.Id);
        await db.SaveChangesAsync(ct);

        var year = now.Year;
        var anasGoal = new LearningGoal
        {
            MemberId = ana.Id, Title = $"12 credits of rheumatology in {year}", TargetCredits = 12m, SpecialtyCode = "rheumatology",
            StartsAt = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc), CreatedAt = now,
        };
        var samsGoal = new LearningGoal
        {
            MemberId = sam.Id, Title = "Answer eight cases this quarter", TargetCredits = 2m, Activity = LearningActivity.CaseAnswered,
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
