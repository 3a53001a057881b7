using System;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Benchmarks.Recommendations;

/// <summary>
/// A deterministic (seeded) generator of order lines from a long-tail catalogue: each customer shops mostly in one of
/// the catalogue's departments (500 items each), items within a department and across the catalogue are Zipf-like,
/// orders hold 1 to 12 lines (mean about 3.5; a few repeat an item), and customers place about as many orders as
/// <c>orders ÷ customers</c>, over one year.
/// </summary>
public static class SyntheticBaskets
{
    public const int Department = 500;

    /// <summary>Generates the lines: the table (with orders) and each line's item.</summary>
    public static (PurchaseTable Table, int[] Items) Generate(int orders, int customers, int items, int seed = 7)
    {
        var random = new Random(seed);
        var capacity = (int)(orders * 4.2);
        var (c, d, o, k) = (new int[capacity], new int[capacity], new int[capacity], new int[capacity]);
        var n = 0;
        var first = PurchaseTable.DayNumber(new NodaTime.LocalDate(2025, 1, 1));
        var departments = Math.Max(1, items / Department);
        for (var order = 0; order < orders; order++)
        {
            var customer = order < customers ? order : random.Next(customers); // every customer orders at least once
            var department = customer % departments;
            var day = first + random.Next(365);
            var lines = Math.Min(12, 1 + (int)(-Math.Log(1 - random.NextDouble()) * 2.5));
            for (var line = 0; line < lines && n < capacity; line++)
            {
                var item = random.NextDouble() < 0.7
                    ? (department * Department) + (int)(Department * Math.Pow(random.NextDouble(), 2.5))
                    : (int)(items * Math.Pow(random.NextDouble(), 3));
                (c[n], d[n], o[n], k[n]) = (customer, day, order, Math.Min(items - 1, item));
                n++;
            }
        }

        return (new PurchaseTable(c[..n], d[..n], customers, o[..n], orders), k[..n]);
    }
}
