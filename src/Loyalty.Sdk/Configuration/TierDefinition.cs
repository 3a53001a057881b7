using Loyalty.Sdk.Tiers;

namespace Loyalty.Sdk.Configuration;

/// <summary>A tier as data (see <see cref="Tier"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class TierDefinition
{
    /// <summary>Gets or sets the tier id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the display name, if not the id.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the threshold that reaches the tier.</summary>
    public decimal Threshold { get; set; }

    /// <summary>Gets or sets the threshold that keeps the tier at a review, if lower than the threshold.</summary>
    public decimal? RetainThreshold { get; set; }

    /// <summary>Gets or sets the earning multiplier.</summary>
    /// <value>The default is 1.</value>
    public decimal EarningMultiplier { get; set; } = 1m;
}
