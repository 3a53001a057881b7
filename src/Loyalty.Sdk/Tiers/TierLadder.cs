using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Sdk.Tiers;

/// <summary>
/// A program's membership tiers: an ordered ladder with thresholds on a qualifying metric over a window.
/// </summary>
/// <remarks>
/// <para>This type is immutable and thread-safe.</para>
/// <para>
/// Semantics. A member starts in the first (base) tier. <b>Promotion</b> happens on the command that lifts the
/// metric of the current window to a higher tier's <see cref="Tier.Threshold"/>. <b>Reviews</b> happen only where a
/// window ends (the start of each month for rolling windows, 1 January, or the membership anniversary), taking
/// effect after the <see cref="Grace"/> period: the member keeps the highest tier, up to the current one, whose
/// <see cref="Tier.RetainThreshold"/> the ended window reached; never less than the tier the current window reaches,
/// and never less than a manual floor. So a tier is never lowered mid-window, and a member holds a tier reached in
/// a window at least until the review of that window.
/// </para>
/// </remarks>
public sealed class TierLadder
{
    private readonly FrozenDictionary<string, int> _index;

    /// <summary>Initializes a new instance of the <see cref="TierLadder"/> class.</summary>
    /// <param name="tiers">The tiers from lowest to highest: the first is the base tier with threshold 0; thresholds strictly increase.</param>
    /// <param name="metric">What qualifies.</param>
    /// <param name="window">The window the metric is measured over.</param>
    /// <param name="grace">How long after a window ends a lowered tier takes effect (date units only, shorter than a window); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The ladder is empty, ids repeat, the base threshold is not 0, thresholds do not increase, or the grace is invalid.</exception>
    public TierLadder(IEnumerable<Tier> tiers, QualifyingMetric metric, TierWindow window, Period? grace = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        Window = Guard.NotNull(window);
        Tiers = tiers.ToArray();
        if (Tiers.Count == 0)
        {
            throw new ArgumentException("A tier ladder needs at least one tier.", nameof(tiers));
        }

        var index = new Dictionary<string, int>(Tiers.Count, StringComparer.Ordinal);
        for (var i = 0; i < Tiers.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(Tiers[i], nameof(tiers));
            if (i == 0 && Tiers[0].Threshold != 0)
            {
                throw new ArgumentException($"The base tier '{Tiers[0].Id}' must have threshold 0; it has {Tiers[0].Threshold}.", nameof(tiers));
            }

            if (i > 0 && Tiers[i].Threshold <= Tiers[i - 1].Threshold)
            {
                throw new ArgumentException($"Tier '{Tiers[i].Id}' must have a higher threshold than '{Tiers[i - 1].Id}' ({Tiers[i].Threshold} ≤ {Tiers[i - 1].Threshold}).", nameof(tiers));
            }

            if (!index.TryAdd(Tiers[i].Id, i))
            {
                throw new ArgumentException($"Two tiers have the id '{Tiers[i].Id}'.", nameof(tiers));
            }
        }

        _index = index.ToFrozenDictionary(StringComparer.Ordinal);

        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown qualifying metric.");
        }

        Metric = metric;
        Grace = grace ?? Period.Zero;
        if (Grace.HasTimeComponent || Grace.Years < 0 || Grace.Months < 0 || Grace.Weeks < 0 || Grace.Days < 0)
        {
            throw new ArgumentException($"The grace period {Grace} must be made of non-negative years, months, weeks and days.", nameof(grace));
        }

        // The grace must end before the next window does: at most window − 1 month, or, in days, under 28 × months.
        var graceMonths = (Grace.Years * 12L) + Grace.Months;
        var graceDays = (Grace.Weeks * 7L) + Grace.Days;
        var step = window.Kind == TierWindowKind.RollingMonths ? 1 : 12;
        if ((graceMonths * 31) + graceDays >= step * 28L)
        {
            throw new ArgumentException($"The grace period {Grace} must be shorter than the time between reviews ({(step == 1 ? "a month" : "a year")}).", nameof(grace));
        }
    }

    /// <summary>Gets the tiers, lowest first.</summary>
    public IReadOnlyList<Tier> Tiers { get; }

    /// <summary>Gets the base tier, where every member starts.</summary>
    public Tier Base => Tiers[0];

    /// <summary>Gets what qualifies.</summary>
    public QualifyingMetric Metric { get; }

    /// <summary>Gets the window.</summary>
    public TierWindow Window { get; }

    /// <summary>Gets the grace period between the end of a window and a lowered tier taking effect.</summary>
    public Period Grace { get; }

    /// <summary>Gets the position of a tier in the ladder (0 for the base tier), or −1 when it is not in the ladder.</summary>
    /// <param name="tierId">The tier id.</param>
    /// <returns>The index, or −1.</returns>
    public int IndexOf(string? tierId) => tierId is not null && _index.TryGetValue(tierId, out var i) ? i : -1;

    /// <summary>Gets the highest tier a qualifying amount reaches. Monotone: a larger amount never reaches a lower tier.</summary>
    /// <param name="qualifying">The qualifying amount in the current window.</param>
    /// <returns>The tier.</returns>
    public Tier Reached(decimal qualifying) => Tiers[ReachedIndex(qualifying)];

    internal int ReachedIndex(decimal qualifying)
    {
        // Thresholds strictly increase: the last tier whose threshold the amount meets, by binary search.
        int low = 0, high = Tiers.Count - 1;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (qualifying >= Tiers[middle].Threshold)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>The highest tier, up to <paramref name="current"/>, whose retain threshold the amount meets.</summary>
    internal int RetainedIndex(decimal qualifying, int current)
    {
        for (var i = current; i > 0; i--)
        {
            if (qualifying >= Tiers[i].RetainThreshold)
            {
                return i;
            }
        }

        return 0;
    }
}
