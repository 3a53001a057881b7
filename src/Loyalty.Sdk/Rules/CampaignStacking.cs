namespace Loyalty.Sdk.Rules;

/// <summary>How the multipliers of several campaigns active on the same line combine.</summary>
public enum CampaignStacking
{
    /// <summary>Only the largest campaign multiplier applies (the default: campaigns do not compound).</summary>
    BestOf = 0,

    /// <summary>All active campaign multipliers multiply.</summary>
    Multiply = 1,
}
