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
}
