using System;
using NodaTime;

namespace Loyalty.Sdk.Tiers;

/// <summary>
/// The window a tier ladder measures over, in local dates of the program's time zone. Windows are whole buckets
/// (months, calendar years or membership years); a tier is reviewed only where a window ends.
/// </summary>
/// <remarks>
/// This type is immutable and thread-safe. A membership year that starts on 29 February starts on 28 February in
/// years without one (the anniversary is always <c>enrolment + k years</c>, clamped, never chained).
/// </remarks>
public sealed class TierWindow : IEquatable<TierWindow>
{
    private TierWindow(TierWindowKind kind, int months)
    {
        Kind = kind;
        Months = months;
    }

    /// <summary>Gets the calendar-year window.</summary>
    public static TierWindow CalendarYear { get; } = new(TierWindowKind.CalendarYear, 12);

    /// <summary>Gets the membership-year window.</summary>
    public static TierWindow Anniversary { get; } = new(TierWindowKind.Anniversary, 12);

    /// <summary>Gets the kind.</summary>
    public TierWindowKind Kind { get; }

    /// <summary>Gets the length in months (12 for years).</summary>
    public int Months { get; }

    /// <summary>Creates a rolling window of whole calendar months: the current month and the <paramref name="months"/> − 1 before it.</summary>
    /// <param name="months">The length, 1 to 120 months.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="months"/> is outside 1..120.</exception>
    public static TierWindow RollingMonths(int months)
    {
        if (months is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(months), months, "A rolling tier window is 1 to 120 months long.");
        }

        return new TierWindow(TierWindowKind.RollingMonths, months);
    }

    /// <summary>Creates a window from its kind (the length is used by rolling windows only).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="months">The length of a rolling window.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown, or a rolling length is outside 1..120.</exception>
    public static TierWindow Of(TierWindowKind kind, int months) => kind switch
    {
        TierWindowKind.RollingMonths => RollingMonths(months),
        TierWindowKind.CalendarYear => CalendarYear,
        TierWindowKind.Anniversary => Anniversary,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tier window kind."),
    };

    /// <summary>The first date of the bucket (month, calendar year or membership year) a date falls in.</summary>
    internal LocalDate BucketStart(LocalDate date, LocalDate enrolled) => Kind switch
    {
        TierWindowKind.RollingMonths => new LocalDate(date.Year, date.Month, 1),
        TierWindowKind.CalendarYear => new LocalDate(date.Year, 1, 1),
        _ => enrolled.PlusYears(MembershipYear(date, enrolled)),
    };

    /// <summary>The first date of the current window at a date (inclusive).</summary>
    internal LocalDate WindowStart(LocalDate today, LocalDate enrolled) =>
        Kind == TierWindowKind.RollingMonths
            ? new LocalDate(today.Year, today.Month, 1).PlusMonths(1 - Months)
            : BucketStart(today, enrolled);

    /// <summary>The date after the current window's last day (exclusive end): the next review boundary.</summary>
    internal LocalDate WindowEnd(LocalDate today, LocalDate enrolled) => Kind switch
    {
        TierWindowKind.RollingMonths => new LocalDate(today.Year, today.Month, 1).PlusMonths(1),
        TierWindowKind.CalendarYear => new LocalDate(today.Year + 1, 1, 1),
        _ => enrolled.PlusYears(MembershipYear(today, enrolled) + 1),
    };

    /// <summary>The first date of the window that ends at a review boundary.</summary>
    internal LocalDate ReviewedWindowStart(LocalDate boundary, LocalDate enrolled) => Kind switch
    {
        TierWindowKind.RollingMonths => boundary.PlusMonths(-Months),
        TierWindowKind.CalendarYear => boundary.PlusYears(-1),
        _ => enrolled.PlusYears(MembershipYear(boundary, enrolled) - 1),
    };

    /// <summary>The review boundary after another one.</summary>
    internal LocalDate NextBoundary(LocalDate boundary, LocalDate enrolled) => Kind switch
    {
        TierWindowKind.RollingMonths => boundary.PlusMonths(1),
        TierWindowKind.CalendarYear => boundary.PlusYears(1),
        _ => enrolled.PlusYears(MembershipYear(boundary, enrolled) + 1),
    };

    /// <summary>Gets a value indicating whether a date is a review boundary.</summary>
    internal bool IsBoundary(LocalDate date, LocalDate enrolled) => Kind switch
    {
        TierWindowKind.RollingMonths => date.Day == 1,
        TierWindowKind.CalendarYear => date.Day == 1 && date.Month == 1,
        _ => enrolled.PlusYears(MembershipYear(date, enrolled)) == date,
    };

    /// <summary>The membership year k (0 from enrolment) a date falls in: the largest k with enrolled + k years ≤ date.</summary>
    private static int MembershipYear(LocalDate date, LocalDate enrolled)
    {
        var k = date.Year - enrolled.Year;
        while (enrolled.PlusYears(k) > date)
        {
            k--;
        }

        while (enrolled.PlusYears(k + 1) <= date)
        {
            k++;
        }

        return k;
    }

    /// <inheritdoc/>
    public bool Equals(TierWindow? other) => other is not null && other.Kind == Kind && other.Months == Months;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TierWindow);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Months);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TierWindowKind.RollingMonths => $"rolling {Months} month(s)",
        TierWindowKind.CalendarYear => "calendar year",
        _ => "membership year",
    };
}
