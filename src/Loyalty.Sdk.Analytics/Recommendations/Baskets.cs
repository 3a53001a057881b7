using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>
/// Baskets as sorted, distinct item lists with how many records of each item they hold (compressed rows), and the
/// transpose: for each item, the baskets holding it in ascending order. Built by counting sorts, in O(records).
/// </summary>
internal sealed class Baskets
{
    private Baskets(int[] start, int[] items, int[] counts, int[] itemStart, long[] itemBaskets, int[]? itemEntries)
    {
        Start = start;
        Items = items;
        Counts = counts;
        ItemStart = itemStart;
        ItemBaskets = itemBaskets;
        ItemEntries = itemEntries;
    }

    /// <summary>Gets, per basket b, where its entries start in <see cref="Items"/> (entries b run to <c>Start[b + 1]</c>).</summary>
    public int[] Start { get; }

    /// <summary>Gets the entries' items, ascending within each basket.</summary>
    public int[] Items { get; }

    /// <summary>Gets the entries' record counts.</summary>
    public int[] Counts { get; }

    /// <summary>Gets, per item i, where its baskets start in <see cref="ItemBaskets"/>.</summary>
    public int[] ItemStart { get; }

    /// <summary>
    /// Gets the baskets holding each item, ascending, each as where its entries start (high 32 bits) and end (low 32
    /// bits) in <see cref="Items"/>: reading a basket from an item then costs one memory access, not two.
    /// </summary>
    public long[] ItemBaskets { get; }

    /// <summary>Gets, beside <see cref="ItemBaskets"/>, the entry (index into <see cref="Items"/>) of the item in that basket: its weight's place, kept only when entries are weighted (BM25).</summary>
    public int[]? ItemEntries { get; }

    public int BasketCount => Start.Length - 1;

    public int ItemCount => ItemStart.Length - 1;

    /// <summary>The baskets holding an item.</summary>
    public int Frequency(int item) => ItemStart[item + 1] - ItemStart[item];

    /// <summary>Groups the records up to <paramref name="lastDay"/> that have an item into baskets.</summary>
    public static Baskets Build(PurchaseTable table, int[] items, int itemCount, CoPurchaseScope scope, int lastDay, bool weighted, ParallelOptions parallel)
    {
        var n = table.Count;
        var ownOrders = 0;
        var byOrder = scope == CoPurchaseScope.Order;
        var orders = table.Orders;
        var basketOf = GC.AllocateUninitializedArray<int>(n); // every array below that is wholly written skips zeroing
        var basketCount = byOrder ? table.OrderCount : table.CustomerCount;
        for (var r = 0; r < n; r++)
        {
            if (items[r] < 0 || table.Days[r] > lastDay)
            {
                basketOf[r] = -1;
            }
            else
            {
                basketOf[r] = !byOrder ? table.Customers[r] : orders is not null && orders[r] >= 0 ? orders[r] : basketCount + ownOrders++;
            }
        }

        basketCount += ownOrders;
        var (start, raw) = CompressedRows.Group<int, ItemsByBasket>(basketCount, n, new(basketOf, items));

        // Sort each basket and count its distinct items, in parallel; then compact.
        var distinct = new int[basketCount + 1];
        Parallel.For(0, basketCount, parallel, b =>
        {
            var segment = raw.AsSpan(start[b], start[b + 1] - start[b]);
            segment.Sort();
            var d = 0;
            for (var k = 0; k < segment.Length; k++)
            {
                if (k == 0 || segment[k] != segment[k - 1])
                {
                    d++;
                }
            }

            distinct[b + 1] = d;
        });
        for (var b = 0; b < basketCount; b++)
        {
            distinct[b + 1] += distinct[b];
        }

        var entries = distinct[basketCount];
        var basketItems = GC.AllocateUninitializedArray<int>(entries);
        var counts = new int[entries];
        Parallel.For(0, basketCount, parallel, b =>
        {
            var w = distinct[b] - 1;
            for (var k = start[b]; k < start[b + 1]; k++)
            {
                if (k == start[b] || raw[k] != raw[k - 1])
                {
                    basketItems[++w] = raw[k];
                }

                counts[w]++;
            }
        });

        var itemStart = new int[itemCount + 1];
        foreach (var item in basketItems)
        {
            itemStart[item + 1]++;
        }

        for (var i = 0; i < itemCount; i++)
        {
            itemStart[i + 1] += itemStart[i];
        }

        var itemBaskets = GC.AllocateUninitializedArray<long>(entries);
        var itemEntries = weighted ? GC.AllocateUninitializedArray<int>(entries) : null;
        var next = itemStart[..^1];
        for (var b = 0; b < basketCount; b++)
        {
            for (var e = distinct[b]; e < distinct[b + 1]; e++)
            {
                var slot = next[basketItems[e]]++;
                itemBaskets[slot] = ((long)distinct[b] << 32) | (uint)distinct[b + 1];
                if (itemEntries is not null)
                {
                    itemEntries[slot] = e;
                }
            }
        }

        return new Baskets(distinct, basketItems, counts, itemStart, itemBaskets, itemEntries);
    }

    /// <summary>A record's basket (−1: none) and its item.</summary>
    private readonly struct ItemsByBasket(int[] basketOf, int[] items) : IGroupedRecords<int>
    {
        public int Group(int record) => basketOf[record];

        public int Value(int record) => items[record];
    }
}
