using System.Collections.Generic;
using Loyalty.Sdk.Rules;

namespace Loyalty.Sdk.Configuration;

/// <summary>Earning rules as data (see <see cref="EarningRules"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class EarningDefinition
{
    /// <summary>Gets or sets the categories that never earn.</summary>
    public List<string> ExcludedCategories { get; set; } = [];

    /// <summary>Gets or sets the multipliers by category.</summary>
    public Dictionary<string, decimal> CategoryMultipliers { get; set; } = [];

    /// <summary>Gets or sets the multipliers by SKU.</summary>
    public Dictionary<string, decimal> SkuMultipliers { get; set; } = [];

    /// <summary>Gets or sets the campaigns.</summary>
    public List<CampaignDefinition> Campaigns { get; set; } = [];

    /// <summary>Gets or sets how active campaigns combine.</summary>
    public CampaignStacking Stacking { get; set; }

    /// <summary>Gets or sets the smallest order value that earns.</summary>
    public decimal MinimumOrderAmount { get; set; }

    /// <summary>Gets or sets the most points one order earns.</summary>
    public long? MaxPointsPerOrder { get; set; }

    /// <summary>Gets or sets the most points a member earns per period.</summary>
    public long? MaxPointsPerMemberPerPeriod { get; set; }

    /// <summary>Gets or sets the period of the member cap.</summary>
    /// <value>The default is <see cref="CapPeriod.Month"/>.</value>
    public CapPeriod MemberCapPeriod { get; set; } = CapPeriod.Month;

    /// <summary>Gets or sets the activity rules.</summary>
    public List<ActivityDefinition> Activities { get; set; } = [];
}
