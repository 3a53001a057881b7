using System;

namespace Loyalty.Sdk.Rules;

/// <summary>Fixed points for an activity (a review, a share, a sign-up, a birthday), optionally limited per period.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ActivityRule
{
    /// <summary>Initializes a new instance of the <see cref="ActivityRule"/> class.</summary>
    /// <param name="activityType">The activity type, such as <c>review</c>.</param>
    /// <param name="points">The points one activity earns, greater than zero.</param>
    /// <param name="maxPerPeriod">How many times it earns per period, or <see langword="null"/> for no limit.</param>
    /// <param name="period">The period of the limit.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public ActivityRule(string activityType, Points points, int? maxPerPeriod = null, CapPeriod period = CapPeriod.Month)
    {
        ActivityType = Guard.Text(activityType, 200, nameof(activityType));
        if (!points.IsPositive || points.Value > LoyaltyLimits.MaxPointsPerCommand)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points.Value, $"An activity must earn more than zero points and at most {LoyaltyLimits.MaxPointsPerCommand}.");
        }

        if (maxPerPeriod is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPeriod), maxPerPeriod, "The limit must be at least 1.");
        }

        if (!Enum.IsDefined(period))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period.");
        }

        Points = points;
        MaxPerPeriod = maxPerPeriod;
        Period = period;
    }

    /// <summary>Gets the activity type.</summary>
    public string ActivityType { get; }

    /// <summary>Gets the points one activity earns.</summary>
    public Points Points { get; }

    /// <summary>Gets how many times it earns per period, if limited.</summary>
    public int? MaxPerPeriod { get; }

    /// <summary>Gets the period of the limit.</summary>
    public CapPeriod Period { get; }
}
