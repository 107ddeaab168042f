using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Cases;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Groups;
using Rounds.Web.Features.Learning;
using Rounds.Web.Features.Conversations;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Data;

/// <summary>The one model. Provider subclasses exist only to keep one migration set per database.</summary>
public abstract class RoundsDb(DbContextOptions options) : IdentityDbContext<Member, IdentityRole<long>, long>(options)
{
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<VerificationRequest> VerificationRequests => Set<VerificationRequest>();
    public DbSet<Vouch> Vouches => Set<Vouch>();
    public DbSet<InstitutionDomain> InstitutionDomains => Set<InstitutionDomain>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<HashtagFollow> HashtagFollows => Set<HashtagFollow>();
    public DbSet<Mute> Mutes => Set<Mute>();
    public DbSet<MemberList> MemberLists => Set<MemberList>();
    public DbSet<MemberListEntry> MemberListEntries => Set<MemberListEntry>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostMedia> PostMedia => Set<PostMedia>();
    public DbSet<PostTag> PostTags => Set<PostTag>();
    public DbSet<PostMention> PostMentions => Set<PostMention>();
    public DbSet<PostPaper> PostPapers => Set<PostPaper>();
    public DbSet<PostEdit> PostEdits => Set<PostEdit>();
    public DbSet<Like> Likes => Set<Like>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<FeedEntry> FeedEntries => Set<FeedEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationMember> ConversationMembers => Set<ConversationMember>();
    public DbSet<DirectMessage> DirectMessages => Set<DirectMessage>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<GuardDecision> GuardDecisions => Set<GuardDecision>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<Pseudonym> Pseudonyms => Set<Pseudonym>();
    public DbSet<Poll> Polls => Set<Poll>();
    public DbSet<PollOption> PollOptions => Set<PollOption>();
    public DbSet<PollVote> PollVotes => Set<PollVote>();
    public DbSet<LearningEntry> LearningEntries => Set<LearningEntry>();
    public DbSet<CreditRule> CreditRules => Set<CreditRule>();
    public DbSet<Features.Events.Event> Events => Set<Features.Events.Event>();
    public DbSet<Features.Events.EventHost> EventHosts => Set<Features.Events.EventHost>();
    public DbSet<Features.Events.EventSession> EventSessions => Set<Features.Events.EventSession>();
    public DbSet<Features.Events.EventSpeaker> EventSpeakers => Set<Features.Events.EventSpeaker>();
    public DbSet<Features.Events.EventRsvp> EventRsvps => Set<Features.Events.EventRsvp>();
    public DbSet<Features.Events.EventMessage> EventMessages => Set<Features.Events.EventMessage>();
    public DbSet<Features.Events.EventQuestion> EventQuestions => Set<Features.Events.EventQuestion>();
    public DbSet<Features.Events.EventPresence> EventPresence => Set<Features.Events.EventPresence>();
    public DbSet<Features.Events.EventAttendance> EventAttendance => Set<Features.Events.EventAttendance>();
    public DbSet<Features.Events.EventCheckIn> EventCheckIns => Set<Features.Events.EventCheckIn>();
    public DbSet<Features.Events.SessionSummary> SessionSummaries => Set<Features.Events.SessionSummary>();
    public DbSet<Features.Events.EventUpvote> EventUpvotes => Set<Features.Events.EventUpvote>();
    public DbSet<Features.Events.CalendarFeed> CalendarFeeds => Set<Features.Events.CalendarFeed>();
    public DbSet<Features.Lessons.Lesson> Lessons => Set<Features.Lessons.Lesson>();
    public DbSet<Features.Lessons.LessonStep> LessonSteps => Set<Features.Lessons.LessonStep>();
    public DbSet<Features.Lessons.LessonOption> LessonOptions => Set<Features.Lessons.LessonOption>();
    public DbSet<Features.Lessons.LessonProgress> LessonProgress => Set<Features.Lessons.LessonProgress>();
    public DbSet<Features.Lessons.LessonAnswer> LessonAnswers => Set<Features.Lessons.LessonAnswer>();
    public DbSet<LearningGoal> LearningGoals => Set<LearningGoal>();
    public DbSet<LearningGoalPartner> LearningGoalPartners => Set<LearningGoalPartner>();
    public DbSet<PollReach> PollReaches => Set<PollReach>();
    public DbSet<Features.Quizzes.QuizSeries> QuizSeries => Set<Features.Quizzes.QuizSeries>();
    public DbSet<Features.Quizzes.QuizEditor> QuizEditors => Set<Features.Quizzes.QuizEditor>();
    public DbSet<Features.Quizzes.QuizFollow> QuizFollows => Set<Features.Quizzes.QuizFollow>();
    public DbSet<Features.Quizzes.QuizItem> QuizItems => Set<Features.Quizzes.QuizItem>();
    public DbSet<Features.Quizzes.QuizOption> QuizOptions => Set<Features.Quizzes.QuizOption>();
    public DbSet<Features.Quizzes.QuizReference> QuizReferences => Set<Features.Quizzes.QuizReference>();
    public DbSet<Features.Quizzes.QuizAnswer> QuizAnswers => Set<Features.Quizzes.QuizAnswer>();
    public DbSet<Features.Quizzes.QuizReview> QuizReviews => Set<Features.Quizzes.QuizReview>();
    public DbSet<Features.Quizzes.QuizItemView> QuizItemViews => Set<Features.Quizzes.QuizItemView>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RoundsDb).Assembly);
    }
}

public sealed class SqliteRoundsDb(DbContextOptions<SqliteRoundsDb> options) : RoundsDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite keeps no kind; every DateTime in Rounds is UTC.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class PostgresRoundsDb(DbContextOptions<PostgresRoundsDb> options) : RoundsDb(options);

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
