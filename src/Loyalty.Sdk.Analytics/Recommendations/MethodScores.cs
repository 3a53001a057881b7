namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>One recommender's scores at 10 under one protocol.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Strategy">The recommender.</param>
/// <param name="HitRate">The share of users with at least one relevant item in their top 10.</param>
/// <param name="Recall">Relevant items in the top 10 ÷ the user's relevant items, averaged over users.</param>
/// <param name="Ndcg">Normalised discounted cumulative gain of the top 10 (binary relevance), averaged over users.</param>
/// <param name="NdcgDifference">NDCG of item-to-item minus this method's, paired over the same users (zero for item-to-item itself).</param>
public sealed record MethodScores(RecommendationStrategy Strategy, Estimate HitRate, Estimate Recall, Estimate Ndcg, Estimate NdcgDifference);
