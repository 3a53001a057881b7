using System;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Benchmarks.Retention;

/// <summary>
/// A deterministic (seeded) generator of realistic purchase histories for one year: customers join through the year,
/// buy at customer-specific rates with gaps that lengthen, churn after each purchase with some probability, favour a
/// few of 20 categories, spend log-normal amounts, and sometimes buy two lines in one order. Records come out in time order, as exports do.
/// </summary>
public static class SyntheticPurchases
{
    public const int Categories = 20;
    public static readonly LocalDate FirstDay = new(2025, 1, 1);

    public static PurchaseTable Generate(int customers, int seed = 42) => GenerateWithAmounts(customers, seed).Table;

    /// <summary>Generates the purchases and each line's amount in cents (log-normal around 27, customers differ in basket size).</summary>
    public static (PurchaseTable Table, int[] AmountCents) GenerateWithAmounts(int customers, int seed = 42)
    {
        var random = new Random(seed);
        var first = PurchaseTable.DayNumber(FirstDay);
        const int year = 365;
        var capacity = customers * 12;
        var c = new int[capacity];
        var d = new int[capacity];
        var o = new int[capacity];
        var k = new int[capacity];
        var m = new int[capacity];
        var n = 0;
        var orders = 0;
        for (var customer = 0; customer < customers; customer++)
        {
            var day = (int)(Math.Pow(random.NextDouble(), 1.3) * year);
            var meanGap = 2 + (random.NextDouble() * 20);
            var churn = 0.02 + (random.NextDouble() * 0.1);
            var favourite = (int)(Math.Pow(random.NextDouble(), 2) * Categories);
            var basket = 2.8 + (random.NextDouble() * 0.9);
            while (day < year && n < capacity - 2)
            {
                var lines = random.NextDouble() < 0.2 ? 2 : 1;
                for (var line = 0; line < lines; line++)
                {
                    c[n] = customer;
                    d[n] = first + day;
                    o[n] = orders;
                    k[n] = random.NextDouble() < 0.6 ? favourite : random.Next(Categories);
                    m[n] = (int)(Math.Exp(basket + (0.6 * Normal(random))) * 100);
                    n++;
                }

                orders++;
                if (random.NextDouble() < churn)
                {
                    break;
                }

                day += 1 + (int)(-Math.Log(1 - random.NextDouble()) * meanGap);
                meanGap *= 1.05;
            }
        }

        // Time order: a stable counting sort by day.
        var counts = new int[year + 1];
        for (var i = 0; i < n; i++)
        {
            counts[d[i] - first + 1]++;
        }

        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
        }

        var cs = new int[n];
        var ds = new int[n];
        var os = new int[n];
        var ks = new int[n];
        var ms = new int[n];
        for (var i = 0; i < n; i++)
        {
            var at = counts[d[i] - first]++;
            cs[at] = c[i];
            ds[at] = d[i];
            os[at] = o[i];
            ks[at] = k[i];
            ms[at] = m[i];
        }

        return (new PurchaseTable(cs, ds, customers, os, orders, ks, Categories), ms);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
