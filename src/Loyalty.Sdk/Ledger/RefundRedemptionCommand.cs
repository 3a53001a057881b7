using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Refunds a redemption, fully or partly: the points go back to the lots they came from, with their original expiry.
/// Points whose lot has expired meanwhile expire again at once, and both movements are recorded.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class RefundRedemptionCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.RefundHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="RefundRedemptionCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key of this refund.</param>
    /// <param name="redemptionKey">The idempotency key of the redemption to refund.</param>
    /// <param name="points">The points to refund, or <see langword="null"/> for everything not refunded yet.</param>
    /// <exception cref="ArgumentException"><paramref name="redemptionKey"/> is the default instance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is not positive.</exception>
    public RefundRedemptionCommand(MemberId memberId, IdempotencyKey key, IdempotencyKey redemptionKey, Points? points = null)
        : base(memberId, key)
    {
        Guard.NotDefault(redemptionKey.IsDefault, nameof(redemptionKey));
        RedemptionKey = redemptionKey;
        Points = points is { } p ? CheckPositive(p, nameof(points)) : null;
    }

    /// <summary>Gets the redemption to refund.</summary>
    public IdempotencyKey RedemptionKey { get; }

    /// <summary>Gets the points to refund, or <see langword="null"/> for all that remain.</summary>
    public Points? Points { get; }


    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(RedemptionKey.Value).Add(Points is { } p ? p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
}
