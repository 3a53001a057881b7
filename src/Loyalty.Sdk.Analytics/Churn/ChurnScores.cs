using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Churn risk per customer, in [0, 1]: higher means more likely to have left.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customers">The customer indexes scored (those with a purchase on or before the as-of date).</param>
/// <param name="Risk">The risk of each, in the same order.</param>
public sealed record ChurnScores(IReadOnlyList<int> Customers, IReadOnlyList<double> Risk);
