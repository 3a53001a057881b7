namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A yearly reward on a member's birthday or membership anniversary: points and/or a reward (a coupon, a gift),
/// granted once per year by <see cref="LoyaltyEngineJobs.RunCelebrationsAsync"/> on the day or within <see cref="GraceDays"/> after it.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CelebrationRule
{
    /// <summary>Gets the occasion.</summary>
    public required CelebrationKind Kind { get; init; }

    /// <summary>Gets the points granted (0 for none).</summary>
    public long Points { get; init; }

    /// <summary>Gets the reward granted (without charge), if any.</summary>
    public string? RewardId { get; init; }

    /// <summary>Gets a value indicating whether the day is the member's local date (their profile's zone) rather than the program's.</summary>
    public bool InMemberTimeZone { get; init; } = true;

    /// <summary>Gets how many days after the occasion a job run may still grant it (a job that missed the day catches up).</summary>
    public int GraceDays { get; init; } = 7;

    /// <summary>Gets the counter of the celebrations granted in a year.</summary>
    internal Ledger.CounterKey Counter => new(Ledger.CounterKind.Celebration, Kind == CelebrationKind.Birthday ? "birthday" : "anniversary");
}
