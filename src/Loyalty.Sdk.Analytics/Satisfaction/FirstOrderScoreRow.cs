namespace Loyalty.Sdk.Analytics.Satisfaction;

/// <summary>Whether customers came back, by the score they gave their first order.</summary>
/// <param name="Score">The first order's score, or null for customers who did not review it.</param>
/// <param name="Customers">Customers observable for the whole window (first order at least that many days before the as-of date).</param>
/// <param name="Repurchased">Of them, those with a second order within the window.</param>
/// <param name="Rate">The share repurchasing, 0 to 1 (null without customers).</param>
/// <param name="Low">The lower bound of its 95% Wilson interval.</param>
/// <param name="High">The upper bound of its 95% Wilson interval.</param>
public sealed record FirstOrderScoreRow(int? Score, long Customers, long Repurchased, double? Rate, double? Low, double? High);
