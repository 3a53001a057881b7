namespace Loyalty.Sdk.Engagement;

/// <summary>Where a reward claim is in its life.</summary>
public enum ClaimStatus
{
    /// <summary>One unit of stock is reserved for the member; the host fulfils or cancels it.</summary>
    Reserved = 0,

    /// <summary>Issued at once (no stock to hold): coupons, free shipping, perks, granted rewards.</summary>
    Issued = 1,

    /// <summary>Fulfilled: the reserved unit was confirmed (shipped).</summary>
    Fulfilled = 2,

    /// <summary>Cancelled: the points were refunded and the reserved unit released, exactly once.</summary>
    Cancelled = 3,
}
