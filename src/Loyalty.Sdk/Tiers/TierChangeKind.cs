namespace Loyalty.Sdk.Tiers;

/// <summary>Whether a tier change raised or lowered the member.</summary>
public enum TierChangeKind
{
    /// <summary>Up: a threshold was crossed, or a floor was set above the tier.</summary>
    Promotion = 0,

    /// <summary>Down: a review found the ended window below the tier's retain threshold.</summary>
    Demotion = 1,
}
