using System;
using NodaTime;

namespace Loyalty.Sdk.Tiers;

/// <summary>
/// A member's tier as of an instant, with the projection members see: what they need to reach the next tier and to
/// keep the current one, and the last day to do it.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TierStatus
{
    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the instant the status is for.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets the tier.</summary>
    public required Tier Tier { get; init; }

    /// <summary>Gets when the member entered the tier, or <see langword="null"/> for an unknown member.</summary>
    public Instant? Since { get; init; }

    /// <summary>Gets the manual floor, if one is set.</summary>
    public string? FloorTierId { get; init; }

    /// <summary>Gets the metric the ladder counts.</summary>
    public required QualifyingMetric Metric { get; init; }

    /// <summary>Gets the first day of the current window.</summary>
    public required LocalDate WindowStart { get; init; }

    /// <summary>Gets the last day of the current window.</summary>
    public required LocalDate WindowEnd { get; init; }

    /// <summary>Gets the qualifying amount of the current window so far.</summary>
    public required decimal Qualifying { get; init; }

    /// <summary>Gets the next tier up, or <see langword="null"/> at the top.</summary>
    public Tier? NextTier { get; init; }

    /// <summary>Gets the qualifying amount still needed in the current window to reach <see cref="NextTier"/>.</summary>
    public decimal? NeededForNextTier { get; init; }

    /// <summary>Gets the last day to reach <see cref="NextTier"/> in the current window (for rolling windows, the oldest month drops out after it).</summary>
    public LocalDate? NextTierBy { get; init; }

    /// <summary>Gets the date the current tier is next reviewed (the day after the reviewed window), or <see langword="null"/> in the base tier.</summary>
    public LocalDate? ReviewOn { get; init; }

    /// <summary>Gets the instant a lowered tier would take effect (the review date plus the grace period).</summary>
    public Instant? ReviewAt { get; init; }

    /// <summary>Gets the qualifying amount so far in the window the next review reads.</summary>
    public decimal? ReviewedQualifying { get; init; }

    /// <summary>Gets the qualifying amount still needed in the reviewed window to keep the tier (0 when it is met or a floor holds it).</summary>
    public decimal? NeededToKeep { get; init; }

    /// <summary>Gets the last day of the reviewed window: the last day to keep the tier.</summary>
    public LocalDate? KeepBy { get; init; }

    internal static TierStatus From(TierLadder ladder, DateTimeZone zone, MemberId memberId, Instant at, bool exists, TierMachine machine)
    {
        var today = at.InZone(zone).Date;
        var window = ladder.Window;
        var start = window.WindowStart(today, machine.Enrolled);
        var end = window.WindowEnd(today, machine.Enrolled);
        var qualifying = machine.CurrentQualifying(today);
        var index = ladder.IndexOf(machine.Current.Id);
        var next = index + 1 < ladder.Tiers.Count ? ladder.Tiers[index + 1] : null;
        var floor = machine.Floor is { } f ? ladder.IndexOf(f) : -1;
        var reviewed = machine.ReviewedQualifying();
        return new TierStatus
        {
            MemberId = memberId,
            AsOf = at,
            Tier = machine.Current,
            Since = exists ? machine.Since : null,
            FloorTierId = machine.Floor,
            Metric = ladder.Metric,
            WindowStart = start,
            WindowEnd = end.PlusDays(-1),
            Qualifying = qualifying,
            NextTier = next,
            NeededForNextTier = next is null ? null : Math.Max(0m, next.Threshold - qualifying),
            NextTierBy = next is null ? null : end.PlusDays(-1),
            ReviewOn = machine.ReviewOn,
            ReviewAt = machine.NextReviewAt,
            ReviewedQualifying = reviewed,
            NeededToKeep = reviewed is { } r
                ? (floor >= index ? 0m : Math.Max(0m, machine.Current.RetainThreshold - r))
                : null,
            KeepBy = machine.ReviewOn?.PlusDays(-1),
        };
    }
}
