namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Materialises the expiries that are due as Expire entries (dated when the points expired). Balances are correct
/// without it; it exists for statements, events and reports, and running it again changes nothing.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ExpireCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.ExpireHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="ExpireCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    public ExpireCommand(MemberId memberId, IdempotencyKey key)
        : base(memberId, key)
    {
    }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint;
}
