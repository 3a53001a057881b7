using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>Spends points from available lots, soonest-expiring first. Never overdraws, even under concurrency.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class RedeemCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.RedeemHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="RedeemCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>order:124:redeem</c>; a refund refers to it.</param>
    /// <param name="points">The points to spend, greater than zero.</param>
    /// <param name="orderId">The order the points pay for, if any.</param>
    /// <param name="orderValue">The value of that order, needed when the program caps redemptions at a share of the order.</param>
    /// <exception cref="ArgumentException"><paramref name="orderId"/> is empty or too long, or the order value has no currency.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> or <paramref name="orderValue"/> is not positive.</exception>
    public RedeemCommand(MemberId memberId, IdempotencyKey key, Points points, string? orderId = null, Money? orderValue = null)
        : base(memberId, key)
    {
        Points = CheckPositive(points, nameof(points));
        OrderId = orderId is null ? null : CheckText(orderId, nameof(orderId));
        if (orderValue is { } value)
        {
            Guard.NotDefault(value.Currency.IsDefault, nameof(orderValue));
            if (value.Amount <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(orderValue), value.Amount, "The order value must be greater than zero.");
            }
        }

        OrderValue = orderValue;
    }

    /// <summary>Gets the points to spend.</summary>
    public Points Points { get; }

    /// <summary>Gets the order the points pay for, if any.</summary>
    public string? OrderId { get; }

    /// <summary>Gets the value of the order the points pay for, if given.</summary>
    public Money? OrderValue { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(Points.Value).Add(OrderId).Add(OrderValue?.Currency.Code).Add(OrderValue?.Amount ?? 0m);
}
