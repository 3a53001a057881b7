using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Cli;

/// <summary>The purchases read from a file, with the rows that could not be used and the returns set aside.</summary>
internal sealed record PurchaseFileContents(PurchaseTable Table, decimal[]? Amounts, long Rows, long BadRowCount, IReadOnlyList<BadRow> FirstBadRows)
{
    /// <summary>Gets the rows that were returns or cancellations (not purchases).</summary>
    public long ReturnRows { get; init; }

    /// <summary>Gets the amount of those rows, as a positive sum of their absolute amounts.</summary>
    public decimal ReturnedAmount { get; init; }

    /// <summary>Gets how many rows could not be used, by kind of reason (such as <c>missing customer</c>).</summary>
    public IReadOnlyDictionary<string, long> BadReasons { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Gets the purchases as bought, before linked returns lowered them: what return rates are relative to, and what
    /// <see cref="Returns"/> indexes. The same as <see cref="Table"/> and <see cref="Amounts"/> when nothing was linked.
    /// </summary>
    public (PurchaseTable Table, decimal[]? Amounts) Bought { get; init; }

    /// <summary>Gets the return rows of customers who bought something (their amounts positive), indexed as <see cref="Bought"/>, for return rates.</summary>
    public Analytics.Returns.ReturnRecords? Returns { get; init; }

    /// <summary>Gets what finds the table's customers and orders by their ids (for reviews).</summary>
    public OrderFinder? Orders { get; init; }

    /// <summary>Gets how reversal rows linked to the purchases they undo, when the return rule marks reversals.</summary>
    public Analytics.Returns.ReturnLinks? Links { get; init; }

    /// <summary>Gets the return rows of customers with no purchase in the export.</summary>
    public long UnmatchedReturnRows { get; init; }

    /// <summary>Gets, per row filter, how many usable rows it set aside.</summary>
    public IReadOnlyList<long> Filtered { get; init; } = [];
}
