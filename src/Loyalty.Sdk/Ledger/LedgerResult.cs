using System.Collections.Generic;

namespace Loyalty.Sdk.Ledger;

/// <summary>The result of a command: the entries it wrote (or would write) and the balance after it, or a typed rejection.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class LedgerResult
{
    internal LedgerResult(LedgerOutcome outcome, IReadOnlyList<LedgerEntry> entries, AccountBalance balance, long version, Rejection? rejection, OrderAccrual? accrual = null)
    {
        Outcome = outcome;
        Entries = entries;
        Balance = balance;
        Version = version;
        Rejection = rejection;
        Accrual = accrual;
    }

    /// <summary>Gets what happened.</summary>
    public LedgerOutcome Outcome { get; }

    /// <summary>Gets a value indicating whether the command took (or, for a preview, would take) effect.</summary>
    public bool IsSuccess => Outcome != LedgerOutcome.Rejected;

    /// <summary>Gets the rejection, when <see cref="Outcome"/> is <see cref="LedgerOutcome.Rejected"/>.</summary>
    public Rejection? Rejection { get; }

    /// <summary>Gets the entries the command wrote, including expiries it materialised first; empty when rejected.</summary>
    public IReadOnlyList<LedgerEntry> Entries { get; }

    /// <summary>Gets the balance right after the command (the current balance when rejected).</summary>
    public AccountBalance Balance { get; }

    /// <summary>Gets the account version after the command.</summary>
    public long Version { get; }

    /// <summary>
    /// Gets, for an earn or a return, the order's accrual: per line, the multiplier, the rules that applied and the
    /// points, and what was returned. For a replay it is the order's accrual as it is now.
    /// </summary>
    public OrderAccrual? Accrual { get; }

    /// <inheritdoc />
    public override string ToString() =>
        Rejection is null ? $"{Outcome}: {Entries.Count} entr(ies), total {Balance.Total}" : $"Rejected ({Rejection.Reason}): {Rejection.Message}";
}
