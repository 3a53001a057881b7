namespace Loyalty.Sdk.Events;

/// <summary>A task was completed and its points awarded.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record TaskCompleted : LoyaltyEvent
{
    /// <summary>Gets the task.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets the first local date of the period, <c>yyyy-MM-dd</c>.</summary>
    public required string PeriodStart { get; init; }

    /// <summary>Gets the points awarded.</summary>
    public required long Points { get; init; }
}
