namespace Loyalty.Sdk.Events;

/// <summary>Points were credited: an order, an activity, a task, a birthday, a win-back bonus or a positive adjustment.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsEarned : LoyaltyEvent
{
    /// <summary>Gets the points.</summary>
    public required long Points { get; init; }

    /// <summary>Gets the ledger entry's sequence.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the order, for order earns.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets the activity (or <c>task:…</c>), for activity earns.</summary>
    public string? ActivityType { get; init; }

    /// <summary>Gets the reason, for adjustments and grants.</summary>
    public string? Reason { get; init; }
}
