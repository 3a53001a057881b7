namespace Loyalty.Sdk.Events;

/// <summary>The member's tier changed.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record TierChanged : LoyaltyEvent
{
    /// <summary>Gets the previous tier, when known.</summary>
    public string? FromTier { get; init; }

    /// <summary>Gets the new tier.</summary>
    public required string ToTier { get; init; }

    /// <summary>Gets the reason, with the figures.</summary>
    public string? Reason { get; init; }
}
