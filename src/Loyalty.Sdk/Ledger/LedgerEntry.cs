using System.Collections.Generic;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// One append-only ledger entry. The member's balance is the sum of <see cref="Amount"/> over all entries; every
/// entry also records how it moved lots and debt, so the state at any instant can be rebuilt from entries alone.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record LedgerEntry
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the position of the entry in the member's ledger, from 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the kind of entry.</summary>
    public required LedgerEntryKind Kind { get; init; }

    /// <summary>Gets the signed change of the member's balance (debt counts as negative balance).</summary>
    public required Points Amount { get; init; }

    /// <summary>
    /// Gets the instant the entry takes effect. For expiries this is when the points expired, which may be earlier
    /// than <see cref="RecordedAt"/> when the expiry was materialised later.
    /// </summary>
    public required Instant At { get; init; }

    /// <summary>Gets the instant the entry was written.</summary>
    public required Instant RecordedAt { get; init; }

    /// <summary>Gets the idempotency key of the command that wrote the entry.</summary>
    public required IdempotencyKey CommandKey { get; init; }

    /// <summary>Gets the order the entry belongs to, for order earns, returns and redemptions against an order.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets the activity type, for activity earns.</summary>
    public string? ActivityType { get; init; }

    /// <summary>Gets the idempotency key of the refunded redemption, for redemption refunds.</summary>
    public IdempotencyKey? RedemptionKey { get; init; }

    /// <summary>Gets the tier: the new tier for tier changes, the floor for tier floors.</summary>
    public string? Tier { get; init; }

    /// <summary>Gets what the entry adds to or takes from the tier-qualifying totals (order earns, activity earns and returns).</summary>
    public QualifyingChange? Qualifying { get; init; }

    /// <summary>Gets the reason, for adjustments, tier changes and tier floors.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the lots the entry moved.</summary>
    public IReadOnlyList<LotMovement> Movements { get; init; } = [];

    /// <summary>Gets the signed change of the member's debt (positive when a reversal created debt, negative when a credit settled it).</summary>
    public Points DebtChange { get; init; }

    /// <summary>Gets the points a capped reversal could not claw back and wrote off.</summary>
    public Points WrittenOff { get; init; }
}
