namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>Why an item was recommended.</summary>
public enum RecommendationSource
{
    /// <summary>It is bought with items the member bought.</summary>
    Similar,

    /// <summary>Many customers bought it recently (the fallback for new members and short lists).</summary>
    Popular,

    /// <summary>The member bought it before.</summary>
    Repeat,
}
