using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rounds.Web.Data.Migrations.Sqlite
{
    /// <summary>The change log and the triggers that feed it (decision 0002, "Warm timeline pages"); no entity maps it.</summary>
    [DbContext(typeof(SqliteRoundsDb))]
    [Migration("20261123120000_ChangeLog")]
    public partial class ChangeLog : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ChangeLogTriggers.Sqlite());

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ChangeLogTriggers.DropSqlite());
    }
}
