namespace Loyalty.Sdk.Configuration;

/// <summary>A birthday or anniversary rule as data (see <see cref="Engagement.CelebrationRule"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class CelebrationDefinition
{
    /// <summary>Gets or sets the occasion.</summary>
    public Engagement.CelebrationKind Kind { get; set; }

    /// <summary>Gets or sets the points granted.</summary>
    public long Points { get; set; }

    /// <summary>Gets or sets the reward granted.</summary>
    public string? RewardId { get; set; }

    /// <summary>Gets or sets a value indicating whether the day is the member's local date.</summary>
    public bool InMemberTimeZone { get; set; } = true;

    /// <summary>Gets or sets the grace days.</summary>
    public int GraceDays { get; set; } = 7;
}
