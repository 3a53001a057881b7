namespace Loyalty.Sdk.Ledger;

/// <summary>What a <see cref="PeriodCounter"/> counts.</summary>
public enum CounterKind
{
    /// <summary>Points earned in the member cap's current period (gross: returns do not give the allowance back).</summary>
    PointsEarned,

    /// <summary>Points credited over the member's lifetime (earns, activities, adjustments, grants), bounded by <see cref="LoyaltyProgram.MaxPointsPerMember"/>.</summary>
    PointsCredited,

    /// <summary>Activities of one type done in the activity rule's current period; the subject is the activity type.</summary>
    Activity,

    /// <summary>Actions counted toward one task in its current period; the subject is the task id.</summary>
    Task,

    /// <summary>Claims of one reward in its limit period; the subject is the reward id.</summary>
    RewardClaimsInPeriod,

    /// <summary>Claims of one reward over the member's lifetime; the subject is the reward id.</summary>
    RewardClaims,

    /// <summary>Celebrations of one kind granted in a year; the subject is <c>birthday</c> or <c>anniversary</c>.</summary>
    Celebration,

    /// <summary>Actions of one win-back rule in its campaign period; the subject is the rule id.</summary>
    WinBack,
}
