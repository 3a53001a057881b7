using Loyalty.Sdk.Rules;

namespace Loyalty.Sdk.Configuration;

/// <summary>An activity rule as data (see <see cref="ActivityRule"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class ActivityDefinition
{
    /// <summary>Gets or sets the activity type.</summary>
    public string? ActivityType { get; set; }

    /// <summary>Gets or sets the points one activity earns.</summary>
    public long Points { get; set; }

    /// <summary>Gets or sets how many times it earns per period, if limited.</summary>
    public int? MaxPerPeriod { get; set; }

    /// <summary>Gets or sets the period of the limit.</summary>
    /// <value>The default is <see cref="CapPeriod.Month"/>.</value>
    public CapPeriod Period { get; set; } = CapPeriod.Month;
}
