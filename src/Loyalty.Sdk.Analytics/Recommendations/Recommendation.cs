namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>One recommended item.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Item">The item index.</param>
/// <param name="Score">The strength: summed recency-weighted similarity (similar), buyers in the window (popular), or recency-weighted purchases (repeat).</param>
/// <param name="Source">Why it was recommended.</param>
public readonly record struct Recommendation(int Item, double Score, RecommendationSource Source);
