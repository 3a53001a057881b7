namespace Loyalty.Sdk.Engagement;

/// <summary>A reward recommended to a member, with why.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Reward">The reward.</param>
/// <param name="Group">The group it is shown in.</param>
/// <param name="Affinity">How much of what the member buys is in the reward's categories, 0 to 1.</param>
/// <param name="PointsNeeded">Points the member still lacks (0 when redeemable now).</param>
/// <param name="Explanation">A short sentence for the member.</param>
public sealed record RewardRecommendation(Reward Reward, RewardGroup Group, double Affinity, long PointsNeeded, string Explanation);
