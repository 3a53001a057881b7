namespace Loyalty.Sdk.Engagement;

/// <summary>The group a recommended reward is shown in.</summary>
public enum RewardGroup
{
    /// <summary>The member can redeem it now, with points that do not expire soon.</summary>
    RedeemableNow,

    /// <summary>The member lacks points for it, but is expected to earn them within the goal window (30 days by default).</summary>
    WithinExpectedEarn,

    /// <summary>The member can redeem it now, and its price can be paid from points that expire soon.</summary>
    UseExpiringPoints,
}
