namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>The time unit of frequency/recency summaries.</summary>
public enum SummaryPeriod
{
    /// <summary>Days.</summary>
    Day = 1,

    /// <summary>Weeks of seven days (days ÷ 7, unrounded).</summary>
    Week = 7,
}
