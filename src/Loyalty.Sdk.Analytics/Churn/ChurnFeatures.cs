using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Returns;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>
/// The supervised churn model's features at a cutoff, from purchases on or before it only: log(1 + recency days),
/// log(1 + purchase days), log(1 + monetary) when amounts are known, log(1 + tenure days), log(1 + mean gap) and
/// log(1 + spread of the gaps) between purchase days, the 90-day trend (purchase days in the last 90 minus the 90 before),
/// one-time buyer (1 or 0), category breadth when categories are known, and the returned share of the amount when
/// returns with days are known.
/// </summary>
public static class ChurnFeatures
{
    /// <summary>Builds the rows.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record, its amount, or <see langword="null"/>.</param>
    /// <param name="cutoff">The last day the features may see.</param>
    /// <param name="returns">Return rows indexed by the table's customers, with days, or <see langword="null"/>.</param>
    /// <returns>One row per customer with a purchase on or before the cutoff.</returns>
    /// <exception cref="ArgumentException">The amounts do not fit the table, or a return names no customer of it.</exception>
    public static ChurnFeatureRows Build(PurchaseTable table, IReadOnlyList<decimal>? amounts, LocalDate cutoff, ReturnRecords? returns = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (amounts is not null && amounts.Count != table.Count)
        {
            throw new ArgumentException($"There are {amounts.Count} amounts for {table.Count} records.", nameof(amounts));
        }

        if (returns is not null && (returns.Days is { } d && d.Length != returns.Customers.Length || returns.Customers.Any(c => c < 0 || c >= table.CustomerCount)))
        {
            throw new ArgumentException("Every return needs a day and a customer index of the table.", nameof(returns));
        }

        var end = PurchaseTable.DayNumber(cutoff);
        var names = new List<string> { "log recency", "log frequency" };
        var withAmounts = amounts is not null;
        var withCategories = table.Categories is not null;
        var withReturns = withAmounts && returns?.Days is not null;
        if (withAmounts)
        {
            names.Add("log monetary");
        }

        names.AddRange(["log tenure", "log mean gap", "log gap spread", "90-day trend", "one-time buyer"]);
        if (withCategories)
        {
            names.Add("category breadth");
        }

        if (withReturns)
        {
            names.Add("returns share");
        }

        var (start, days) = DaysByCustomer(table, end);
        var spend = new decimal[table.CustomerCount];
        var categories = withCategories ? new HashSet<long>() : null;
        var breadth = new int[table.CustomerCount];
        for (var r = 0; r < table.Count; r++)
        {
            if (table.Days[r] > end)
            {
                continue;
            }

            var c = table.Customers[r];
            spend[c] += withAmounts ? amounts![r] : 0;
            if (categories is not null && table.Categories![r] >= 0 && categories.Add(((long)c << 32) | (uint)table.Categories[r]))
            {
                breadth[c]++;
            }
        }

        var returned = new decimal[table.CustomerCount];
        if (withReturns)
        {
            for (var k = 0; k < returns!.Customers.Length; k++)
            {
                if (returns.Days![k] <= end)
                {
                    returned[returns.Customers[k]] += returns.Amounts[k];
                }
            }
        }

        var customers = new List<int>();
        var values = new List<double>();
        for (var c = 0; c < table.CustomerCount; c++)
        {
            var own = days.AsSpan(start[c], start[c + 1] - start[c]);
            if (own.Length == 0)
            {
                continue;
            }

            customers.Add(c);
            var (first, last) = (own[0], own[^1]);
            values.Add(Math.Log(1 + end - last));
            values.Add(Math.Log(own.Length));
            if (withAmounts)
            {
                values.Add(Math.Log(1 + Math.Max(0, (double)spend[c])));
            }

            var (mean, spread) = Gaps(own);
            values.Add(Math.Log(1 + end - first));
            values.Add(Math.Log(1 + mean));
            values.Add(Math.Log(1 + spread));
            values.Add(Count(own, end - 90, end) - Count(own, end - 180, end - 90));
            values.Add(own.Length == 1 ? 1 : 0);
            if (withCategories)
            {
                values.Add(breadth[c]);
            }

            if (withReturns)
            {
                var bought = (double)spend[c] + (double)returned[c];
                values.Add(bought <= 0 ? 0 : Math.Clamp((double)returned[c] / bought, 0, 1));
            }
        }

        return new ChurnFeatureRows([.. customers], names, [.. values]);
    }

    /// <summary>Each customer's distinct purchase days up to <paramref name="end"/>, ascending (compressed rows).</summary>
    internal static (int[] Start, int[] Days) DaysByCustomer(PurchaseTable table, int end)
    {
        var (start, raw) = CompressedRows.Group<int, DaysUpTo>(table.CustomerCount, table.Count, new(table, end));

        // Sort and de-duplicate each customer's days, compacting in place.
        var write = 0;
        var compact = new int[table.CustomerCount + 1];
        for (var c = 0; c < table.CustomerCount; c++)
        {
            var segment = raw.AsSpan(start[c], start[c + 1] - start[c]);
            segment.Sort();
            compact[c] = write;
            for (var k = 0; k < segment.Length; k++)
            {
                if (k == 0 || segment[k] != segment[k - 1])
                {
                    raw[write++] = segment[k];
                }
            }
        }

        compact[^1] = write;
        return (compact, raw);
    }

    private static (double Mean, double Spread) Gaps(ReadOnlySpan<int> days)
    {
        if (days.Length < 2)
        {
            return (0, 0);
        }

        var mean = (days[^1] - days[0]) / (double)(days.Length - 1);
        var squares = 0.0;
        for (var k = 1; k < days.Length; k++)
        {
            var d = days[k] - days[k - 1] - mean;
            squares += d * d;
        }

        return (mean, Math.Sqrt(squares / (days.Length - 1)));
    }

    private static int Count(ReadOnlySpan<int> days, int after, int upTo)
    {
        var n = 0;
        foreach (var d in days)
        {
            n += d > after && d <= upTo ? 1 : 0;
        }

        return n;
    }

    /// <summary>A record's customer and day, when the day is on or before the end.</summary>
    private readonly struct DaysUpTo(PurchaseTable table, int end) : IGroupedRecords<int>
    {
        public int Group(int record) => table.Days[record] <= end ? table.Customers[record] : -1;

        public int Value(int record) => table.Days[record];
    }
}
