using System;
using System.Collections.Generic;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Analytics.Rfm;

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

        // One pass: last day, orders, total per customer (an order counts once, at its first record), split by
        // customer range across cores for large inputs.
        var last = new int[table.CustomerCount];
        var orders = new int[table.CustomerCount];
        var money = new decimal[table.CustomerCount];
        var cents = amounts is null ? null : new long[table.CustomerCount];
        var orderSeen = table.Orders is null ? null : new bool[table.OrderCount];
        var workers = CustomerPartition.Workers(table.Count, null);
        CustomerPartition.Run(workers, cancellationToken, worker =>
        {
            var partition = CustomerPartition.Of(last.Length, worker, workers);
            Array.Fill(last, int.MinValue, partition.Low, partition.High - partition.Low);
            var pass = new RfmPass(last, orders, money, cents, table.Orders, orderSeen, amounts);
            partition.Walk(table.Customers, days, end, ref pass, null, cancellationToken);
        });

        // Totals: in 10⁻⁴ units where every amount fitted, plus any decimal remainder.
        var exact = cents is not null;
        if (cents is not null)
        {
            for (var c = 0; c < money.Length; c++)
            {
                if (money[c] != 0m)
                {
                    exact = false;
                }

                if (cents[c] != 0)
                {
                    money[c] += ExactSum.ToDecimal(cents[c]);
                }
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
        var monetaryUnits = exact ? new long[n] : null;
        for (var i = 0; i < n; i++)
        {
            var c = members[i];
            recency[i] = end - last[c];
            frequency[i] = orders[c];
            monetary[i] = money[c];
            if (monetaryUnits is not null)
            {
                monetaryUnits[i] = cents![c];
            }
        }

        // Recency: fewer days is better, so rank the negated days.
        var r = Scores(recency, bins, negate: true);
        var f = Scores(frequency, bins, negate: false);
        var m = monetaryUnits is not null ? ScoresBySorting(monetaryUnits, bins, static (x, y) => x == y) : Scores(monetary, bins);
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
            customers[i] = new RfmCustomer(members[i], recency[i], frequency[i], monetary[i], r[i], f[i], m[i], segment, ChurnRisk(r[i], f[i], m[i], bins));
        }

        return new RfmReport(PurchaseTable.DateOf(end), bins, customers, segmentCounts);
    }

    /// <summary>1 + ⌊bins · #(values strictly worse than v) / n⌋ for each value, ties equal (counting, for ints).</summary>
    internal static int[] Scores(int[] values, int bins, bool negate)
    {
        var n = values.Length;
        var scores = new int[n];
        if (n == 0)
        {
            return scores;
        }

        int min = int.MaxValue, max = int.MinValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if ((long)max - min < 1 << 24)
        {
            // A histogram, then the number of strictly worse values per distinct value.
            var below = new int[max - min + 2];
            foreach (var v in values)
            {
                below[v - min + 1]++;
            }

            for (var i = 1; i < below.Length; i++)
            {
                below[i] += below[i - 1];
            }

            for (var i = 0; i < n; i++)
            {
                var v = values[i] - min;
                var worse = negate ? n - below[v + 1] : below[v];
                scores[i] = Score(worse, n, bins);
            }

            return scores;
        }

        var keys = new long[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = negate ? -(long)values[i] : values[i];
        }

        return ScoresBySorting(keys, bins, static (x, y) => x == y);
    }

    /// <summary>The same for decimals: sorted by their double value (monotone), ties of doubles resolved exactly.</summary>
    internal static int[] Scores(decimal[] values, int bins)
    {
        var n = values.Length;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = (double)values[i];
            order[i] = i;
        }

        Array.Sort(keys, order);

        // Distinct decimals may share a double: order each such run exactly.
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(order, i, j - i, Comparer<int>.Create((x, y) => values[x].CompareTo(values[y])));
            }

            i = j;
        }

        var scores = new int[n];
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && values[order[j]] == values[order[i]])
            {
                j++;
            }

            var score = Score(i, n, bins); // i values sort strictly before this tie group
            for (var k = i; k < j; k++)
            {
                scores[order[k]] = score;
            }

            i = j;
        }

        return scores;
    }

    private static int[] ScoresBySorting(long[] keys, int bins, Func<long, long, bool> equal)
    {
        var n = keys.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var sorted = (long[])keys.Clone();
        Array.Sort(sorted, order);
        var scores = new int[n];
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && equal(sorted[j], sorted[i]))
            {
                j++;
            }

            var score = Score(i, n, bins);
            for (var k = i; k < j; k++)
            {
                scores[order[k]] = score;
            }

            i = j;
        }

        return scores;
    }

    private static int Score(int worse, int n, int bins) => 1 + (int)((long)bins * worse / n);

    /// <summary>Last day, orders and total per customer of one partition.</summary>
    private readonly struct RfmPass(int[] last, int[] orders, decimal[] money, long[]? units, int[]? orderColumn, bool[]? orderSeen, decimal[]? amounts) : IRecordVisitor
    {
        public void Visit(int record, int customer, int day)
        {
            if (day > last[customer])
            {
                last[customer] = day;
            }

            var o = orderColumn?[record] ?? -1;
            if (o < 0)
            {
                orders[customer]++;
            }
            else if (!orderSeen![o])
            {
                orderSeen[o] = true;
                orders[customer]++;
            }

            if (amounts is not null && !ExactSum.TryAdd(ref units![customer], amounts[record]))
            {
                money[customer] += amounts[record];
            }
        }
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
