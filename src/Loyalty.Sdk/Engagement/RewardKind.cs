namespace Loyalty.Sdk.Engagement;

/// <summary>What a reward is, which decides what redeeming it issues.</summary>
public enum RewardKind
{
    /// <summary>A physical item, shipped by the host: its stock is reserved on redemption and confirmed on fulfilment.</summary>
    PhysicalItem = 0,

    /// <summary>A coupon: redemption issues a unique voucher code with its own expiry, usable once.</summary>
    Coupon = 1,

    /// <summary>Free shipping on an order.</summary>
    FreeShipping = 2,

    /// <summary>A perk of a tier (an upgrade, a lounge pass), usually restricted with <see cref="Reward.MinimumTier"/> or <see cref="Reward.Tiers"/>.</summary>
    TierPerk = 3,
}
