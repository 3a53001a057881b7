using System;

namespace Loyalty.Sdk.Tiers;

/// <summary>One rung of a <see cref="TierLadder"/>: the qualifying amount that reaches it, the amount that keeps it, and its earning multiplier.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class Tier
{
    /// <summary>Initializes a new instance of the <see cref="Tier"/> class.</summary>
    /// <param name="id">The tier id, such as <c>gold</c>: recorded in history and matched by tier campaigns.</param>
    /// <param name="threshold">The qualifying amount in a window that reaches the tier (0 for the base tier).</param>
    /// <param name="earningMultiplier">The multiplier on the points the member's orders earn while in the tier (1 for none).</param>
    /// <param name="retainThreshold">The qualifying amount in a window that keeps the tier at a review; <see langword="null"/> for <paramref name="threshold"/>.</param>
    /// <param name="name">A display name; <see langword="null"/> for the id.</param>
    /// <exception cref="ArgumentException">The id is empty, a threshold is negative, the retain threshold is above the threshold, or the multiplier is not positive.</exception>
    public Tier(string id, decimal threshold, decimal earningMultiplier = 1m, decimal? retainThreshold = null, string? name = null)
    {
        Id = Guard.Text(id, 100, nameof(id));
        if (threshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Tier '{id}': the threshold must not be negative.");
        }

        if (retainThreshold is { } retain && (retain < 0 || retain > threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(retainThreshold), retain, $"Tier '{id}': the retain threshold must be between 0 and the threshold ({threshold}).");
        }

        if (earningMultiplier <= 0 || earningMultiplier > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(earningMultiplier), earningMultiplier, $"Tier '{id}': the earning multiplier must be greater than 0 and at most 100.");
        }

        Threshold = threshold;
        RetainThreshold = retainThreshold ?? threshold;
        EarningMultiplier = earningMultiplier;
        Name = name is null ? Id : Guard.Text(name, 200, nameof(name));
    }

    /// <summary>Gets the tier id.</summary>
    public string Id { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the qualifying amount in the current window that reaches the tier.</summary>
    public decimal Threshold { get; }

    /// <summary>Gets the qualifying amount in the reviewed window that keeps the tier.</summary>
    public decimal RetainThreshold { get; }

    /// <summary>Gets the multiplier on the points orders earn in this tier.</summary>
    public decimal EarningMultiplier { get; }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
