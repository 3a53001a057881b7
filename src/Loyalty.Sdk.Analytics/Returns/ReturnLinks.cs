using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Returns;

/// <summary>What <see cref="ReturnLinker"/> found: per purchase line, what was returned of it; and how returns linked.</summary>
public sealed class ReturnLinks
{
    private readonly bool[] _cancelled;

    internal ReturnLinks(decimal[] returnedAmounts, bool[] cancelled)
    {
        ReturnedAmounts = returnedAmounts;
        _cancelled = cancelled;
    }

    /// <summary>Gets, per purchase line, the amount returned of it (0 to the line's amount).</summary>
    public IReadOnlyList<decimal> ReturnedAmounts { get; }

    /// <summary>Gets, per purchase line, whether its whole order was returned (the order is then no purchase at all).</summary>
    public IReadOnlyList<bool> Cancelled => _cancelled;

    internal void SetCancelled(int line, bool cancelled) => _cancelled[line] = cancelled;

    /// <summary>Gets how many orders were returned whole.</summary>
    public int CancelledOrders { get; internal set; }

    /// <summary>Gets how many return lines linked, in full or in part, through the order they name.</summary>
    public long LinkedByOrder { get; internal set; }

    /// <summary>Gets how many return lines linked, in full or in part, only through an earlier purchase of their product.</summary>
    public long LinkedByProduct { get; internal set; }

    /// <summary>Gets how many return lines linked to nothing (no named order, no earlier purchase of the product left).</summary>
    public long Unlinked { get; internal set; }

    /// <summary>Gets the amount subtracted from purchase lines (the sum of <see cref="ReturnedAmounts"/>).</summary>
    public decimal LinkedAmount { get; internal set; }

    /// <summary>Gets the returns' amount that linked to no purchase line (returns of purchases outside the data, discounts, or more than was bought).</summary>
    public decimal UnlinkedAmount { get; internal set; }
}
