using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Satisfaction;

/// <summary>
/// Customer satisfaction from reviews: CSAT (1–5) or NPS (0–10) with 95% intervals per group of customers, and the
/// repurchase rate by the score of the first order (does satisfaction predict coming back?).
/// </summary>
/// <remarks>
/// CSAT is the share of 4s and 5s with a Wilson score interval. NPS is the share of promoters (9–10) minus the share
/// of detractors (0–6), times 100, with the adjusted-Wald interval Rocks (2016) found best: ¾ added to promoters and to
/// detractors and 3 to the count, and the variance of a difference of two trinomial shares.
/// </remarks>
public static class SatisfactionAnalysis
{
    private const double Z = 1.959963984540054;

    /// <summary>Satisfaction per first-purchase cohort, in cohort order, and overall (last).</summary>
    /// <param name="table">The purchases (for the customers' cohorts).</param>
    /// <param name="reviews">The reviews.</param>
    /// <param name="scale">The scale of their scores.</param>
    /// <param name="grouping">How cohorts group first purchases.</param>
    /// <returns>One row per cohort with reviews, then the overall row.</returns>
    public static IReadOnlyList<SatisfactionRow> ByCohort(PurchaseTable table, IReadOnlyList<Review> reviews, ReviewScale scale, CohortGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ByGroup(reviews, scale, CohortNames.Of(table, grouping));
    }

    /// <summary>Satisfaction per group of customers, in group-name order, and overall (last).</summary>
    /// <param name="reviews">The reviews.</param>
    /// <param name="scale">The scale of their scores.</param>
    /// <param name="groups">Per customer index, its group's name (null: counted overall only).</param>
    /// <returns>One row per group with reviews, then the overall row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A score is outside the scale.</exception>
    public static IReadOnlyList<SatisfactionRow> ByGroup(IReadOnlyList<Review> reviews, ReviewScale scale, IReadOnlyList<string?> groups)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(groups);
        var counts = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        var overall = new long[3];
        foreach (var review in reviews)
        {
            var kind = Kind(review.Score, scale);
            overall[kind]++;
            if (groups[CheckCustomer(review, groups.Count)] is { } name)
            {
                (counts.TryGetValue(name, out var c) ? c : counts[name] = new long[3])[kind]++;
            }
        }

        return [.. counts.Select(c => Row(c.Key, c.Value, scale)), Row("overall", overall, scale)];
    }

    /// <summary>
    /// The share of customers with a second order within <paramref name="withinDays"/> of their first, by the score
    /// they gave their first order (its review: one naming that order, or without an order, the customer's first
    /// review dated from the first order until the second); of several, the earliest, and of several that day the
    /// lowest, so that the result does not depend on the reviews' order. Customers who gave none are the last row.
    /// </summary>
    /// <param name="table">The purchases. An order is a distinct order index (each record without orders), dated by its earliest record.</param>
    /// <param name="reviews">The reviews.</param>
    /// <param name="scale">The scale of their scores.</param>
    /// <param name="withinDays">The window, in days (1 to 3650).</param>
    /// <param name="asOf">The last observed date (default: the last purchase date); only customers whose whole window is observed count.</param>
    /// <returns>One row per score given, ascending, then the customers without a first-order review.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The window or a score is out of range.</exception>
    public static IReadOnlyList<FirstOrderScoreRow> RepurchaseByFirstScore(PurchaseTable table, IReadOnlyList<Review> reviews, ReviewScale scale, int withinDays = 90, LocalDate? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentOutOfRangeException.ThrowIfLessThan(withinDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(withinDays, 3650);
        var end = asOf is { } a ? PurchaseTable.DayNumber(a) : (table.Count == 0 ? 0 : table.Days.Max());

        // Per customer: the first order (its index, or the record's for a table without orders) and day, and the second order's day.
        var firstOrder = new int[table.CustomerCount];
        var firstDay = new int[table.CustomerCount];
        var secondDay = new int[table.CustomerCount];
        Array.Fill(firstOrder, int.MinValue);
        Array.Fill(firstDay, int.MaxValue);
        Array.Fill(secondDay, int.MaxValue);
        foreach (var (customer, order, day) in Orders(table))
        {
            if (day < firstDay[customer] || (day == firstDay[customer] && order < firstOrder[customer]))
            {
                secondDay[customer] = firstOrder[customer] == int.MinValue ? secondDay[customer] : firstDay[customer];
                (firstOrder[customer], firstDay[customer]) = (order, day);
            }
            else if (order != firstOrder[customer])
            {
                secondDay[customer] = Math.Min(secondDay[customer], day);
            }
        }

        var score = new int?[table.CustomerCount];
        var scoreDay = new int[table.CustomerCount];
        foreach (var review in reviews)
        {
            _ = Kind(review.Score, scale);
            var c = CheckCustomer(review, table.CustomerCount);
            var ofFirst = review.Order >= 0
                ? review.Order == firstOrder[c] && table.Orders is not null
                : review.Day >= firstDay[c] && review.Day < secondDay[c];
            if (ofFirst && (score[c] is not { } known || review.Day < scoreDay[c] || (review.Day == scoreDay[c] && review.Score < known)))
            {
                (score[c], scoreDay[c]) = (review.Score, review.Day);
            }
        }

        var rows = new SortedDictionary<int, long[]>();
        var none = new long[2];
        for (var c = 0; c < table.CustomerCount; c++)
        {
            if (firstDay[c] == int.MaxValue || firstDay[c] + withinDays > end)
            {
                continue; // no purchase, or the window is not wholly observed
            }

            var counts = score[c] is { } s ? (rows.TryGetValue(s, out var r) ? r : rows[s] = new long[2]) : none;
            counts[0]++;
            counts[1] += secondDay[c] <= firstDay[c] + withinDays && secondDay[c] <= end ? 1 : 0;
        }

        return [.. rows.Select(r => Rate(r.Key, r.Value)), Rate(null, none)];
    }

    /// <summary>The Wilson score interval of a share, 95%.</summary>
    internal static (double Low, double High) Wilson(long successes, long n)
    {
        var p = (double)successes / n;
        var z2 = Z * Z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = Z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / (1 + (z2 / n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>The adjusted-Wald 95% interval of an NPS, as shares (−1 to 1).</summary>
    internal static (double Low, double High) NpsInterval(long promoters, long detractors, long n)
    {
        var m = n + 3.0;
        var p = (promoters + 0.75) / m;
        var d = (detractors + 0.75) / m;
        var half = Z * Math.Sqrt((p + d - ((p - d) * (p - d))) / m);
        return (Math.Max(-1, p - d - half), Math.Min(1, p - d + half));
    }

    private static IEnumerable<(int Customer, int Order, int Day)> Orders(PurchaseTable table)
    {
        if (table.Orders is null)
        {
            for (var i = 0; i < table.Count; i++)
            {
                yield return (table.Customers[i], i, table.Days[i]);
            }

            yield break;
        }

        var orderDay = new Dictionary<int, (int Customer, int Day)>();
        for (var i = 0; i < table.Count; i++)
        {
            var order = table.Orders[i];
            if (order < 0)
            {
                yield return (table.Customers[i], table.OrderCount + i, table.Days[i]); // an order of its own
            }
            else if (!orderDay.TryGetValue(order, out var known) || table.Days[i] < known.Day)
            {
                orderDay[order] = (table.Customers[i], table.Days[i]);
            }
        }

        foreach (var (order, (customer, day)) in orderDay)
        {
            yield return (customer, order, day);
        }
    }

    private static int CheckCustomer(Review review, int customers) =>
        review.Customer >= 0 && review.Customer < customers ? review.Customer : throw new ArgumentOutOfRangeException(nameof(review), review.Customer, $"Customer index {review.Customer} is outside 0..{customers - 1}.");

    /// <summary>0 positive, 1 neutral, 2 negative.</summary>
    private static int Kind(int score, ReviewScale scale) => scale switch
    {
        ReviewScale.OneToFive when score is >= 1 and <= 5 => score >= 4 ? 0 : score == 3 ? 1 : 2,
        ReviewScale.ZeroToTen when score is >= 0 and <= 10 => score >= 9 ? 0 : score >= 7 ? 1 : 2,
        _ => throw new ArgumentOutOfRangeException(nameof(score), score, $"A score of {score} is outside the {(scale == ReviewScale.OneToFive ? "1–5" : "0–10")} scale."),
    };

    private static SatisfactionRow Row(string name, long[] c, ReviewScale scale)
    {
        var n = c[0] + c[1] + c[2];
        if (n == 0)
        {
            return new SatisfactionRow(name, 0, 0, 0, 0, null, null, null);
        }

        if (scale == ReviewScale.OneToFive)
        {
            var (low, high) = Wilson(c[0], n);
            return new SatisfactionRow(name, n, c[0], c[1], c[2], 100.0 * c[0] / n, 100 * low, 100 * high);
        }

        var (nLow, nHigh) = NpsInterval(c[0], c[2], n);
        return new SatisfactionRow(name, n, c[0], c[1], c[2], 100.0 * (c[0] - c[2]) / n, 100 * nLow, 100 * nHigh);
    }

    private static FirstOrderScoreRow Rate(int? score, long[] c)
    {
        if (c[0] == 0)
        {
            return new FirstOrderScoreRow(score, 0, 0, null, null, null);
        }

        var (low, high) = Wilson(c[1], c[0]);
        return new FirstOrderScoreRow(score, c[0], c[1], (double)c[1] / c[0], low, high);
    }
}
