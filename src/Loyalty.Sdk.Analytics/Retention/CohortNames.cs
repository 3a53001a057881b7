using System;
using System.Linq;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Names each customer's first-purchase cohort, for analyses grouped by cohort.</summary>
internal static class CohortNames
{
    /// <summary>Per customer index, the ISO date its cohort starts (null for a customer with no record).</summary>
    public static string?[] Of(PurchaseTable table, CohortGrouping grouping)
    {
        var first = new int[table.CustomerCount];
        Array.Fill(first, int.MaxValue);
        for (var i = 0; i < table.Count; i++)
        {
            first[table.Customers[i]] = Math.Min(first[table.Customers[i]], table.Days[i]);
        }

        return [.. first.Select(d => d == int.MaxValue ? null : NodaTime.Text.LocalDatePattern.Iso.Format(Start(PurchaseTable.DateOf(d), grouping)))];
    }

    private static LocalDate Start(LocalDate date, CohortGrouping grouping) => grouping switch
    {
        CohortGrouping.Month => new LocalDate(date.Year, date.Month, 1),
        CohortGrouping.IsoWeek => date.PlusDays(1 - (int)date.DayOfWeek),
        _ => date,
    };
}
