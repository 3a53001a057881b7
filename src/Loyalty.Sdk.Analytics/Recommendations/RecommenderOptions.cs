using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>Options of <see cref="ItemRecommender"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RecommenderOptions
{
    /// <summary>Gets how many items to recommend to each member.</summary>
    public int Count { get; init; } = 10;

    /// <summary>Gets the strategy.</summary>
    public RecommendationStrategy Strategy { get; init; } = RecommendationStrategy.ItemToItem;

    /// <summary>Gets the last day of history (later purchases are ignored), or <see langword="null"/> for the table's last day.</summary>
    public LocalDate? AsOf { get; init; }

    /// <summary>Gets the half-life in days of a purchase's weight (a purchase that many days before the as-of date counts half), or <see langword="null"/> for no decay.</summary>
    public double? HalfLifeDays { get; init; } = 90;

    /// <summary>Gets a value indicating whether items the member already bought are left out (see <see cref="Rebuyable"/>).</summary>
    public bool ExcludeBought { get; init; } = true;

    /// <summary>Gets the items recommended even when bought before (consumables), or <see langword="null"/> for none.</summary>
    public IReadOnlySet<int>? Rebuyable { get; init; }

    /// <summary>Gets the days before the as-of date whose buyers make an item popular (the fallback); all history when no item was bought in them.</summary>
    public int PopularityWindowDays { get; init; } = 90;

    /// <summary>Gets the most threads <see cref="ItemRecommender.RecommendAll"/> uses (−1: as many as there are processors).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
