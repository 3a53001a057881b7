namespace Loyalty.Sdk.Storage;

/// <summary>The result of <see cref="ILedgerStore.CommitAsync"/>.</summary>
public enum CommitStatus
{
    /// <summary>All changes were committed.</summary>
    Committed = 0,

    /// <summary>The account's version changed since the decision; nothing was written and the engine retries.</summary>
    VersionConflict = 1,

    /// <summary>
    /// A record the decision took to be absent exists: the idempotency key was committed by someone else meanwhile,
    /// or (on an <see cref="LedgerContext.Unverified"/> load) the key or the order's accrual was stored before.
    /// Nothing was written; the engine decides again at once on a verified load.
    /// </summary>
    DuplicateKey = 2,

    /// <summary>The stock change would oversell (or release what is not reserved), or a period count would pass its limit; nothing was written and the engine re-decides.</summary>
    StockConflict = 3,
}
