using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// The ledger keeps instants to the microsecond, the precision of PostgreSQL timestamps and of most databases, so
/// that every store returns exactly what the engine decided with.
/// </summary>
internal static class Instants
{
    private const long NanosecondsPerMicrosecond = 1_000;

    /// <summary>Truncates an instant to the microsecond (toward the past).</summary>
    public static Instant ToMicroseconds(Instant instant)
    {
        var extra = (instant - NodaConstants.UnixEpoch).NanosecondOfDay % NanosecondsPerMicrosecond;
        return extra == 0 ? instant : instant - Duration.FromNanoseconds(extra);
    }

    /// <summary>
    /// Clamps a query's instant into [<see cref="LoyaltyLimits.EarliestInstant"/>, <see cref="LoyaltyLimits.LatestInstant"/>):
    /// no ledger entry lies outside it, so "as of the end of time" means the same as its last instant, and no calendar
    /// arithmetic on the result can leave NodaTime's range.
    /// </summary>
    public static Instant Clamp(Instant instant) =>
        instant < LoyaltyLimits.EarliestInstant ? LoyaltyLimits.EarliestInstant
        : instant >= LoyaltyLimits.LatestInstant ? LoyaltyLimits.LatestInstant - Duration.Epsilon
        : instant;

    /// <summary>Clamps an optional query instant (see <see cref="Clamp(Instant)"/>).</summary>
    public static Instant? Clamp(Instant? instant) => instant is { } value ? Clamp(value) : null;

    /// <summary>Clamps a period of local dates to 1900-01-02 to 2999-12-30, the dates every time zone can map to accepted instants.</summary>
    public static DateInterval Clamp(DateInterval period)
    {
        System.ArgumentNullException.ThrowIfNull(period);
        // A day inside the instant range on either side, in every zone (offsets stay within ±18 hours).
        var first = LoyaltyLimits.EarliestInstant.InUtc().Date.PlusDays(1);
        var last = LoyaltyLimits.LatestInstant.InUtc().Date.PlusDays(-2);
        var start = period.Start < first ? first : period.Start > last ? last : period.Start;
        var end = period.End < first ? first : period.End > last ? last : period.End;
        return start == period.Start && end == period.End ? period : new DateInterval(start, end);
    }
}
