using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>Options of <see cref="LoyaltyEngineRewards.RecommendAsync"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RewardRecommendationOptions
{
    /// <summary>
    /// Gets the member's expected purchases within <see cref="GoalWindow"/>, from a fitted purchase model (such as
    /// Loyalty.Sdk.Analytics' MBG/NBD <c>ExpectedPurchases</c>); 0 leaves the goal group empty.
    /// </summary>
    public double ExpectedPurchases { get; init; }

    /// <summary>Gets the window of the goal group (30 days by default).</summary>
    public Duration GoalWindow { get; init; } = Duration.FromDays(30);

    /// <summary>Gets the window of "use your expiring points" (30 days by default).</summary>
    public Duration ExpiringWithin { get; init; } = Duration.FromDays(30);

    /// <summary>Gets the member's affinity per product category (any non-negative weights; normalised to shares), or <see langword="null"/> to read it from the points of their recent orders.</summary>
    public IReadOnlyDictionary<string, double>? CategoryAffinity { get; init; }

    /// <summary>Gets how many recent orders the average earn and (without <see cref="CategoryAffinity"/>) the affinity are read from.</summary>
    public int RecentOrders { get; init; } = 20;

    /// <summary>Gets the most rewards per group.</summary>
    public int MaxPerGroup { get; init; } = 5;
}
