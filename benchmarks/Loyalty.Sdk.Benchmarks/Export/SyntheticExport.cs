using System;
using System.Globalization;
using System.IO;
using System.Text;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Benchmarks.Retention;

namespace Loyalty.Sdk.Benchmarks.Export;

/// <summary>
/// A raw order-line export shaped like the UCI online-retail one, written from <see cref="SyntheticPurchases"/>:
/// <c>InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>, in time order, with the quirks a
/// cleaning step must handle: a fifth of the rows are guest purchases without a customer, and about one purchase line
/// in sixty is cancelled later by a <c>C</c> invoice with a negative quantity, numbered on its own (as in the UCI
/// export, a cancellation does not name the invoice it cancels). Deterministic for a seed.
/// </summary>
public static class SyntheticExport
{
    public const string Header = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    private static readonly string[] Countries = ["United Kingdom", "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium", "Switzerland"];

    /// <summary>Writes the export for <paramref name="customers"/> customers (about 12.7 rows each) and returns its row count.</summary>
    public static long Write(string path, int customers, int seed = 42)
    {
        var (table, cents) = SyntheticPurchases.GenerateWithAmounts(customers, seed);
        var random = new Random(seed + 1);
        var extraInvoice = table.OrderCount + 1_000_000; // guest orders and cancellations take numbers after the members' orders
        long rows = 0;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine(Header);
        var line = new StringBuilder(96);
        for (var i = 0; i < table.Count; i++)
        {
            var day = PurchaseTable.DateOf(table.Days[i]);
            var seconds = 8 * 3600 + random.Next(12 * 3600);
            var quantity = 1 + random.Next(12);
            var price = Math.Max(1, cents[i] / quantity);
            var country = Countries[table.Customers[i] % Countries.Length];
            Line(writer, line, (100_000 + table.Orders![i]).ToString(CultureInfo.InvariantCulture), table.Categories![i], quantity, day, seconds, price, table.Customers[i], country);
            rows++;
            if (random.NextDouble() < 1.0 / 60)
            {
                // Cancelled later the same day (or the next), by the same customer.
                Line(writer, line, "C" + (100_000 + extraInvoice++).ToString(CultureInfo.InvariantCulture), table.Categories[i], -quantity, day, Math.Min(seconds + 3600, 86_399), price, table.Customers[i], country);
                rows++;
            }

            if (random.NextDouble() < 0.25)
            {
                Line(writer, line, (100_000 + extraInvoice++).ToString(CultureInfo.InvariantCulture), random.Next(SyntheticPurchases.Categories), 1 + random.Next(6), day, seconds, price, -1, "United Kingdom");
                rows++;
            }
        }

        return rows;
    }

    private static void Line(StreamWriter writer, StringBuilder line, string invoice, int category, int quantity, NodaTime.LocalDate day, int seconds, int priceCents, int customer, string country)
    {
        line.Clear();
        line.Append(invoice).Append(",SKU-").Append(category.ToString("D3", CultureInfo.InvariantCulture)).Append(',').Append(quantity.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(day.Year.ToString("D4", CultureInfo.InvariantCulture)).Append('-').Append(day.Month.ToString("D2", CultureInfo.InvariantCulture)).Append('-').Append(day.Day.ToString("D2", CultureInfo.InvariantCulture));
        line.Append(' ').Append((seconds / 3600).ToString("D2", CultureInfo.InvariantCulture)).Append(':').Append((seconds / 60 % 60).ToString("D2", CultureInfo.InvariantCulture)).Append(':').Append((seconds % 60).ToString("D2", CultureInfo.InvariantCulture));
        line.Append(',').Append((priceCents / 100).ToString(CultureInfo.InvariantCulture)).Append('.').Append((priceCents % 100).ToString("D2", CultureInfo.InvariantCulture)).Append(',');
        if (customer >= 0)
        {
            line.Append((12_346 + customer).ToString(CultureInfo.InvariantCulture)).Append(".0");
        }

        line.Append(',').Append(country);
        writer.WriteLine(line);
    }
}
