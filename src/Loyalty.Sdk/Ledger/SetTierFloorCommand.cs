namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Sets or clears a member's manual tier floor (a VIP override): reviews never lower the member below it, and a
/// floor above the current tier raises the member at once. Clearing it lowers nothing until the next review.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class SetTierFloorCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.TierFloorHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="SetTierFloorCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="tierId">The floor tier, or <see langword="null"/> to clear the floor.</param>
    /// <param name="reason">Why, recorded in the tier history.</param>
    /// <exception cref="System.ArgumentException"><paramref name="tierId"/> is empty, or <paramref name="reason"/> is empty or too long.</exception>
    public SetTierFloorCommand(MemberId memberId, IdempotencyKey key, string? tierId, string reason)
        : base(memberId, key)
    {
        TierId = tierId is null ? null : Guard.Text(tierId, 100, nameof(tierId));
        Reason = Guard.Text(reason, 1_000, nameof(reason));
    }

    /// <summary>Gets the floor tier, or <see langword="null"/> when the command clears the floor.</summary>
    public string? TierId { get; }

    /// <summary>Gets the reason.</summary>
    public string Reason { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(TierId).Add(Reason);
}
