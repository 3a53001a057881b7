using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>Spends points from available lots, soonest-expiring first. Never overdraws, even under concurrency.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class RedeemCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="RedeemCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>order:124:redeem</c>; a refund refers to it.</param>
    /// <param name="points">The points to spend, greater than zero.</param>
    /// <param name="orderId">The order the points pay for, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="orderId"/> is empty or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is not positive.</exception>
    public RedeemCommand(MemberId memberId, IdempotencyKey key, Points points, string? orderId = null)
        : base(memberId, key)
    {
        Points = CheckPositive(points, nameof(points));
        OrderId = orderId is null ? null : CheckText(orderId, nameof(orderId));
    }

    /// <summary>Gets the points to spend.</summary>
    public Points Points { get; }

    /// <summary>Gets the order the points pay for, if any.</summary>
    public string? OrderId { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(Points.Value).Add(OrderId);
}
