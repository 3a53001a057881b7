using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>A manual correction with a reason: a positive adjustment credits a new lot, a negative one debits available lots.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class AdjustCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.AdjustHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="AdjustCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="points">The signed correction, not zero.</param>
    /// <param name="reason">Why the correction was made.</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is zero or <see cref="long.MinValue"/>.</exception>
    public AdjustCommand(MemberId memberId, IdempotencyKey key, Points points, string reason)
        : base(memberId, key)
    {
        if (points.IsZero || points.Value == long.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points.Value, "An adjustment must be non-zero and negatable.");
        }

        Points = points;
        Reason = Guard.Text(reason, 1_000, nameof(reason));
    }

    /// <summary>Gets the signed correction.</summary>
    public Points Points { get; }

    /// <summary>Gets the reason.</summary>
    public string Reason { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(Points.Value).Add(Reason);
}
