using NodaTime;

namespace Loyalty.Sdk.Samples.QuickStart;

/// <summary>A clock the simulation moves forward by hand, so a year of shop activity runs in a second.</summary>
internal sealed class SimulatedClock(Instant start) : IClock
{
    public Instant Now { get; private set; } = start;

    public Instant GetCurrentInstant() => Now;

    public void Advance(Duration by) => Now += by;

    public void Set(Instant now) => Now = now;
}
