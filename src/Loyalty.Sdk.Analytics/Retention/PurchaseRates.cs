using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Repeat-purchase and cross-purchase rates over the columnar purchases.</summary>
public static class PurchaseRates
{
    /// <summary>
    /// Computes the repeat-purchase rate. An order is a distinct order index of a customer (each record when the table
    /// has no orders), dated by its earliest record; purchases after the as-of date are not observed.
    /// </summary>
    /// <param name="table">The purchases.</param>
    /// <param name="withinDays">Offsets N for "a second order within N days of the first"; none by default.</param>
    /// <param name="asOf">The last observed local date, or <see langword="null"/> for the last purchase date.</param>
    /// <param name="progress">Receives the share of the records read, 0 to 1.</param>
    /// <param name="cancellationToken">A token to cancel the calculation.</param>
    /// <returns>The report.</returns>
    public static RepeatPurchaseReport Repeat(PurchaseTable table, IReadOnlyList<int>? withinDays = null, LocalDate? asOf = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var offsets = (withinDays ?? []).ToArray();
        if (offsets.Any(d => d is < 1 or > 3650))
        {
            throw new ArgumentException("Offsets must be from 1 to 3650 days.", nameof(withinDays));
        }

        var end = asOf is { } a ? PurchaseTable.DayNumber(a) : (table.Count == 0 ? 0 : table.Days.Max());
        var customers = table.Customers;
        var days = table.Days;

        // Per customer: order count, first and second order day (the second may be the same day), in one record.
        // Large inputs are split by customer range across cores, as in CohortRetention: each worker streams every
        // record and order but only touches its own customers (and their orders), so workers never share a write.
        var track = new RepeatTrack[table.CustomerCount];
        var orderColumn = table.Orders;
        var orderTrack = orderColumn is null ? null : new OrderTrack[table.OrderCount];
        var workers = CustomerPartition.Workers(table.Count, null);
        var conflict = -1;
        CustomerPartition.Run(workers, cancellationToken, worker =>
        {
            var partition = CustomerPartition.Of(track.Length, worker, workers);
            for (var c = partition.Low; c < partition.High; c++)
            {
                track[c] = new RepeatTrack { First = int.MaxValue, Second = int.MaxValue };
            }

            var pass = new OrderPass(track, orderColumn, orderTrack);
            partition.Walk(customers, days, end, ref pass, worker == 0 && progress is not null ? share => progress.Report(share / 2) : null, cancellationToken);
            if (pass.Conflict >= 0)
            {
                conflict = pass.Conflict;
            }

            if (orderTrack is null)
            {
                return;
            }

            for (var o = 0; o < orderTrack.Length; o++)
            {
                var c = orderTrack[o].Customer - 1;
                if (c >= 0 && partition.Contains(c))
                {
                    track[c].Add(orderTrack[o].Day);
                }
            }
        });

        if (conflict >= 0)
        {
            throw new ArgumentException($"Order index {conflict} belongs to two customers; an order index must belong to one customer.", nameof(table));
        }

        var total = 0;
        var repeaters = 0;
        var observable = new int[offsets.Length];
        var within = new int[offsets.Length];
        var gaps = new List<int>();
        for (var c = 0; c < track.Length; c++)
        {
            if (track[c].Count == 0)
            {
                continue;
            }

            total++;
            if (track[c].Count >= 2)
            {
                repeaters++;
                gaps.Add(track[c].Second - track[c].First);
            }

            for (var k = 0; k < offsets.Length; k++)
            {
                if (track[c].First + offsets[k] <= end)
                {
                    observable[k]++;
                    if (track[c].Second <= track[c].First + offsets[k])
                    {
                        within[k]++;
                    }
                }
            }
        }

        progress?.Report(1d);
        return new RepeatPurchaseReport(
            total,
            repeaters,
            offsets,
            offsets.Select((_, k) => new RetentionCell(observable[k], within[k])).ToArray(),
            gaps.Count == 0 ? null : QuartilesOf(gaps));
    }

    /// <summary>Computes the cross-purchase rate and the P(B | A) matrix from the table's categories.</summary>
    /// <param name="table">The purchases, with categories.</param>
    /// <param name="asOf">The last observed local date, or <see langword="null"/> for all purchases.</param>
    /// <param name="progress">Receives the share of the records read, 0 to 1.</param>
    /// <param name="cancellationToken">A token to cancel the calculation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The table has no categories.</exception>
    public static CrossPurchaseReport Cross(PurchaseTable table, LocalDate? asOf = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var categories = table.Categories ?? throw new ArgumentException("The purchases have no categories.", nameof(table));
        var end = asOf is { } a ? PurchaseTable.DayNumber(a) : int.MaxValue;
        var k = table.CategoryCount;
        var bought = new int[k];
        var both = new int[k, k];
        var customers = 0;
        var multi = 0;
        void Count(ReadOnlySpan<int> set)
        {
            customers++;
            if (set.Length >= 2)
            {
                multi++;
            }

            foreach (var x in set)
            {
                bought[x]++;
                foreach (var y in set)
                {
                    both[x, y]++;
                }
            }
        }

        if (k <= 64)
        {
            // A bit per category and customer: one pass, then the pairs of each customer's bits.
            var masks = new ulong[table.CustomerCount];
            for (var i = 0; i < table.Count; i++)
            {
                if ((i & 0xFFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report((double)i / table.Count);
                }

                if (categories[i] >= 0 && table.Days[i] <= end)
                {
                    masks[table.Customers[i]] |= 1UL << categories[i];
                }
            }

            Span<int> set = stackalloc int[64];
            foreach (var mask in masks)
            {
                if (mask == 0)
                {
                    continue;
                }

                var n = 0;
                for (var bits = mask; bits != 0; bits &= bits - 1)
                {
                    set[n++] = System.Numerics.BitOperations.TrailingZeroCount(bits);
                }

                Count(set[..n]);
            }
        }
        else
        {
            // Many categories: sort the distinct (customer, category) pairs and walk each customer's run.
            var pairs = new List<long>(table.Count);
            for (var i = 0; i < table.Count; i++)
            {
                if (categories[i] >= 0 && table.Days[i] <= end)
                {
                    pairs.Add(((long)table.Customers[i] << 32) | (uint)categories[i]);
                }
            }

            pairs.Sort();
            var run = new List<int>();
            for (var i = 0; i < pairs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i > 0 && pairs[i] == pairs[i - 1])
                {
                    continue;
                }

                if (i > 0 && (pairs[i] >> 32) != (pairs[i - 1] >> 32))
                {
                    Count(CollectionsMarshalSpan(run));
                    run.Clear();
                }

                run.Add((int)(pairs[i] & 0xFFFFFFFF));
            }

            if (run.Count > 0)
            {
                Count(CollectionsMarshalSpan(run));
            }
        }

        progress?.Report(1d);
        var names = Enumerable.Range(0, k).Select(i => table.CategoryNames?.Decode(i) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new CrossPurchaseReport(customers, multi, names, bought, both);
    }

    /// <summary>Counts records without an order as orders, and dates each order by its earliest record.</summary>
    private struct OrderPass(RepeatTrack[] track, int[]? orderColumn, OrderTrack[]? orderTrack) : IRecordVisitor
    {
        public int Conflict = -1;

        public void Visit(int record, int customer, int day)
        {
            var o = orderColumn?[record] ?? -1;
            if (o < 0)
            {
                track[customer].Add(day);
                return;
            }

            // Customer holds customer + 1 (0: not seen yet).
            ref var order = ref orderTrack![o];
            if (order.Customer == 0)
            {
                order = new OrderTrack { Customer = customer + 1, Day = day };
            }
            else if (order.Customer != customer + 1)
            {
                Conflict = o;
            }
            else if (day < order.Day)
            {
                order.Day = day;
            }
        }
    }

    /// <summary>A customer's order count and first two order days.</summary>
    private struct RepeatTrack
    {
        public int Count;
        public int First;
        public int Second;

        public void Add(int day)
        {
            Count++;
            if (day < First)
            {
                Second = First;
                First = day;
            }
            else if (day < Second)
            {
                Second = day;
            }
        }
    }

    /// <summary>An order's customer (+ 1; 0 when unseen) and earliest day.</summary>
    private struct OrderTrack
    {
        public int Customer;
        public int Day;
    }

    private static ReadOnlySpan<int> CollectionsMarshalSpan(List<int> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    private static Quartiles QuartilesOf(List<int> values)
    {
        values.Sort();
        double At(double p)
        {
            var position = p * (values.Count - 1);
            var lower = (int)Math.Floor(position);
            var upper = Math.Min(lower + 1, values.Count - 1);
            return values[lower] + ((position - lower) * (values[upper] - values[lower]));
        }

        return new Quartiles(At(0.25), At(0.5), At(0.75), values.Count);
    }
}
