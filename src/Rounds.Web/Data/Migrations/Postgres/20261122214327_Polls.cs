using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rounds.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Polls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedNotifiedAt",
                table: "Polls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxChoices",
                table: "Polls",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PostId",
                table: "Polls",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResultsAfterClose",
                table: "Polls",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PollReaches",
                columns: table => new
                {
                    PollId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_PollReaches_MemberId",
                table: "PollReaches",
                column: "MemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PollReaches");

            migrationBuilder.DropIndex(
                name: "IX_PollVotes_MemberId_PollId",
                table: "PollVotes");

            migrationBuilder.DropIndex(
                name: "IX_Polls_ClosesAt_Id",
                table: "Polls");

            migrationBuilder.DropIndex(
                name: "IX_Polls_PostId",
                table: "Polls");

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
