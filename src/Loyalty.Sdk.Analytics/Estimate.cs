namespace Loyalty.Sdk.Analytics;

/// <summary>A mean (or a difference) with its bootstrap 95% interval.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Mean">The mean.</param>
/// <param name="Low">The 2.5th percentile of the bootstrap means.</param>
/// <param name="High">The 97.5th percentile of the bootstrap means.</param>
public readonly record struct Estimate(double Mean, double Low, double High);
