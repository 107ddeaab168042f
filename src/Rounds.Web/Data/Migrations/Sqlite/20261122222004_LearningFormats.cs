using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rounds.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LearningFormats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LessonId",
                table: "PostMedia",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QuizItemId",
                table: "PostMedia",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedNotifiedAt",
                table: "Polls",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxChoices",
                table: "Polls",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PostId",
                table: "Polls",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResultsAfterClose",
                table: "Polls",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "LearningGoals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TargetCredits = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    SpecialtyCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Activity = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearningGoals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LearningGoals_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Lessons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SpecialtyCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    EstimatedMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lessons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Lessons_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PollReaches",
                columns: table => new
                {
                    PollId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PollReaches", x => new { x.PollId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_PollReaches_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PollReaches_Polls_PollId",
                        column: x => x.PollId,
                        principalTable: "Polls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizSeries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SpecialtyCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Hashtag = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReleaseDay = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReleaseMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OpenDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizSeries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizSeries_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LearningGoalPartners",
                columns: table => new
                {
                    GoalId = table.Column<long>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearningGoalPartners", x => new { x.GoalId, x.PartnerId });
                    table.ForeignKey(
                        name: "FK_LearningGoalPartners_AspNetUsers_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LearningGoalPartners_LearningGoals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "LearningGoals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LessonProgress",
                columns: table => new
                {
                    LessonId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrentPosition = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonProgress", x => new { x.LessonId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_LessonProgress_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LessonProgress_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LessonSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LessonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ImageId = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsentAttested = table.Column<bool>(type: "INTEGER", nullable: false),
                    CorrectOption = table.Column<int>(type: "INTEGER", nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LessonSteps_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LessonSteps_PostMedia_ImageId",
                        column: x => x.ImageId,
                        principalTable: "PostMedia",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "QuizEditors",
                columns: table => new
                {
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizEditors", x => new { x.SeriesId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_QuizEditors_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizEditors_QuizSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "QuizSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizFollows",
                columns: table => new
                {
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizFollows", x => new { x.SeriesId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_QuizFollows_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizFollows_QuizSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "QuizSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewerId = table.Column<long>(type: "INTEGER", nullable: true),
                    Stem = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CorrectOption = table.Column<int>(type: "INTEGER", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedReleaseAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReleaseAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosesAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnnouncedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PostId = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsentAttested = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsentStatement = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizItems_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizItems_AspNetUsers_ReviewerId",
                        column: x => x.ReviewerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_QuizItems_QuizSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "QuizSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LessonAnswers",
                columns: table => new
                {
                    StepId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    LessonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Option = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonAnswers", x => new { x.StepId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_LessonAnswers_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LessonAnswers_LessonSteps_StepId",
                        column: x => x.StepId,
                        principalTable: "LessonSteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LessonOptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StepId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonOptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LessonOptions_LessonSteps_StepId",
                        column: x => x.StepId,
                        principalTable: "LessonSteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Option = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizAnswers_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizAnswers_QuizItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "QuizItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizItemViews",
                columns: table => new
                {
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstViewedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizItemViews", x => new { x.ItemId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_QuizItemViews_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizItemViews_QuizItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "QuizItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizOptions",
                columns: table => new
                {
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizOptions", x => new { x.ItemId, x.Position });
                    table.ForeignKey(
                        name: "FK_QuizOptions_QuizItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "QuizItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizReferences",
                columns: table => new
                {
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizReferences", x => new { x.ItemId, x.Position });
                    table.ForeignKey(
                        name: "FK_QuizReferences_QuizItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "QuizItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizReviews",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Box = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastCorrect = table.Column<bool>(type: "INTEGER", nullable: true),
                    Reviews = table.Column<int>(type: "INTEGER", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizReviews", x => new { x.MemberId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_QuizReviews_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizReviews_QuizItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "QuizItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PostMedia_LessonId",
                table: "PostMedia",
                column: "LessonId");

            migrationBuilder.CreateIndex(
                name: "IX_PostMedia_QuizItemId",
                table: "PostMedia",
                column: "QuizItemId");

            migrationBuilder.CreateIndex(
                name: "IX_PollVotes_MemberId_PollId",
                table: "PollVotes",
                columns: new[] { "MemberId", "PollId" });

            migrationBuilder.CreateIndex(
                name: "IX_Polls_ClosesAt_Id",
                table: "Polls",
                columns: new[] { "ClosesAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Polls_PostId",
                table: "Polls",
                column: "PostId");

            migrationBuilder.CreateIndex(
                name: "IX_LearningEntries_MemberId_Article",
                table: "LearningEntries",
                columns: new[] { "MemberId", "Url" },
                unique: true,
                filter: "\"Activity\" = 'ArticleReflection'");

            migrationBuilder.CreateIndex(
                name: "IX_LearningGoalPartners_PartnerId",
                table: "LearningGoalPartners",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_LearningGoals_MemberId_EndsAt",
                table: "LearningGoals",
                columns: new[] { "MemberId", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LessonAnswers_LessonId_MemberId",
                table: "LessonAnswers",
                columns: new[] { "LessonId", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_LessonAnswers_MemberId",
                table: "LessonAnswers",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_LessonOptions_StepId",
                table: "LessonOptions",
                column: "StepId");

            migrationBuilder.CreateIndex(
                name: "IX_LessonProgress_MemberId",
                table: "LessonProgress",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Lessons_AuthorId",
                table: "Lessons",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Lessons_Status_Id",
                table: "Lessons",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LessonSteps_ImageId",
                table: "LessonSteps",
                column: "ImageId");

            migrationBuilder.CreateIndex(
                name: "IX_LessonSteps_LessonId_Position",
                table: "LessonSteps",
                columns: new[] { "LessonId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PollReaches_MemberId",
                table: "PollReaches",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizAnswers_ItemId_MemberId",
                table: "QuizAnswers",
                columns: new[] { "ItemId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizAnswers_MemberId_AnsweredAt",
                table: "QuizAnswers",
                columns: new[] { "MemberId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizAnswers_SeriesId",
                table: "QuizAnswers",
                column: "SeriesId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizEditors_MemberId",
                table: "QuizEditors",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizFollows_MemberId",
                table: "QuizFollows",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizItems_AuthorId",
                table: "QuizItems",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizItems_ReviewerId",
                table: "QuizItems",
                column: "ReviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizItems_SeriesId_ReleaseAt",
                table: "QuizItems",
                columns: new[] { "SeriesId", "ReleaseAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizItems_Status_AnnouncedAt_ReleaseAt",
                table: "QuizItems",
                columns: new[] { "Status", "AnnouncedAt", "ReleaseAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizItemViews_MemberId",
                table: "QuizItemViews",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizItemViews_SeriesId",
                table: "QuizItemViews",
                column: "SeriesId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizReviews_ItemId",
                table: "QuizReviews",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizReviews_MemberId_DoneAt_DueAt",
                table: "QuizReviews",
                columns: new[] { "MemberId", "DoneAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizSeries_OwnerId",
                table: "QuizSeries",
                column: "OwnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LearningGoalPartners");

            migrationBuilder.DropTable(
                name: "LessonAnswers");

            migrationBuilder.DropTable(
                name: "LessonOptions");

            migrationBuilder.DropTable(
                name: "LessonProgress");

            migrationBuilder.DropTable(
                name: "PollReaches");

            migrationBuilder.DropTable(
                name: "QuizAnswers");

            migrationBuilder.DropTable(
                name: "QuizEditors");

            migrationBuilder.DropTable(
                name: "QuizFollows");

            migrationBuilder.DropTable(
                name: "QuizItemViews");

            migrationBuilder.DropTable(
                name: "QuizOptions");

            migrationBuilder.DropTable(
                name: "QuizReferences");

            migrationBuilder.DropTable(
                name: "QuizReviews");

            migrationBuilder.DropTable(
                name: "LearningGoals");

            migrationBuilder.DropTable(
                name: "LessonSteps");

            migrationBuilder.DropTable(
                name: "QuizItems");

            migrationBuilder.DropTable(
                name: "Lessons");

            migrationBuilder.DropTable(
                name: "QuizSeries");

            migrationBuilder.DropIndex(
                name: "IX_PostMedia_LessonId",
                table: "PostMedia");

            migrationBuilder.DropIndex(
                name: "IX_PostMedia_QuizItemId",
                table: "PostMedia");

            migrationBuilder.DropIndex(
                name: "IX_PollVotes_MemberId_PollId",
                table: "PollVotes");

            migrationBuilder.DropIndex(
                name: "IX_Polls_ClosesAt_Id",
                table: "Polls");

            migrationBuilder.DropIndex(
                name: "IX_Polls_PostId",
                table: "Polls");

            migrationBuilder.DropIndex(
                name: "IX_LearningEntries_MemberId_Article",
                table: "LearningEntries");

            migrationBuilder.DropColumn(
                name: "LessonId",
                table: "PostMedia");

            migrationBuilder.DropColumn(
                name: "QuizItemId",
                table: "PostMedia");

            migrationBuilder.DropColumn(
                name: "ClosedNotifiedAt",
                table: "Polls");

            migrationBuilder.DropColumn(
                name: "MaxChoices",
                table: "Polls");

            migrationBuilder.DropColumn(
                name: "PostId",
                table: "Polls");

            migrationBuilder.DropColumn(
                name: "ResultsAfterClose",
                table: "Polls");
        }
    }
}
