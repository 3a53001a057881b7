namespace Loyalty.Sdk.Storage;

/// <summary>
/// What kind of storage failure a <see cref="LedgerStoreException"/> reports. Whether the command may have committed is
/// <see cref="LedgerStoreException.MayHaveCommitted"/>: when it is <see langword="true"/>, run the same command with the
/// same idempotency key again (it replays if it committed, and commits if it did not); when it is
/// <see langword="false"/>, nothing was written.
/// </summary>
public enum LedgerStoreFailure
{
    /// <summary>The store cannot be used as configured: the database is missing, read-only, not a database, unreachable at start-up, or its schema is newer than this library. Nothing was written.</summary>
    Unavailable = 0,

    /// <summary>Another writer held the database's write lock for longer than the store's busy timeout (SQLite). Nothing was written.</summary>
    Busy = 1,

    /// <summary>The database did not answer in time (a command or statement timeout). May have committed when it happened during a commit.</summary>
    Timeout = 2,

    /// <summary>The connection broke (a server restart, a network failure). May have committed when it happened during a commit.</summary>
    ConnectionLost = 3,

    /// <summary>A constraint the store did not expect failed (another program writing to the tables, or a bug). Nothing was written.</summary>
    Constraint = 4,

    /// <summary>Any other database error: disk full, an I/O error, corruption, resources exhausted. May have committed when it happened during a commit.</summary>
    Storage = 5,
}
