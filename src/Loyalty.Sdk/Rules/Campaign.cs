using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Sdk.Rules;

/// <summary>
/// A points campaign such as "double points days" or a monthly "member day": a multiplier that applies to orders
/// placed on matching local dates (in the program's time zone), optionally only to some categories.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class Campaign
{
    /// <summary>Initializes a new instance of the <see cref="Campaign"/> class.</summary>
    /// <param name="id">The campaign id, recorded on every line it multiplies.</param>
    /// <param name="multiplier">The multiplier, greater than zero (2 for double points).</param>
    /// <param name="from">The first local date it runs, or <see langword="null"/> for no start.</param>
    /// <param name="to">The last local date it runs (inclusive), or <see langword="null"/> for no end.</param>
    /// <param name="weekdays">The weekdays it runs on; empty for every day.</param>
    /// <param name="daysOfMonth">The days of the month (1–31) it runs on; empty for every day.</param>
    /// <param name="categories">The categories it applies to; empty for all.</param>
    /// <param name="tiers">The member tiers it is for (tier ids of the program's ladder); empty for every member.</param>
    /// <param name="segments">The member segments it is for (attributes the host passes on the order, such as <c>student</c>); empty for every member. A member needs any one of them.</param>
    /// <exception cref="ArgumentException">An argument is invalid (the message says which).</exception>
    public Campaign(
        string id,
        decimal multiplier,
        LocalDate? from = null,
        LocalDate? to = null,
        IEnumerable<IsoDayOfWeek>? weekdays = null,
        IEnumerable<int>? daysOfMonth = null,
        IEnumerable<string>? categories = null,
        IEnumerable<string>? tiers = null,
        IEnumerable<string>? segments = null)
    {
        Id = Guard.Text(id, 200, nameof(id));
        if (multiplier <= 0 || multiplier > LoyaltyLimits.MaxMultiplier)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, $"A campaign multiplier must be greater than zero and at most {LoyaltyLimits.MaxMultiplier}.");
        }

        if (from is { } f && to is { } t && t < f)
        {
            throw new ArgumentException($"Campaign '{id}' ends ({t}) before it starts ({f}).", nameof(to));
        }

        Multiplier = multiplier;
        From = from;
        To = to;
        Weekdays = (weekdays ?? []).ToFrozenSet();
        if (Weekdays.Any(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday))
        {
            throw new ArgumentException($"Campaign '{id}' has an invalid weekday.", nameof(weekdays));
        }

        DaysOfMonth = (daysOfMonth ?? []).ToFrozenSet();
        if (DaysOfMonth.Any(d => d is < 1 or > 31))
        {
            throw new ArgumentException($"Campaign '{id}' has a day of month outside 1..31.", nameof(daysOfMonth));
        }

        Categories = (categories ?? []).ToFrozenSet(StringComparer.Ordinal);
        Tiers = (tiers ?? []).ToFrozenSet(StringComparer.Ordinal);
        Segments = (segments ?? []).ToFrozenSet(StringComparer.Ordinal);
        if (Tiers.Any(string.IsNullOrWhiteSpace) || Segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Campaign '{id}' has an empty tier or segment.", tiers is null ? nameof(segments) : nameof(tiers));
        }
    }

    /// <summary>Gets the campaign id.</summary>
    public string Id { get; }

    /// <summary>Gets the multiplier.</summary>
    public decimal Multiplier { get; }

    /// <summary>Gets the first local date it runs, if bounded.</summary>
    public LocalDate? From { get; }

    /// <summary>Gets the last local date it runs (inclusive), if bounded.</summary>
    public LocalDate? To { get; }

    /// <summary>Gets the weekdays it runs on (empty: every day).</summary>
    public IReadOnlySet<IsoDayOfWeek> Weekdays { get; }

    /// <summary>Gets the days of the month it runs on (empty: every day).</summary>
    public IReadOnlySet<int> DaysOfMonth { get; }

    /// <summary>Gets the categories it applies to (empty: all).</summary>
    public IReadOnlySet<string> Categories { get; }

    /// <summary>Gets the tiers it is for (empty: every member).</summary>
    public IReadOnlySet<string> Tiers { get; }

    /// <summary>Gets the segments it is for (empty: every member).</summary>
    public IReadOnlySet<string> Segments { get; }

    /// <summary>Gets a value indicating whether the campaign is for a member in a tier with some segments.</summary>
    /// <param name="tierId">The member's tier, or <see langword="null"/> when the program has no tiers.</param>
    /// <param name="segments">The member's segments.</param>
    /// <returns>Whether it is for the member.</returns>
    public bool IsFor(string? tierId, IReadOnlyCollection<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return (Tiers.Count == 0 || (tierId is not null && Tiers.Contains(tierId))) &&
            (Segments.Count == 0 || segments.Any(Segments.Contains));
    }

    /// <summary>Gets a value indicating whether the campaign runs on a local date.</summary>
    /// <param name="date">The order's local date in the program's time zone.</param>
    /// <returns>Whether it runs.</returns>
    public bool RunsOn(LocalDate date) =>
        (From is not { } from || date >= from) &&
        (To is not { } to || date <= to) &&
        (Weekdays.Count == 0 || Weekdays.Contains(date.DayOfWeek)) &&
        (DaysOfMonth.Count == 0 || DaysOfMonth.Contains(date.Day));

    /// <summary>Gets a value indicating whether the campaign applies to a category.</summary>
    /// <param name="category">The line's category.</param>
    /// <returns>Whether it applies.</returns>
    public bool AppliesTo(string category) => Categories.Count == 0 || Categories.Contains(category);
}
