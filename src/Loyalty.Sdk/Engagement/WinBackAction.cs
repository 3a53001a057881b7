namespace Loyalty.Sdk.Engagement;

/// <summary>What a win-back rule does to a targeted member.</summary>
public enum WinBackAction
{
    /// <summary>Credit <see cref="WinBackRule.BonusPoints"/> (an adjustment that does not count toward tiers).</summary>
    BonusPoints = 0,

    /// <summary>Grant <see cref="WinBackRule.RewardId"/> without charge (typically a coupon).</summary>
    IssueReward = 1,

    /// <summary>Only write a <see cref="Events.WinBackTriggered"/> event, for the host's messaging.</summary>
    EmitEvent = 2,
}
