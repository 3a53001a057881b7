using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>One line of a statement.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="At">When the line took effect.</param>
/// <param name="Kind">The kind of movement.</param>
/// <param name="Amount">The signed change of the balance.</param>
/// <param name="Entry">The ledger entry, or <see langword="null"/> for an expiry not yet materialised.</param>
/// <param name="LotId">For an expiry not yet materialised, the lot that expires.</param>
public sealed record StatementLine(Instant At, LedgerEntryKind Kind, Points Amount, LedgerEntry? Entry, long? LotId)
{
    /// <summary>Gets a value indicating whether the line is a written ledger entry.</summary>
    public bool IsMaterialized => Entry is not null;
}
