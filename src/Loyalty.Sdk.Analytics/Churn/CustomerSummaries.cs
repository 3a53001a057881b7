using System;
using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Builds BG/NBD summaries from purchases, exactly as the CDNOW README (and lifetimes' <c>summary_data_from_transaction_data</c>) derive them.</summary>
public static class CustomerSummaries
{
    /// <summary>
    /// Summarises each customer with a purchase on or before <paramref name="calibrationEnd"/>: same-day purchases count
    /// once; purchases after the calibration end are ignored. Invariant to the order of the records.
    /// </summary>
    /// <param name="table">The purchases.</param>
    /// <param name="calibrationEnd">The last day of the calibration period.</param>
    /// <param name="period">The time unit of recency and T.</param>
    /// <returns>One summary per customer, in customer order.</returns>
    public static IReadOnlyList<CustomerSummary> Build(PurchaseTable table, LocalDate calibrationEnd, SummaryPeriod period = SummaryPeriod.Week)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!Enum.IsDefined(period))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period.");
        }

        var end = PurchaseTable.DayNumber(calibrationEnd);
        var days = DistinctDays(table, end);
        var summaries = new List<CustomerSummary>();
        double unit = (int)period;
        for (var c = 0; c < days.Length; c++)
        {
            if (days[c] is not { Count: > 0 } set)
            {
                continue;
            }

            summaries.Add(new CustomerSummary(c, set.Count - 1, (set.Max - set.Min) / unit, (end - set.Min) / unit));
        }

        return summaries;
    }

    /// <summary>Counts each customer's distinct purchase days after <paramref name="after"/> up to and including <paramref name="until"/> (the holdout's repeat purchases).</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="after">The last day before the period.</param>
    /// <param name="until">The last day of the period.</param>
    /// <returns>Per customer index: the number of distinct purchase days in the period.</returns>
    public static int[] DistinctDaysBetween(PurchaseTable table, LocalDate after, LocalDate until)
    {
        ArgumentNullException.ThrowIfNull(table);
        var from = PurchaseTable.DayNumber(after);
        var to = PurchaseTable.DayNumber(until);
        var seen = new HashSet<long>();
        var counts = new int[table.CustomerCount];
        for (var i = 0; i < table.Count; i++)
        {
            var d = table.Days[i];
            if (d > from && d <= to && seen.Add(((long)table.Customers[i] << 32) | (uint)d))
            {
                counts[table.Customers[i]]++;
            }
        }

        return counts;
    }

    private static SortedSet<int>?[] DistinctDays(PurchaseTable table, int end)
    {
        var days = new SortedSet<int>?[table.CustomerCount];
        for (var i = 0; i < table.Count; i++)
        {
            if (table.Days[i] <= end)
            {
                (days[table.Customers[i]] ??= []).Add(table.Days[i]);
            }
        }

        return days;
    }
}
