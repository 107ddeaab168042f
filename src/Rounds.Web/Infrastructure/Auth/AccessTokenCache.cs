using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Rounds.Web.Features.Accounts;

namespace Rounds.Web.Infrastructure.Auth;

/// <summary>What a valid token says about its member: all the token handler and the audience check need.</summary>
public sealed record TokenIdentity(long TokenId, long MemberId, string Handle, Profession Profession, DateTime? VerifiedAt, DateTime? VerifiedUntil,
    DateTimeOffset? LockoutEnd, string[] Roles, int Generation)
{
    /// <summary>When this node last stamped the token's use (at most once a minute).</summary>
    public DateTime? LastUsedAt { get; set; }
}

public sealed class AuthOptions
{
    /// <summary>How long a node trusts a token it checked without asking the database again; 0 asks on every request.</summary>
    public int TokenCacheSeconds { get; set; } = 30;
}

/// <summary>
/// Validated tokens by hash, in memory, so a read with a token costs no database round trip. Any change this node saves to a member's
/// account, roles or tokens (revocation, verification, profession, lock-out) drops that member's entries at once
/// (<see cref="AccountChanges"/>); a change saved by another node or the command line is seen within <see cref="AuthOptions.TokenCacheSeconds"/>.
/// </summary>
public sealed class AccessTokenCache(AuthOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private int _generation;
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Max(options.TokenCacheSeconds, 0));

    /// <summary>The generation an entry must carry to count; taken before reading the database, so a change saved meanwhile wins.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public bool TryGet(string hash, out TokenIdentity identity)
    {
        identity = null!;
        if (_ttl == TimeSpan.Zero || !_cache.TryGetValue(hash, out TokenIdentity? found) || found is null) return false;
        if (found.Generation != Generation) return false;
        identity = found;
        return true;
    }

    public void Set(string hash, TokenIdentity identity)
    {
        if (_ttl == TimeSpan.Zero || identity.Generation != Generation) return;
        _cache.Set(hash, identity, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _ttl });
    }

    /// <summary>Cached tokens stop counting — all of them: account changes are rare, and one counter leaves no window for a stale entry.</summary>
    public void ForgetAll() => Interlocked.Increment(ref _generation);

    public void Dispose() => _cache.Dispose();
}

/// <summary>
/// Tells the token cache about saved changes to accounts, roles, role memberships and tokens: before the save, after it, and — when the
/// save is part of a transaction — after the commit. Bulk writes (<c>ExecuteUpdate</c>, raw SQL) to those tables bypass this and must call
/// <see cref="AccessTokenCache.ForgetAll"/> themselves.
/// </summary>
public sealed class AccountChanges(AccessTokenCache tokens) : SaveChangesInterceptor
{
    private static bool Touches(DbContext? db) => db is not null && db.ChangeTracker.Entries()
        .Any(e => (e.State is EntityState.Modified or EntityState.Deleted or EntityState.Added) && e.Entity switch
        {
            Member or AccessToken => e.State != EntityState.Added, // a new account or token has nothing cached yet
            IdentityUserRole<long> or IdentityRole<long> => true,
            _ => false,
        });

    // Forgotten before the save (a request in between reads the database again) and after it becomes visible (one that read the old row meanwhile).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _pending = [];

    private void Before(DbContext? db)
    {
        if (!Touches(db)) return;
        tokens.ForgetAll();
        _pending.AddOrUpdate(db!, db!);
    }

    private void After(DbContext? db)
    {
        if (db is null || db.Database.CurrentTransaction is not null || !_pending.TryGetValue(db, out _)) return; // visible only at commit
        Ended(db);
    }

    /// <summary>The save's transaction ended (committed or not): the change is visible, or gone.</summary>
    public void Ended(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out _)) return;
        _pending.Remove(db);
        tokens.ForgetAll();
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    /// <summary>Hears of commits and rollbacks, for saves made inside a transaction.</summary>
    public sealed class Transactions(AccountChanges changes) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => changes.Ended(eventData.Context);

        public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            changes.Ended(eventData.Context);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => changes.Ended(eventData.Context);

        public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            changes.Ended(eventData.Context);
            return Task.CompletedTask;
        }
    }
}
