using Loyalty.Sdk.Rules;

namespace Loyalty.Sdk.Configuration;

/// <summary>A task as data (see <see cref="Engagement.EngagementTask"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class TaskDefinition
{
    /// <summary>Gets or sets the id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the action counted (an activity type, or <c>order</c>).</summary>
    public string? Action { get; set; }

    /// <summary>Gets or sets how many actions complete it.</summary>
    public int Count { get; set; }

    /// <summary>Gets or sets the period.</summary>
    public CapPeriod Period { get; set; } = CapPeriod.Month;

    /// <summary>Gets or sets the points awarded.</summary>
    public long Points { get; set; }
}
