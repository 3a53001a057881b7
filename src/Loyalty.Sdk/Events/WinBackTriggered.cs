using System.Collections.Generic;

namespace Loyalty.Sdk.Events;

/// <summary>A win-back rule targeted the member (whatever its action), for the host's messaging.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record WinBackTriggered : LoyaltyEvent
{
    /// <summary>Gets the rule.</summary>
    public required string RuleId { get; init; }

    /// <summary>Gets the first local date of the campaign period, <c>yyyy-MM-dd</c>.</summary>
    public required string PeriodStart { get; init; }

    /// <summary>Gets the action taken: <c>BonusPoints</c>, <c>IssueReward</c> or <c>EmitEvent</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Gets why the member was targeted.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}
