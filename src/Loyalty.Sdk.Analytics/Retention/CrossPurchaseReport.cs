using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Cross-purchase figures: how many customers buy in more than one category, and P(bought B | bought A).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customers">Customers with at least one categorised purchase.</param>
/// <param name="MultiCategory">Customers with purchases in two or more categories.</param>
/// <param name="Categories">The category names (or indexes as text), in index order.</param>
/// <param name="Bought">Per category A: customers who bought A.</param>
/// <param name="Both">Per A and B: customers who bought both (the diagonal equals <paramref name="Bought"/>).</param>
public sealed record CrossPurchaseReport(int Customers, int MultiCategory, IReadOnlyList<string> Categories, IReadOnlyList<int> Bought, int[,] Both)
{
    /// <summary>Gets multi-category customers ÷ customers with a category.</summary>
    public double Rate => Customers == 0 ? double.NaN : (double)MultiCategory / Customers;

    /// <summary>Gets P(bought B | bought A) = both ÷ bought A.</summary>
    /// <param name="a">Category A's index.</param>
    /// <param name="b">Category B's index.</param>
    /// <returns>The conditional share, NaN when nobody bought A.</returns>
    public double Conditional(int a, int b) => Bought[a] == 0 ? double.NaN : (double)Both[a, b] / Bought[a];
}
