using NodaTime;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>Options of <see cref="ItemNeighbours.Build"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ItemSimilarityOptions
{
    /// <summary>Gets the similarity measure.</summary>
    public ItemSimilarityKind Kind { get; init; } = ItemSimilarityKind.Cosine;

    /// <summary>Gets what counts as one basket.</summary>
    public CoPurchaseScope Scope { get; init; } = CoPurchaseScope.Customer;

    /// <summary>Gets how many neighbours each item keeps (the most similar; ties by the lower item index). Memory is items × this.</summary>
    public int Neighbours { get; init; } = 50;

    /// <summary>Gets the fewest baskets two items must share to be neighbours (1: any co-purchase).</summary>
    public int MinCoPurchases { get; init; } = 1;

    /// <summary>Gets the last day of history to use (purchases after it are ignored), or <see langword="null"/> for all.</summary>
    public LocalDate? AsOf { get; init; }

    /// <summary>Gets BM25's term-frequency saturation k1.</summary>
    public double Bm25K1 { get; init; } = 1.2;

    /// <summary>Gets BM25's length normalisation b, in [0, 1].</summary>
    public double Bm25B { get; init; } = 0.75;

    /// <summary>Gets the most threads to use (−1: as many as there are processors).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
