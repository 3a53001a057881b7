namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Quartiles of a distribution of days (linear interpolation between order statistics).</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Q1">The 25th percentile.</param>
/// <param name="Median">The median.</param>
/// <param name="Q3">The 75th percentile.</param>
/// <param name="Count">The number of values.</param>
public readonly record struct Quartiles(double Q1, double Median, double Q3, int Count);
