using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rounds.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Home rows lose their post index and foreign key (see FeedEntry). SQLite drops a foreign key by rebuilding the table, which drops its
    /// change-log triggers with it: they are made again after each rebuild.
    /// </summary>
    public partial class FeedEntriesWithoutPostIndex : Migration
    {
        // By hand, not DropForeignKey: EF rebuilds a table after the migration's other operations, so the triggers would be made first and
        // dropped with the old table.
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Rebuild(withPostKey: false));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Rebuild(withPostKey: true));

        private static string Rebuild(bool withPostKey) => $"""
            DROP INDEX IF EXISTS "IX_FeedEntries_PostId";
            CREATE TABLE "ef_temp_FeedEntries" (
                "MemberId" INTEGER NOT NULL,
                "PostId" INTEGER NOT NULL,
                "AuthorId" INTEGER NOT NULL,
                CONSTRAINT "PK_FeedEntries" PRIMARY KEY ("MemberId", "PostId"),
                CONSTRAINT "FK_FeedEntries_AspNetUsers_MemberId" FOREIGN KEY ("MemberId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE{(withPostKey ? ",\n    CONSTRAINT \"FK_FeedEntries_Posts_PostId\" FOREIGN KEY (\"PostId\") REFERENCES \"Posts\" (\"Id\") ON DELETE CASCADE" : "")}
            );
            INSERT INTO "ef_temp_FeedEntries" ("MemberId", "PostId", "AuthorId") SELECT "MemberId", "PostId", "AuthorId" FROM "FeedEntries";
            DROP TABLE "FeedEntries";
            ALTER TABLE "ef_temp_FeedEntries" RENAME TO "FeedEntries";
            {(withPostKey ? "CREATE INDEX \"IX_FeedEntries_PostId\" ON \"FeedEntries\" (\"PostId\");" : "")}
            {ChangeLogTriggers.SqliteTriggers("FeedEntries")}
            """;
    }
}
