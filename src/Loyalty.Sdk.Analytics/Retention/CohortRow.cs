using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>One cohort's row: its size and, per offset, its cell (null when no customer of it is observable yet).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Cohort">The cohort's first day.</param>
/// <param name="Size">The customers whose first purchase falls in the cohort.</param>
/// <param name="Cells">Per offset, in the order of <see cref="RetentionReport.Days"/>: the cell, or null when unobservable.</param>
public sealed record CohortRow(LocalDate Cohort, int Size, IReadOnlyList<RetentionCell?> Cells);
