using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Repeat-purchase figures.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customers">Customers with at least one order on or before the as-of date.</param>
/// <param name="Repeaters">Customers with two or more orders.</param>
/// <param name="WithinDays">The offsets N of <see cref="Within"/>.</param>
/// <param name="Within">Per N: customers observable for N days after their first order (first + N ≤ as-of), and those with a second order by first + N.</param>
/// <param name="DaysToSecondOrder">The distribution of days from the first to the second order, over repeaters.</param>
public sealed record RepeatPurchaseReport(int Customers, int Repeaters, IReadOnlyList<int> WithinDays, IReadOnlyList<RetentionCell> Within, Quartiles? DaysToSecondOrder)
{
    /// <summary>Gets repeaters ÷ customers.</summary>
    public double Rate => Customers == 0 ? double.NaN : (double)Repeaters / Customers;
}
