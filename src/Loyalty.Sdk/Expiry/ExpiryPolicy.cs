using System;
using NodaTime;

namespace Loyalty.Sdk.Expiry;

/// <summary>
/// When points expire. Dates are computed in the program's <see cref="DateTimeZone"/>: points earned on local date
/// <c>D</c> are valid through the due date <c>D + length</c> (month arithmetic clamps to the month end, so 31 January
/// plus one month is 28 or 29 February), optionally moved to the end of its month, quarter or year, and expire at the
/// start of the following local day (the first instant of that day when midnight is skipped by a DST change).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ExpiryPolicy : IEquatable<ExpiryPolicy>
{
    /// <summary>The longest policy accepted, in days (100 years).</summary>
    public const int MaxDays = 36_525;

    /// <summary>The longest policy accepted, in months (100 years).</summary>
    public const int MaxMonths = 1_200;

    private DayStart? _lastStart;

    private ExpiryPolicy(ExpiryPolicyKind kind, int length, ExpiryRounding rounding)
    {
        Kind = kind;
        Length = length;
        Rounding = rounding;
    }

    /// <summary>Gets the policy under which points never expire.</summary>
    public static ExpiryPolicy Never { get; } = new(ExpiryPolicyKind.Never, 0, ExpiryRounding.None);

    /// <summary>Gets the kind of policy.</summary>
    public ExpiryPolicyKind Kind { get; }

    /// <summary>Gets the number of days or months; zero for <see cref="ExpiryPolicyKind.Never"/>.</summary>
    public int Length { get; }

    /// <summary>Gets the rounding of the due date to the end of a calendar period.</summary>
    public ExpiryRounding Rounding { get; }

    /// <summary>Gets a value indicating whether activity extends the life of all of a member's points.</summary>
    public bool ExtendsOnActivity => Kind == ExpiryPolicyKind.AfterInactivity;

    /// <summary>Creates a policy under which points expire a number of days after they were earned.</summary>
    /// <param name="days">Days of validity, 1 to <see cref="MaxDays"/>.</param>
    /// <param name="rounding">Optional rounding of the due date to a period end.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ExpiryPolicy AfterDays(int days, ExpiryRounding rounding = ExpiryRounding.None) =>
        new(ExpiryPolicyKind.AfterDays, CheckLength(days, MaxDays, nameof(days)), CheckRounding(rounding));

    /// <summary>Creates a policy under which points expire a number of calendar months after they were earned.</summary>
    /// <param name="months">Months of validity, 1 to <see cref="MaxMonths"/>.</param>
    /// <param name="rounding">Optional rounding of the due date to a period end.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ExpiryPolicy AfterMonths(int months, ExpiryRounding rounding = ExpiryRounding.None) =>
        new(ExpiryPolicyKind.AfterMonths, CheckLength(months, MaxMonths, nameof(months)), CheckRounding(rounding));

    /// <summary>
    /// Creates a policy under which all of a member's points expire after a number of calendar months without activity
    /// (an earn or a redemption); every activity extends all open points.
    /// </summary>
    /// <param name="months">Months without activity, 1 to <see cref="MaxMonths"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="months"/> is out of range.</exception>
    public static ExpiryPolicy AfterInactivity(int months) =>
        new(ExpiryPolicyKind.AfterInactivity, CheckLength(months, MaxMonths, nameof(months)), ExpiryRounding.None);

    /// <summary>
    /// Computes when points earned (or, under <see cref="ExpiryPolicyKind.AfterInactivity"/>, last extended by
    /// activity) at <paramref name="from"/> expire.
    /// </summary>
    /// <param name="from">The instant the points were earned, or the instant of the last activity.</param>
    /// <param name="zone">The program's time zone.</param>
    /// <returns>The first instant at which the points are expired, or <see langword="null"/> when they never expire.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public Instant? ExpiresAt(Instant from, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Kind == ExpiryPolicyKind.Never)
        {
            return null;
        }

        var earnedOn = from.InZone(zone).Date;
        var due = Kind == ExpiryPolicyKind.AfterDays ? earnedOn.PlusDays(Length) : earnedOn.PlusMonths(Length);
        var lastValid = Rounding switch
        {
            ExpiryRounding.EndOfMonth => EndOfMonth(due.Year, due.Month, due.Calendar),
            ExpiryRounding.EndOfQuarter => EndOfMonth(due.Year, ((due.Month - 1) / 3 * 3) + 3, due.Calendar),
            ExpiryRounding.EndOfYear => EndOfMonth(due.Year, 12, due.Calendar),
            _ => due,
        };
        var expiresOn = lastValid.PlusDays(1);

        // Most points of a day share one expiry: the last start-of-day mapping is kept (zone mappings allocate).
        if (_lastStart is { } last && last.Date == expiresOn && ReferenceEquals(last.Zone, zone))
        {
            return last.Start;
        }

        var start = zone.AtStartOfDay(expiresOn).ToInstant();
        _lastStart = new DayStart(zone, expiresOn, start);
        return start;
    }

    /// <summary>A start of day already mapped in a zone; replaced whole, so readers on other threads see one or the other.</summary>
    private sealed record DayStart(DateTimeZone Zone, LocalDate Date, Instant Start);

    /// <inheritdoc />
    public bool Equals(ExpiryPolicy? other) =>
        other is not null && other.Kind == Kind && other.Length == Length && other.Rounding == Rounding;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ExpiryPolicy);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Length, Rounding);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ExpiryPolicyKind.Never => "never",
        ExpiryPolicyKind.AfterInactivity => $"after {Length} month(s) without activity",
        _ => $"{Length} {(Kind == ExpiryPolicyKind.AfterDays ? "day(s)" : "month(s)")} after earning" +
             (Rounding == ExpiryRounding.None ? string.Empty : $", rounded to {Rounding}"),
    };

    private static LocalDate EndOfMonth(int year, int month, CalendarSystem calendar) =>
        new LocalDate(year, month, calendar.GetDaysInMonth(year, month), calendar);

    private static int CheckLength(int value, int max, string name)
    {
        if (value < 1 || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"The value must be between 1 and {max}.");
        }

        return value;
    }

    private static ExpiryRounding CheckRounding(ExpiryRounding rounding)
    {
        if (!Enum.IsDefined(rounding))
        {
            throw new ArgumentOutOfRangeException(nameof(rounding), rounding, "Unknown rounding.");
        }

        return rounding;
    }
}
