using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Sdk.Engagement;

/// <summary>A member's reward recommendations in their three groups, each ranked (affinity first; ties resolved by price and then reward id).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="AvailablePoints">The member's available points.</param>
/// <param name="ExpiringPoints">Points expiring within the window.</param>
/// <param name="ExpectedPoints">Points the member is expected to earn within the goal window: expected purchases × average points per order.</param>
/// <param name="UseExpiring">Rewards payable from the expiring points, highest price first among equal affinity.</param>
/// <param name="RedeemableNow">Other rewards redeemable now, highest price first among equal affinity.</param>
/// <param name="WithinExpectedEarn">Goals within the expected earn, fewest points needed first among equal affinity.</param>
public sealed record RewardRecommendations(long AvailablePoints, long ExpiringPoints, decimal ExpectedPoints, IReadOnlyList<RewardRecommendation> UseExpiring, IReadOnlyList<RewardRecommendation> RedeemableNow, IReadOnlyList<RewardRecommendation> WithinExpectedEarn)
{
    /// <summary>Gets every recommendation: expiring first, then redeemable now, then goals.</summary>
    public IEnumerable<RewardRecommendation> All => UseExpiring.Concat(RedeemableNow).Concat(WithinExpectedEarn);
}
