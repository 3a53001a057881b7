using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Options of <see cref="CohortRetention"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RetentionOptions
{
    /// <summary>Gets the offsets N in days (distinct, 1 to 3650, at most 64).</summary>
    /// <value>The default is 1, 7 and 30 (D1, D7, D30).</value>
    public IReadOnlyList<int> Days { get; init; } = [1, 7, 30];

    /// <summary>Gets the retention definition.</summary>
    /// <value>The default is <see cref="RetentionDefinition.Exact"/>.</value>
    public RetentionDefinition Definition { get; init; } = RetentionDefinition.Exact;

    /// <summary>Gets the cohort grouping.</summary>
    /// <value>The default is <see cref="CohortGrouping.Day"/>.</value>
    public CohortGrouping Grouping { get; init; } = CohortGrouping.Day;

    /// <summary>Gets the most worker threads: <see langword="null"/> for automatic (all cores, for inputs of two million records or more), 1 for one thread.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Gets the last observed local date; purchases after it are ignored.</summary>
    /// <value>The default is the last purchase date in the data.</value>
    public LocalDate? AsOf { get; init; }
}
