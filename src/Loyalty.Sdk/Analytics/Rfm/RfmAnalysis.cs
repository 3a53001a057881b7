using System;
using System.Collections.Generic;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>Options of <see cref="RfmAnalysis"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RfmOptions
{
    /// <summary>Gets the number of score bins (2 to 100).</summary>
    /// <value>The default is 5 (quintiles).</value>
    public int Bins { get; init; } = 5;

    /// <summary>Gets the date recency is measured at; purchases after it are ignored.</summary>
    /// <value>The default is the last purchase date in the data.</value>
    public LocalDate? AsOf { get; init; }

    /// <summary>Gets the segment map.</summary>
    /// <value>The default is <see cref="RfmSegmentMap.Standard"/>.</value>
    public RfmSegmentMap Segments { get; init; } = RfmSegmentMap.Standard;
}

/// <summary>One customer's RFM values, scores, segment and churn risk.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Customer">The customer index.</param>
/// <param name="RecencyDays">Days from the last purchase to the as-of date.</param>
/// <param name="Frequency">Orders (distinct order indexes, or records without one).</param>
/// <param name="Monetary">The total amount.</param>
/// <param name="MeanOrderValue">The total ÷ orders.</param>
/// <param name="R">The recency score: more recent is higher.</param>
/// <param name="F">The frequency score.</param>
/// <param name="M">The monetary score.</param>
/// <param name="Segment">The R×F segment.</param>
/// <param name="ChurnRisk">The churn risk in [0, 1] (see <see cref="RfmAnalysis.ChurnRisk"/>).</param>
public readonly record struct RfmCustomer(int Customer, int RecencyDays, int Frequency, decimal Monetary, decimal MeanOrderValue, int R, int F, int M, string Segment, double ChurnRisk);

/// <summary>An RFM analysis: every customer with a purchase on or before the as-of date, and the segment sizes.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Bins">The number of bins.</param>
/// <param name="Customers">The customers, in customer-index order.</param>
/// <param name="Segments">Customers per segment, for every segment of the map (0 when empty).</param>
public sealed record RfmReport(LocalDate AsOf, int Bins, IReadOnlyList<RfmCustomer> Customers, IReadOnlyDictionary<string, int> Segments);

/// <summary>
/// RFM scoring. Each score is 1 + ⌊bins · (number of customers with a strictly worse value) / customers⌋, in exact
/// integer arithmetic; in SQL, <c>1 + (bins * (RANK() OVER (ORDER BY value) - 1)) // COUNT(*) OVER ()</c>. Scores are
/// 1..bins; equal values get equal scores (unlike <c>NTILE</c>, which splits ties across bins); a large tie at the
/// bottom, such as every one-time buyer's frequency, all scores 1. For recency, worse means more days since the
/// last purchase, so the most recent customers score highest.
/// </summary>
public static class RfmAnalysis
{
    /// <summary>
    /// The churn risk of RFM scores: ((bins − R)·0.6 + (bins − F)·0.3 + (bins − M)·0.1) ÷ (bins − 1), in [0, 1].
    /// Recency weighs most (a lapsed customer is the strongest churn signal), then frequency, then spend. It is 0
    /// for a customer with the best score on all three and 1 for one with the worst.
    /// </summary>
    /// <param name="r">The recency score.</param>
    /// <param name="f">The frequency score.</param>
    /// <param name="m">The monetary score.</param>
    /// <param name="bins">The number of bins.</param>
    /// <returns>The risk.</returns>
    public static double ChurnRisk(int r, int f, int m, int bins) =>
        ((6.0 * (bins - r)) + (3.0 * (bins - f)) + (bins - m)) / (10.0 * (bins - 1));

    /// <summary>Scores every customer with a purchase on or before the as-of date.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record: the amount in the base currency, or <see langword="null"/> to score monetary as 0 for everyone.</param>
    /// <param name="options">The options, or <see langword="null"/> for quintiles as of the last purchase date.</param>
    /// <param name="cancellationToken">A token to cancel the calculation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The amounts do not have one value per record, or the bins are out of range.</exception>
    public static RfmReport Compute(PurchaseTable table, decimal[]? amounts = null, RfmOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new RfmOptions();
        var bins = options.Bins;
        if (bins is < 2 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), bins, "RFM needs 2 to 100 bins.");
        }

        if (amounts is not null && amounts.Length != table.Count)
        {
            throw new ArgumentException("There must be one amount per record.", nameof(amounts));
        }

        ArgumentNullException.ThrowIfNull(options.Segments, nameof(options));
        var days = table.Days;
        var end = options.AsOf is { } a ? PurchaseTable.DayNumber(a) : (table.Count == 0 ? 0 : MaxDay(days));

        // One pass: last day, orders, total per customer (orders are counted once, at their first record).
        var last = new int[table.CustomerCount];
        Array.Fill(last, int.MinValue);
        var orders = new int[table.CustomerCount];
        var money = new decimal[table.CustomerCount];
        var orderSeen = table.Orders is null ? null : new bool[table.OrderCount];
        for (var i = 0; i < table.Count; i++)
        {
            if ((i & 0xFFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var d = days[i];
            if (d > end)
            {
                continue;
            }

            var c = table.Customers[i];
            if (d > last[c])
            {
                last[c] = d;
            }

            var o = table.Orders?[i] ?? -1;
            if (o < 0 || !orderSeen![o])
            {
                orders[c]++;
                if (o >= 0)
                {
                    orderSeen![o] = true;
                }
            }

            if (amounts is not null)
            {
                money[c] += amounts[i];
            }
        }

        var members = new List<int>();
        for (var c = 0; c < last.Length; c++)
        {
            if (last[c] != int.MinValue)
            {
                members.Add(c);
            }
        }

        var n = members.Count;
        var recency = new int[n];
        var frequency = new int[n];
        var monetary = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            var c = members[i];
            recency[i] = end - last[c];
            frequency[i] = orders[c];
            monetary[i] = money[c];
        }

        // Recency: fewer days is better, so rank the negated days.
        var r = Scores(recency, bins, negate: true);
        var f = Scores(frequency, bins, negate: false);
        var m = Scores(monetary, bins);
        var segmentCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in options.Segments.Rules)
        {
            segmentCounts[rule.Name] = 0;
        }

        var customers = new RfmCustomer[n];
        for (var i = 0; i < n; i++)
        {
            var segment = options.Segments.SegmentOf(r[i], f[i], bins);
            segmentCounts[segment]++;
            customers[i] = new RfmCustomer(members[i], recency[i], frequency[i], monetary[i], frequency[i] == 0 ? 0 : monetary[i] / frequency[i], r[i], f[i], m[i], segment, ChurnRisk(r[i], f[i], m[i], bins));
        }

        return new RfmReport(PurchaseTable.DateOf(end), bins, customers, segmentCounts);
    }

    /// <summary>1 + ⌊bins · #(values strictly worse than v) / n⌋ for each value, ties equal.</summary>
    internal static int[] Scores(int[] values, int bins, bool negate)
    {
        var sorted = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            sorted[i] = negate ? -values[i] : values[i];
        }

        Array.Sort(sorted);
        var scores = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var worse = LowerBound(sorted, negate ? -values[i] : values[i]);
            scores[i] = Score(worse, values.Length, bins);
        }

        return scores;
    }

    internal static int[] Scores(decimal[] values, int bins)
    {
        var sorted = (decimal[])values.Clone();
        Array.Sort(sorted);
        var scores = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var low = 0;
            var high = sorted.Length;
            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (sorted[mid] < values[i])
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            scores[i] = Score(low, values.Length, bins);
        }

        return scores;
    }

    private static int Score(int worse, int n, int bins) => 1 + (int)((long)bins * worse / n);

    /// <summary>The number of elements strictly less than <paramref name="value"/>.</summary>
    private static int LowerBound(int[] sorted, int value)
    {
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static int MaxDay(int[] days)
    {
        var max = int.MinValue;
        foreach (var d in days)
        {
            max = Math.Max(max, d);
        }

        return max;
    }
}
