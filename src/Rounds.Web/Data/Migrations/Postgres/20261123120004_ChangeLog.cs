using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rounds.Web.Data.Migrations.Postgres
{
    /// <summary>The change log and the triggers that feed it (decision 0002, "Warm timeline pages"); no entity maps it.</summary>
    [DbContext(typeof(PostgresRoundsDb))]
    [Migration("20261123120004_ChangeLog")]
    public partial class ChangeLog : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ChangeLogTriggers.Postgres());

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ChangeLogTriggers.DropPostgres());
    }
}
