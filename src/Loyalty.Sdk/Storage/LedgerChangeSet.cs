using System.Collections.Generic;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// Everything one command changes, decided by the engine and committed by a store in one transaction: new entries,
/// created or updated lots, the accrual and redemption records it touched, the new account state and the idempotency record.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record LedgerChangeSet
{
    /// <summary>Gets the account version the decision was based on; the commit fails if the stored version differs.</summary>
    public required long ExpectedVersion { get; init; }

    /// <summary>Gets the account state after the command (version <see cref="ExpectedVersion"/> + 1).</summary>
    public required AccountState NewState { get; init; }

    /// <summary>Gets the new entries, in sequence order.</summary>
    public required IReadOnlyList<LedgerEntry> Entries { get; init; }

    /// <summary>Gets the lots created or changed, in their new form (closed lots have zero remaining).</summary>
    public required IReadOnlyList<Lot> Lots { get; init; }

    /// <summary>Gets the accrual created or updated, if any.</summary>
    public OrderAccrual? Accrual { get; init; }

    /// <summary>
    /// Gets a value indicating whether <see cref="Accrual"/> is new: the decision saw no accrual for its order. A store
    /// that answers loads <see cref="LedgerContext.Unverified"/> must then insert it only if none exists and otherwise
    /// write nothing and return <see cref="CommitStatus.DuplicateKey"/>; any store may.
    /// </summary>
    public bool AccrualIsNew { get; init; }

    /// <summary>Gets the redemption created or updated, if any.</summary>
    public RedemptionRecord? Redemption { get; init; }

    /// <summary>Gets the reward claim created or updated, if any.</summary>
    public Engagement.RewardClaim? Claim { get; init; }

    /// <summary>
    /// Gets the change to a reward's stock, if any. The store applies it only if the stock stays consistent
    /// (reserved and confirmed never negative, never more than the total); otherwise it writes nothing and returns
    /// <see cref="CommitStatus.StockConflict"/>.
    /// </summary>
    public StockChange? Stock { get; init; }

    /// <summary>
    /// Gets the change to a program-wide period count, if any. The store applies it only if the count stays between 0
    /// and its limit; otherwise it writes nothing and returns <see cref="CommitStatus.StockConflict"/>.
    /// </summary>
    public QuotaChange? Quota { get; init; }

    /// <summary>Gets the domain events to append to the outbox in the same transaction.</summary>
    public IReadOnlyList<Events.LoyaltyEvent> Events { get; init; } = [];

    /// <summary>Gets the idempotency record to insert.</summary>
    public required IdempotencyRecord Idempotency { get; init; }
}
