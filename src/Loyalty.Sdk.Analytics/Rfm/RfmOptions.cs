using NodaTime;

namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>Options of <see cref="RfmAnalysis"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RfmOptions
{
    /// <summary>Gets the number of score bins (2 to 100).</summary>
    /// <value>The default is 5 (quintiles).</value>
    public int Bins { get; init; } = 5;

    /// <summary>Gets the date recency is measured at; purchases after it are ignored.</summary>
    /// <value>The default is the last purchase date in the data.</value>
    public LocalDate? AsOf { get; init; }

    /// <summary>Gets the segment map.</summary>
    /// <value>The default is <see cref="RfmSegmentMap.Standard"/>.</value>
    public RfmSegmentMap Segments { get; init; } = RfmSegmentMap.Standard;
}
