namespace Loyalty.Sdk.Events;

/// <summary>Points were spent: at checkout or on a reward.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsRedeemed : LoyaltyEvent
{
    /// <summary>Gets the points (positive).</summary>
    public required long Points { get; init; }

    /// <summary>Gets the ledger entry's sequence.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the order, for checkout redemptions.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets the reward, for reward redemptions.</summary>
    public string? RewardId { get; init; }
}
