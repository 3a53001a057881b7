using NodaTime;

namespace Loyalty.Sdk.Tiers;

/// <summary>The qualifying totals of one bucket of a tier window.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Start">The bucket's first local date.</param>
/// <param name="Points">Qualifying points.</param>
/// <param name="Spend">Qualifying spend in the base currency.</param>
/// <param name="Orders">Qualifying orders.</param>
public readonly record struct QualifyingBucket(LocalDate Start, long Points, decimal Spend, int Orders)
{
    /// <summary>Gets the bucket's total in one metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The total.</returns>
    public decimal ValueOf(QualifyingMetric metric) => new QualifyingChange(Start, Points, Spend, Orders).ValueOf(metric);
}
