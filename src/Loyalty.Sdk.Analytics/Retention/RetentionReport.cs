using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>A cohort retention table.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Days">The offsets.</param>
/// <param name="Definition">The definition used.</param>
/// <param name="Grouping">The grouping used.</param>
/// <param name="AsOf">The last observed date, or <see langword="null"/> for empty data.</param>
/// <param name="Overall">Per offset: Σ retained ÷ Σ observable over the cohorts (null when nothing is observable).</param>
/// <param name="Cohorts">The cohorts, oldest first.</param>
public sealed record RetentionReport(
    IReadOnlyList<int> Days,
    RetentionDefinition Definition,
    CohortGrouping Grouping,
    LocalDate? AsOf,
    IReadOnlyList<RetentionCell?> Overall,
    IReadOnlyList<CohortRow> Cohorts);
