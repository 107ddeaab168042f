using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rounds.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LearningRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CreditRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Activity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    CreditPerActivity = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    RequiresReflection = table.Column<bool>(type: "boolean", nullable: false),
                    EffectiveFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SetById = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LearningEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Activity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    SourceKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SourceId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SpecialtyCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Credit = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    CreditRuleId = table.Column<long>(type: "bigint", nullable: true),
                    RuleName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    AwaitingReflection = table.Column<bool>(type: "boolean", nullable: false),
                    Reflection = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReflectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearningEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LearningEntries_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LearningEntries_CreditRules_CreditRuleId",
                        column: x => x.CreditRuleId,
                        principalTable: "CreditRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditRules_Activity_EffectiveFrom",
                table: "CreditRules",
                columns: new[] { "Activity", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_LearningEntries_CreditRuleId",
                table: "LearningEntries",
                column: "CreditRuleId");

            migrationBuilder.CreateIndex(
                name: "IX_LearningEntries_MemberId_Activity_SourceKind_SourceId",
                table: "LearningEntries",
                columns: new[] { "MemberId", "Activity", "SourceKind", "SourceId" },
                unique: true,
                filter: "\"SourceId\" <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_LearningEntries_MemberId_OccurredAt",
                table: "LearningEntries",
                columns: new[] { "MemberId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LearningEntries");

            migrationBuilder.DropTable(
                name: "CreditRules");
        }
    }
}
