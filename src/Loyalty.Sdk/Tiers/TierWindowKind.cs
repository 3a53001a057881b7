namespace Loyalty.Sdk.Tiers;

/// <summary>The kind of window a <see cref="TierLadder"/> measures the qualifying metric over.</summary>
public enum TierWindowKind
{
    /// <summary>The current calendar month and the N − 1 before it; tiers are reviewed at the start of every month.</summary>
    RollingMonths = 0,

    /// <summary>The calendar year; tiers are reviewed on 1 January.</summary>
    CalendarYear = 1,

    /// <summary>The membership year, from the member's enrolment date; tiers are reviewed on each anniversary.</summary>
    Anniversary = 2,
}
