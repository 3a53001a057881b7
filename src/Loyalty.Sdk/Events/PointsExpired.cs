namespace Loyalty.Sdk.Events;

/// <summary>Points expired (materialised by a command or the expiry job).</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsExpired : LoyaltyEvent
{
    /// <summary>Gets the points (positive).</summary>
    public required long Points { get; init; }

    /// <summary>Gets the ledger entry's sequence.</summary>
    public required long Sequence { get; init; }
}
