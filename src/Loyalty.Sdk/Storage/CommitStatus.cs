namespace Loyalty.Sdk.Storage;

/// <summary>The result of <see cref="ILedgerStore.CommitAsync"/>.</summary>
public enum CommitStatus
{
    /// <summary>All changes were committed.</summary>
    Committed = 0,

    /// <summary>The account's version changed since the decision; nothing was written and the engine retries.</summary>
    VersionConflict = 1,

    /// <summary>The idempotency key was committed by someone else meanwhile; nothing was written.</summary>
    DuplicateKey = 2,

    /// <summary>The stock change would oversell (or release what is not reserved), or a period count would pass its limit; nothing was written and the engine re-decides.</summary>
    StockConflict = 3,
}
