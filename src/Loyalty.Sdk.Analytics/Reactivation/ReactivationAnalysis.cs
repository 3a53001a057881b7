using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Reactivation;

/// <summary>
/// Reactivation over the columnar purchases. A customer's purchase days (distinct, up to the as-of date) in order:
/// after a purchase on day d, the customer becomes dormant on day d + D if nothing was bought on days d + 1 … d + D
/// (and d + D is not after the as-of date); the spell ends, as a reactivation, at the next purchase. Purchases after
/// the as-of date are not observed.
/// </summary>
public static class ReactivationAnalysis
{
    /// <summary>Computes the report.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="options">The threshold, windows and as-of date; the defaults when null.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">A threshold or window is outside 1 to 3650 days.</exception>
    public static ReactivationReport Compute(PurchaseTable table, ReactivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new ReactivationOptions();
        var dormancy = options.DormancyDays;
        var windows = options.WithinDays.ToArray();
        if (dormancy is < 1 or > 3650 || windows.Any(w => w is < 1 or > 3650))
        {
            throw new ArgumentException("The dormancy threshold and each window must be from 1 to 3650 days.", nameof(options));
        }

        var end = options.AsOf is { } a ? PurchaseTable.DayNumber(a) : (table.Count == 0 ? 0 : table.Days.Max());

        // Each observed record as one sortable key, customer then day: a customer's distinct days come out in order.
        var keys = new long[table.Count];
        var n = 0;
        for (var i = 0; i < table.Count; i++)
        {
            if (table.Days[i] <= end)
            {
                keys[n++] = ((long)table.Customers[i] << 32) | (uint)table.Days[i];
            }
        }

        Array.Sort(keys, 0, n);
        long spells = 0, returns = 0;
        int dormantCustomers = 0, reactivatedCustomers = 0;
        var observable = new long[windows.Length];
        var within = new long[windows.Length];
        var months = new SortedDictionary<LocalDate, (long Returns, HashSet<int> Customers)>();
        for (var i = 0; i < n;)
        {
            var customer = (int)(keys[i] >> 32);
            bool dormant = false, back = false;
            while (i < n && (int)(keys[i] >> 32) == customer)
            {
                var day = unchecked((int)keys[i]);
                while (i < n && keys[i] == (((long)customer << 32) | (uint)day))
                {
                    i++; // the same day again
                }

                var next = i < n && (int)(keys[i] >> 32) == customer ? unchecked((int)keys[i]) : (int?)null;
                var start = day + dormancy;
                if (start > end || next <= start)
                {
                    continue; // bought again within D days, or not yet D days observed
                }

                spells++;
                dormant = true;
                for (var w = 0; w < windows.Length; w++)
                {
                    if (start + windows[w] <= end)
                    {
                        observable[w]++;
                        within[w] += next <= start + windows[w] ? 1 : 0;
                    }
                }

                if (next is { } returned)
                {
                    returns++;
                    back = true;
                    var date = PurchaseTable.DateOf(returned);
                    var month = new LocalDate(date.Year, date.Month, 1);
                    if (!months.TryGetValue(month, out var entry))
                    {
                        entry = (0, new HashSet<int>());
                    }

                    entry.Customers.Add(customer);
                    months[month] = (entry.Returns + 1, entry.Customers);
                }
            }

            dormantCustomers += dormant ? 1 : 0;
            reactivatedCustomers += back ? 1 : 0;
        }

        return new ReactivationReport(
            dormancy,
            PurchaseTable.DateOf(end),
            spells,
            dormantCustomers,
            returns,
            reactivatedCustomers,
            [.. months.Select(m => new ReactivationMonth(m.Key, m.Value.Returns, m.Value.Customers.Count))],
            [.. windows.Select((w, k) => new ReactivationWindow(w, observable[k], within[k]))]);
    }
}
