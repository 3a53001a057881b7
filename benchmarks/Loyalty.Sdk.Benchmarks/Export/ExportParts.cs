using System;
using System.Diagnostics;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Cli;

namespace Loyalty.Sdk.Benchmarks.Export;

/// <summary>
/// Where the tool's time goes on the synthetic export, stage by stage (each stage adds one step to the one before):
/// a profile by subtraction, printed as seconds per stage (<c>export-parts</c>). Not a benchmark: a guide for profiling.
/// </summary>
public static class ExportParts
{
    public static void Run(string path)
    {
        for (var stage = 1; stage <= 6; stage++)
        {
            var watch = Stopwatch.StartNew();
            var rows = 0L;
            var check = 0L;
            using (var reader = ExportRows.Open(path, "auto"))
            {
                var (customerColumn, timeColumn, orderColumn) = (reader.Column("CustomerID", "c"), reader.Column("InvoiceDate", "t"), reader.Column("InvoiceNo", "o"));
                var times = new TimeReader("uuuu-MM-dd HH:mm:ss", NodaTime.DateTimeZone.Utc);
                var customers = new IdEncoder();
                var codes = new OrderCodes();
                var column = new ChunkedColumn<int>();
                var columns = new PurchaseColumns(true, false, false, false, false);
                while (reader.Next(out _))
                {
                    rows++;
                    var customer = reader.Span(customerColumn).Trim();
                    var time = reader.Span(timeColumn).Trim();
                    var order = reader.Span(orderColumn).Trim();
                    check += customer.Length + time.Length + order.Length;
                    if (stage >= 2 && times.TryRead(time, out var day, out _))
                    {
                        check += day;
                    }

                    if (stage >= 3 && !customer.IsEmpty)
                    {
                        check += customers.Encode(customer);
                    }

                    if (stage >= 4)
                    {
                        check += codes.Encode(order);
                    }

                    if (stage == 5)
                    {
                        column.Add(unchecked((int)check));
                        column.Add(unchecked((int)rows));
                        column.Add(unchecked((int)rows));
                    }

                    if (stage == 6 && !customer.IsEmpty)
                    {
                        columns.AddPurchase(columns.EncodeCustomer(customer), 1, 1, null, 0m, 0, null, null);
                    }
                }
            }

            Console.WriteLine($"stage {stage}: {watch.Elapsed.TotalSeconds:0.00} s for {rows:N0} rows ({check % 10}); GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalSeconds:0.00} s");
        }
    }
}
