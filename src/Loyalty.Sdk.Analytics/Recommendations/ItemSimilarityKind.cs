namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>How two items' co-purchases become a similarity in [0, 1].</summary>
public enum ItemSimilarityKind
{
    /// <summary>Binary cosine: baskets holding both ÷ √(baskets holding each), Amazon's item-to-item measure (Linden, Smith and York 2003).</summary>
    Cosine,

    /// <summary>
    /// Cosine of BM25-weighted item vectors: a basket weighs ln(1 + items ÷ its size), so a basket of everything says
    /// little; how often the basket holds the item counts with saturation <see cref="ItemSimilarityOptions.Bm25K1"/>,
    /// relative to the item's own total (<see cref="ItemSimilarityOptions.Bm25B"/>).
    /// </summary>
    Bm25,
}
