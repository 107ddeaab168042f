using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rounds.Web.Data.Migrations.Postgres
{
    /// <summary>Home rows lose their post index and foreign key (see FeedEntry).</summary>
    public partial class FeedEntriesWithoutPostIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_FeedEntries_Posts_PostId",
                table: "FeedEntries");

            migrationBuilder.DropIndex(
                name: "IX_FeedEntries_PostId",
                table: "FeedEntries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FeedEntries_PostId",
                table: "FeedEntries",
                column: "PostId");

            migrationBuilder.AddForeignKey(
                name: "FK_FeedEntries_Posts_PostId",
                table: "FeedEntries",
                column: "PostId",
                principalTable: "Posts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
