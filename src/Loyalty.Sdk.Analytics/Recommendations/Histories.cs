using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>Each customer's distinct items up to a day, ascending, with the last day bought and the records of each (compressed rows).</summary>
internal sealed class Histories
{
    private Histories(int[] start, int[] items, int[] lastDays, int[] counts)
    {
        Start = start;
        Items = items;
        LastDays = lastDays;
        Counts = counts;
    }

    public int[] Start { get; }

    public int[] Items { get; }

    public int[] LastDays { get; }

    public int[] Counts { get; }

    public static Histories Build(PurchaseTable table, int[] items, int lastDay, ParallelOptions parallel)
    {
        var customers = table.CustomerCount;
        var (start, keys) = CompressedRows.Group<long, ItemDays>(customers, table.Count, new(table, items, lastDay));

        var distinct = new int[customers + 1];
        Parallel.For(0, customers, parallel, c =>
        {
            var segment = keys.AsSpan(start[c], start[c + 1] - start[c]);
            segment.Sort();
            var d = 0;
            for (var k = 0; k < segment.Length; k++)
            {
                d += k == 0 || (segment[k] >> 32) != (segment[k - 1] >> 32) ? 1 : 0;
            }

            distinct[c + 1] = d;
        });
        for (var c = 0; c < customers; c++)
        {
            distinct[c + 1] += distinct[c];
        }

        var entries = distinct[customers];
        var (itemOf, last, counts) = (new int[entries], new int[entries], new int[entries]);
        Parallel.For(0, customers, parallel, c =>
        {
            var w = distinct[c] - 1;
            for (var k = start[c]; k < start[c + 1]; k++)
            {
                var item = (int)(keys[k] >> 32);
                if (k == start[c] || item != (int)(keys[k - 1] >> 32))
                {
                    itemOf[++w] = item;
                }

                last[w] = (int)(keys[k] & 0xFFFF_FFFF); // ascending within an item: the last is the latest
                counts[w]++;
            }
        });
        return new Histories(distinct, itemOf, last, counts);
    }

    /// <summary>A record's customer, when it has an item up to the last day, and its (item, day) as one sortable key.</summary>
    private readonly struct ItemDays(PurchaseTable table, int[] items, int lastDay) : IGroupedRecords<long>
    {
        public int Group(int record) => items[record] >= 0 && table.Days[record] <= lastDay ? table.Customers[record] : -1;

        public long Value(int record) => ((long)items[record] << 32) | (uint)table.Days[record];
    }
}
