namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>How <see cref="ItemRecommender"/> chooses a member's items.</summary>
public enum RecommendationStrategy
{
    /// <summary>Items similar to what the member bought (recency-weighted), then popular items to fill the list.</summary>
    ItemToItem,

    /// <summary>The items most customers bought in the recent window, the same for everyone (a baseline).</summary>
    Popularity,

    /// <summary>The member's own items again, by recency-weighted purchases, then popular items (a baseline).</summary>
    PersonalRepeat,
}
