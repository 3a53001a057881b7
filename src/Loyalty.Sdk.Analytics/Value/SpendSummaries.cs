using System;
using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// Builds Gamma-Gamma spend summaries from purchases, as the CDNOW README derives z̄: amounts summed per purchase day,
/// the first day left out, the mean over the repeat days up to the calibration end.
/// </summary>
public static class SpendSummaries
{
    /// <summary>
    /// Summarises the spend of each customer with a purchase on or before <paramref name="calibrationEnd"/>. A repeat day
    /// whose amounts sum to zero or less (returns netted out) is no spend observation: it counts in neither x nor z̄.
    /// </summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record, its amount.</param>
    /// <param name="calibrationEnd">The last day of the calibration period.</param>
    /// <returns>One summary per customer with a purchase in the period, in customer order.</returns>
    /// <exception cref="ArgumentException">The amounts are not one per record.</exception>
    public static IReadOnlyList<SpendSummary> Build(PurchaseTable table, IReadOnlyList<decimal> amounts, LocalDate calibrationEnd)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(amounts);
        if (amounts.Count != table.Count)
        {
            throw new ArgumentException("The amounts must be one per record.", nameof(amounts));
        }

        var end = PurchaseTable.DayNumber(calibrationEnd);
        var days = new SortedDictionary<int, decimal>?[table.CustomerCount];
        for (var i = 0; i < table.Count; i++)
        {
            if (table.Days[i] <= end)
            {
                var customer = days[table.Customers[i]] ??= [];
                customer[table.Days[i]] = customer.GetValueOrDefault(table.Days[i]) + amounts[i];
            }
        }

        var summaries = new List<SpendSummary>();
        for (var c = 0; c < days.Length; c++)
        {
            if (days[c] is not { Count: > 0 } spend)
            {
                continue;
            }

            var (count, total, first) = (0, 0m, true);
            foreach (var day in spend.Values)
            {
                if (!first && day > 0)
                {
                    (count, total) = (count + 1, total + day);
                }

                first = false;
            }

            summaries.Add(new SpendSummary(c, count, count == 0 ? 0 : (double)(total / count)));
        }

        return summaries;
    }
}
