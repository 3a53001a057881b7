using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Rules;
using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A catalogue item members redeem points for: its price in points (and optionally cash), whether its stock is
/// tracked, when it can be redeemed (local dates in the program's zone), how often, and by which tiers.
/// </summary>
/// <remarks>This type is immutable and thread-safe. Create it with an object initializer; <see cref="LoyaltyProgramBuilder.Build"/> validates it.</remarks>
public sealed record Reward
{
    /// <summary>Gets the reward id, such as <c>mug</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the name shown to members.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the kind.</summary>
    public RewardKind Kind { get; init; }

    /// <summary>Gets the price in points (0 for rewards that are only granted, such as a birthday gift).</summary>
    public long Points { get; init; }

    /// <summary>Gets the cash part of a points + cash price, which the host collects; <see langword="null"/> for points only.</summary>
    public Money? Cash { get; init; }

    /// <summary>Gets a value indicating whether stock is tracked: redemption reserves one unit, and fails when none is available.</summary>
    public bool TracksStock { get; init; }

    /// <summary>Gets the first local date (in the program's zone) on which the reward can be redeemed, if limited.</summary>
    public LocalDate? AvailableFrom { get; init; }

    /// <summary>Gets the last local date (inclusive) on which the reward can be redeemed, if limited.</summary>
    public LocalDate? AvailableUntil { get; init; }

    /// <summary>Gets how many times one member may hold the reward in total (cancelled claims do not count), if limited.</summary>
    public int? MaxPerMember { get; init; }

    /// <summary>Gets how many times one member may claim the reward in one <see cref="LimitPeriod"/>, if limited.</summary>
    public int? MaxPerMemberPerPeriod { get; init; }

    /// <summary>
    /// Gets how many times the reward can be claimed by all members together in one <see cref="LimitPeriod"/> (a
    /// flash sale: 50 a day), if limited. Enforced by the store in the commit, like stock: never exceeded under concurrency.
    /// </summary>
    public int? MaxPerPeriod { get; init; }

    /// <summary>Gets the period of <see cref="MaxPerMemberPerPeriod"/> and <see cref="MaxPerPeriod"/>.</summary>
    public CapPeriod LimitPeriod { get; init; } = CapPeriod.Month;

    /// <summary>Gets the lowest tier that may redeem the reward, if restricted.</summary>
    public string? MinimumTier { get; init; }

    /// <summary>Gets the only tiers that may redeem the reward (tier-exclusive), or empty for any tier.</summary>
    public IReadOnlyList<string> Tiers { get; init; } = [];

    /// <summary>Gets how long a coupon's voucher is valid after it is issued (in the program's zone); required for coupons.</summary>
    public Period? VoucherValidity { get; init; }

    /// <summary>Gets the product categories the reward relates to (a coffee mug: <c>coffee</c>), which rank it for members who buy them; empty for none.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Gets a value indicating whether the reward can be redeemed for points by members (false: it can only be granted, by birthdays or win-back).</summary>
    public bool Redeemable { get; init; } = true;

    private const int PurchaseLineCategoryLength = Ledger.PurchaseLine.MaxTextLength;

    /// <summary>The key of the program-wide count of a period: <c>{reward}@{yyyy-MM-dd}</c>.</summary>
    internal string QuotaKey(LocalDate periodStart) => Id + "@" + periodStart.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal IEnumerable<string> Validate(Tiers.TierLadder? ladder)
    {
        var name = $"reward '{Id}'";
        if (Guard.TextProblem(Id, 100) is { } problem)
        {
            yield return $"a reward id must be 1 to 100 characters of valid text: {problem}";
            yield break;
        }

        if (!Enum.IsDefined(Kind))
        {
            yield return $"{name}: {Kind} is not a reward kind.";
        }

        if (Points < 0 || Points > LoyaltyLimits.MaxPointsPerCommand || (Redeemable && Points == 0 && Cash is null))
        {
            yield return $"{name}: the price must be positive points (or cash) for a redeemable reward, and at most {LoyaltyLimits.MaxPointsPerCommand}; got {Points}.";
        }

        if (Cash is { Amount: <= 0 } || Cash is { Amount: > LoyaltyLimits.MaxUnitPrice })
        {
            yield return $"{name}: the cash part must be positive and at most {LoyaltyLimits.MaxUnitPrice}.";
        }

        if (AvailableFrom is { } from && AvailableUntil is { } until && until < from)
        {
            yield return $"{name}: AvailableUntil {until:uuuu-MM-dd} is before AvailableFrom {from:uuuu-MM-dd}.";
        }

        if (MaxPerMember is < 1 || MaxPerMemberPerPeriod is < 1 || MaxPerPeriod is < 1)
        {
            yield return $"{name}: limits must be at least 1.";
        }

        if (Categories is null || Categories.Any(c => Guard.TextProblem(c, PurchaseLineCategoryLength) is not null))
        {
            yield return $"{name}: categories must be 1 to {PurchaseLineCategoryLength} characters of valid text each.";
        }

        if (!Enum.IsDefined(LimitPeriod))
        {
            yield return $"{name}: {LimitPeriod} is not a period.";
        }

        if (Kind == RewardKind.Coupon && VoucherValidity is not { } validity)
        {
            yield return $"{name}: a coupon needs a VoucherValidity.";
        }
        else if (VoucherValidity is { } v && !IsPositive(v))
        {
            yield return $"{name}: VoucherValidity must be positive and at most 100 years.";
        }

        foreach (var tier in (MinimumTier is null ? Tiers : Tiers.Append(MinimumTier)).Order(StringComparer.Ordinal))
        {
            if (ladder is null || ladder.IndexOf(tier) < 0)
            {
                yield return $"{name}: tier '{tier}' is not in the program's tier ladder.";
            }
        }
    }

    /// <summary>Whether a period is a positive length of time: no negative component, not zero.</summary>
    internal static bool IsPositive(Period period)
    {
        // Bounded first, so that normalising (which sums the time units in nanoseconds) cannot overflow.
        if (!WithinMaxWindow(period))
        {
            return false;
        }

        var p = period.Normalize();
        return p != Period.Zero && p.Years >= 0 && p.Months >= 0 && p.Days >= 0 && p.Hours >= 0 && p.Minutes >= 0 && p.Seconds >= 0 && p.Milliseconds >= 0 && p.Ticks >= 0 && p.Nanoseconds >= 0;
    }

    /// <summary>Whether a period's date units and its time units each stay within <see cref="LoyaltyLimits.MaxWindow"/> (100 years), so that normalising it and adding it to any accepted instant stay in range.</summary>
    internal static bool WithinMaxWindow(Period period)
    {
        // Summed in decimal: no component, however large, can overflow the check itself.
        decimal maxDays = LoyaltyLimits.MaxWindow.Days;
        var dateDays = Math.Abs(((decimal)period.Years * 366m) + ((decimal)period.Months * 31m) + ((decimal)period.Weeks * 7m) + period.Days);
        var timeNanoseconds = Math.Abs(((decimal)period.Hours * 3_600_000_000_000m) + ((decimal)period.Minutes * 60_000_000_000m) +
            ((decimal)period.Seconds * 1_000_000_000m) + ((decimal)period.Milliseconds * 1_000_000m) + ((decimal)period.Ticks * 100m) + period.Nanoseconds);
        return dateDays <= maxDays && timeNanoseconds <= maxDays * 86_400_000_000_000m;
    }
}
