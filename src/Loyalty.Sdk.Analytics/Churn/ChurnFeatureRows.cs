using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>One row of features per customer at a cutoff, row-major.</summary>
/// <remarks>This type does not copy its arrays; treat them as read-only.</remarks>
/// <param name="Customers">The customer indexes, ascending (those with a purchase on or before the cutoff).</param>
/// <param name="Names">The feature names, one per column.</param>
/// <param name="Values">The values: row i, column j at <c>i × Names.Count + j</c>.</param>
public sealed record ChurnFeatureRows(int[] Customers, IReadOnlyList<string> Names, double[] Values)
{
    /// <summary>Gets one customer's features.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The features.</returns>
    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Names.Count, Names.Count);
}
