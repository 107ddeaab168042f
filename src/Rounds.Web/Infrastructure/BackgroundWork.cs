namespace Rounds.Web.Infrastructure;

/// <summary>
/// Marks work the node does on its own behalf (jobs, the change-log poller) rather than for a person waiting on a request.
/// The mark flows with the async context into everything the marked code starts. On SQLite such work pays for the log's
/// checkpoints, so a member's post does not (<see cref="Data.SqlitePragmas"/>).
/// </summary>
public static class BackgroundWork
{
    private static readonly AsyncLocal<bool> Marked = new();

    public static bool IsCurrent => Marked.Value;

    /// <summary>Marks the calling flow, and what it starts from now on, as background work.</summary>
    public static void Begin() => Marked.Value = true;
}
