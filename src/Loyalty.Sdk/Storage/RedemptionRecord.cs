using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>A redemption and the lots it consumed, so that a refund restores the same lots with their original expiry.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RedemptionRecord
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the idempotency key of the redemption command, which identifies the redemption.</summary>
    public required IdempotencyKey Key { get; init; }

    /// <summary>Gets the sequence number of the redeem entry.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the order the points were redeemed against, if any.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets the instant of the redemption.</summary>
    public required Instant At { get; init; }

    /// <summary>Gets the points redeemed.</summary>
    public required Points Points { get; init; }

    /// <summary>Gets the points refunded so far.</summary>
    public Points RefundedPoints { get; init; }

    /// <summary>Gets the lots consumed, in consumption order.</summary>
    public required IReadOnlyList<LotAllocation> Allocations { get; init; }
}
