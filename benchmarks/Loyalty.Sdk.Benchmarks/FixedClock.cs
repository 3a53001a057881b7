using NodaTime;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>A clock that always reads the same instant, so benchmark runs decide identically.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
