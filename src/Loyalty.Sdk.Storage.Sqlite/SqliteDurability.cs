namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>How hard SQLite works to keep a commit on disk (the <c>synchronous</c> pragma, in WAL mode).</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>synchronous=FULL</c>: a commit is on disk before it is acknowledged; it survives a process crash and a
    /// power loss. The default: the ledger is money-like.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>synchronous=NORMAL</c>: a commit survives a process crash; the last commits before a power loss or OS crash
    /// may roll back (the database is never corrupted). Faster; fine when orders can be replayed idempotently.
    /// </summary>
    Normal = 1,
}
