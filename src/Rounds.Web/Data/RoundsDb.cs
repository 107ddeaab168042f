using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Groups;
using Rounds.Web.Features.Verification;

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
