using System.Collections.Generic;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Configuration;

/// <summary>A tier ladder as data (see <see cref="TierLadder"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class TiersDefinition
{
    /// <summary>Gets or sets what qualifies.</summary>
    public QualifyingMetric Metric { get; set; }

    /// <summary>Gets or sets the kind of window.</summary>
    public TierWindowKind Window { get; set; }

    /// <summary>Gets or sets the length of a rolling window in months.</summary>
    /// <value>The default is 12.</value>
    public int Months { get; set; } = 12;

    /// <summary>Gets or sets the grace period after a window ends (ISO 8601, such as <c>P1M</c>), if any.</summary>
    public Period? Grace { get; set; }

    /// <summary>Gets or sets the tiers, lowest first.</summary>
    public List<TierDefinition> Levels { get; set; } = [];
}
