using NodaTime;

namespace Loyalty.Sdk;

/// <summary>
/// The bounds that make overflow impossible by construction. A program's own limits
/// (<see cref="LoyaltyProgramBuilder.MaxPointsPerCommand"/>, <see cref="LoyaltyProgramBuilder.MaxPointsPerMember"/>)
/// may be lower, never higher. A command that would pass a bound is rejected with
/// <see cref="Ledger.RejectionReason.LimitExceeded"/> naming it, and changes nothing; a configuration that passes one
/// fails validation naming its field.
/// </summary>
/// <remarks>
/// <para>This type is thread-safe.</para>
/// <para>
/// Why these numbers: a member can be credited at most <see cref="MaxPointsPerMember"/> points over the life of the
/// account, so every per-member sum (balance, debt, tier totals, a period's earnings on a leaderboard) stays far inside
/// 64 bits; program-wide totals (liability, breakage) are summed in 128 bits, which no number of members can fill.
/// Money stays inside <see cref="decimal"/>: at most <see cref="MaxLinesPerOrder"/> lines of at most
/// <see cref="int.MaxValue"/> units at <see cref="MaxUnitPrice"/> each.
/// </para>
/// </remarks>
public static class LoyaltyLimits
{
    /// <summary>The most points one command may credit or debit (one earn, adjustment, redemption...): 10¹².</summary>
    public const long MaxPointsPerCommand = 1_000_000_000_000;

    /// <summary>The most points one member may be credited over the life of the account (earns, activities, adjustments, grants): 10¹⁵.</summary>
    public const long MaxPointsPerMember = 1_000_000_000_000_000;

    /// <summary>The largest category, SKU or campaign multiplier: 1,000 (tier multipliers: at most 100).</summary>
    public const decimal MaxMultiplier = 1_000m;

    /// <summary>The smallest value of one point in the base currency (<see cref="LoyaltyProgramBuilder.PointValue"/>): 10⁻⁶.</summary>
    public const decimal MinPointValue = 0.000001m;

    /// <summary>The largest cost of one outstanding point (<see cref="LoyaltyProgramBuilder.CostPerPoint"/>): 1,000 currency units.</summary>
    public const decimal MaxCostPerPoint = 1_000m;

    /// <summary>The largest value of one point, or fixed exchange rate (and the inverse of the smallest): 10⁶.</summary>
    public const decimal MaxRate = 1_000_000m;

    /// <summary>The largest unit price of an order line, in its currency: 10¹⁵.</summary>
    public const decimal MaxUnitPrice = 1_000_000_000_000_000m;

    /// <summary>The most lines one order (or one return) may have: 10,000.</summary>
    public const int MaxLinesPerOrder = 10_000;

    /// <summary>The most units one stock change may add or remove: 10⁹.</summary>
    public const long MaxStockChange = 1_000_000_000;

    /// <summary>Gets the longest window or validity (an expiry reminder's window, a digest's horizon, a voucher's validity): 100 years.</summary>
    public static Duration MaxWindow { get; } = Duration.FromDays(36_525);

    /// <summary>Gets the earliest instant a command or query accepts (an order's time, an as-of instant, a period's start): 1900-01-01T00:00Z.</summary>
    public static Instant EarliestInstant { get; } = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>Gets the instant from which commands and queries refuse instants: 3000-01-01T00:00Z (exclusive).</summary>
    public static Instant LatestInstant { get; } = Instant.FromUtc(3000, 1, 1, 0, 0);
}
