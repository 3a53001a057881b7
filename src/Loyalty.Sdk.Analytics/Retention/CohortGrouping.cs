namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>How customers are grouped into cohorts by the local date of their first purchase.</summary>
public enum CohortGrouping
{
    /// <summary>One cohort per day.</summary>
    Day = 0,

    /// <summary>One cohort per ISO week (Monday to Sunday), named by its Monday.</summary>
    IsoWeek = 1,

    /// <summary>One cohort per calendar month, named by its first day.</summary>
    Month = 2,
}
