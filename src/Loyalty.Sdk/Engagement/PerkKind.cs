namespace Loyalty.Sdk.Engagement;

/// <summary>The kind of a tier perk.</summary>
public enum PerkKind
{
    /// <summary>Free shipping.</summary>
    FreeShipping = 0,

    /// <summary>Priority delivery.</summary>
    PriorityDelivery = 1,

    /// <summary>An exclusive discount (see <see cref="TierPerk.Value"/>).</summary>
    ExclusiveDiscount = 2,

    /// <summary>A free trial of a service.</summary>
    FreeTrial = 3,

    /// <summary>A birthday gift.</summary>
    BirthdayGift = 4,

    /// <summary>Anything else, described by <see cref="TierPerk.Description"/>.</summary>
    Other = 5,
}
