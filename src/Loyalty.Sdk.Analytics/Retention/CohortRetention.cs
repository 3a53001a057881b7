using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>
/// Cohort retention (D1/D7/D30 or any offsets): exact, in linear time over the columnar input, with two passes
/// and a few integers per customer.
/// </summary>
public static class CohortRetention
{
    /// <summary>Computes cohort retention from columns (encode <see cref="PurchaseRecord"/>s with <see cref="PurchaseTable.FromRecords"/>).</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="options">The options, or <see langword="null"/> for D1/D7/D30, exact, daily cohorts.</param>
    /// <param name="progress">Receives the share of the work done, 0 to 1.</param>
    /// <param name="cancellationToken">A token to cancel the calculation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The offsets are empty, repeat, more than 64, or outside 1..3650.</exception>
    public static RetentionReport Compute(PurchaseTable table, RetentionOptions? options = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new RetentionOptions();
        var offsets = CheckOffsets(options.Days);
        if (!Enum.IsDefined(options.Definition) || !Enum.IsDefined(options.Grouping))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Unknown retention definition or cohort grouping.");
        }

        var customers = table.Customers;
        var days = table.Days;
        var n = customers.Length;
        var asOf = options.AsOf is { } a ? PurchaseTable.DayNumber(a) : int.MinValue;
        if (options.AsOf is null)
        {
            foreach (var d in days)
            {
                asOf = Math.Max(asOf, d);
            }
        }

        // One 16-byte record per customer (first day, last day, and the definition's extra), so each purchase
        // touches one cache line. Large inputs are split by customer range across cores: every worker streams all
        // records but only updates its own customers, so no two workers write the same record and no atomics are needed.
        var track = new CustomerTrack[table.CustomerCount];
        var workers = CustomerPartition.Workers(n, options.MaxDegreeOfParallelism);
        var definition = options.Definition;
        var maxOffset = offsets[^1];
        var bitOfOffset = new sbyte[maxOffset + 1];
        Array.Fill(bitOfOffset, (sbyte)-1);
        for (var k = 0; k < offsets.Length; k++)
        {
            bitOfOffset[offsets[k]] = (sbyte)k;
        }

        CustomerPartition.Run(workers, cancellationToken, worker =>
        {
            var partition = CustomerPartition.Of(track.Length, worker, workers);
            for (var c = partition.Low; c < partition.High; c++)
            {
                track[c] = new CustomerTrack { First = int.MaxValue, Last = int.MinValue, Extra = definition == RetentionDefinition.Within ? int.MaxValue : 0 };
            }

            Action<double>? Report(int pass) => worker == 0 && progress is not null ? share => progress.Report((pass + share) / 2) : null;

            // Pass 1: first and last purchase day (purchases after the as-of date are not observed).
            var firstLast = new FirstLastPass(track);
            partition.Walk(customers, days, asOf, ref firstLast, Report(0), cancellationToken);

            // Pass 2: the exact offsets hit (a bit per offset), or the second distinct day.
            if (definition != RetentionDefinition.OnOrAfter)
            {
                var extra = new ExtraPass(track, definition == RetentionDefinition.Exact, bitOfOffset);
                partition.Walk(customers, days, asOf, ref extra, Report(1), cancellationToken);
            }
        });

        // Aggregate per cohort, in arrays indexed by cohort start (a dictionary only for absurd date ranges).
        int minStart = int.MaxValue, maxStart = int.MinValue;
        foreach (ref readonly var t in track.AsSpan())
        {
            if (t.First != int.MaxValue)
            {
                minStart = Math.Min(minStart, t.First);
                maxStart = Math.Max(maxStart, t.First);
            }
        }

        var k0 = offsets.Length;
        var range = minStart == int.MaxValue ? 0 : maxStart - minStart + 1;
        int[]? sparse = null;
        if ((long)range * k0 > 1 << 24)
        {
            // First days centuries apart: index the distinct first days instead of every day between them.
            sparse = track.Where(t => t.First != int.MaxValue).Select(t => t.First).Distinct().Order().ToArray();
            range = sparse.Length;
        }

        var sizes = new int[range];
        var observable = new int[range * k0];
        var retainedCounts = new int[range * k0];
        foreach (ref readonly var t in track.AsSpan())
        {
            var f = t.First;
            if (f == int.MaxValue)
            {
                continue; // no purchase on or before the as-of date
            }

            // Cohorts are counted by first day, then merged into weeks or months below.
            var row = sparse is null ? f - minStart : Array.BinarySearch(sparse, f);
            sizes[row]++;
            for (var k = 0; k < k0; k++)
            {
                var target = f + offsets[k];
                if (target > asOf)
                {
                    break; // offsets ascend: the larger ones are not observable either
                }

                observable[(row * k0) + k]++;
                var retained = definition switch
                {
                    RetentionDefinition.Exact => (t.Extra & (1L << k)) != 0,
                    RetentionDefinition.OnOrAfter => t.Last >= target,
                    _ => t.Extra <= target,
                };
                if (retained)
                {
                    retainedCounts[(row * k0) + k]++;
                }
            }
        }

        var cohorts = new SortedDictionary<int, (int Size, int[] Observable, int[] Retained)>();
        for (var row = 0; row < range; row++)
        {
            if (sizes[row] == 0)
            {
                continue;
            }

            var key = CohortStart(sparse is null ? minStart + row : sparse[row], options.Grouping);
            if (!cohorts.TryGetValue(key, out var cohort))
            {
                cohort = (0, new int[k0], new int[k0]);
            }

            cohort.Size += sizes[row];
            for (var k = 0; k < k0; k++)
            {
                cohort.Observable[k] += observable[(row * k0) + k];
                cohort.Retained[k] += retainedCounts[(row * k0) + k];
            }

            cohorts[key] = cohort;
        }

        var overallObservable = new int[k0];
        var overallRetained = new int[k0];
        var rows = new List<CohortRow>(cohorts.Count);
        foreach (var (start, (size, cohortObservable, cohortRetained)) in cohorts)
        {
            var cells = new RetentionCell?[k0];
            for (var k = 0; k < k0; k++)
            {
                cells[k] = cohortObservable[k] == 0 ? null : new RetentionCell(cohortObservable[k], cohortRetained[k]);
                overallObservable[k] += cohortObservable[k];
                overallRetained[k] += cohortRetained[k];
            }

            rows.Add(new CohortRow(PurchaseTable.DateOf(start), size, cells));
        }

        var overall = new RetentionCell?[k0];
        for (var k = 0; k < k0; k++)
        {
            overall[k] = overallObservable[k] == 0 ? null : new RetentionCell(overallObservable[k], overallRetained[k]);
        }

        progress?.Report(1d);
        return new RetentionReport(offsets, options.Definition, options.Grouping, asOf == int.MinValue ? null : PurchaseTable.DateOf(asOf), overall, rows);
    }

    private readonly struct FirstLastPass(CustomerTrack[] track) : IRecordVisitor
    {
        public void Visit(int record, int customer, int day)
        {
            ref var t = ref track[customer];
            if (day < t.First)
            {
                t.First = day;
            }

            if (day > t.Last)
            {
                t.Last = day;
            }
        }
    }

    private readonly struct ExtraPass(CustomerTrack[] track, bool exact, sbyte[] bitOfOffset) : IRecordVisitor
    {
        public void Visit(int record, int customer, int day)
        {
            ref var t = ref track[customer];
            var delta = day - t.First;
            if (delta <= 0)
            {
                return;
            }

            if (exact)
            {
                if (delta < bitOfOffset.Length && bitOfOffset[delta] is var bit and >= 0)
                {
                    t.Extra |= 1L << bit;
                }
            }
            else if (day < t.Extra)
            {
                t.Extra = day;
            }
        }
    }

    /// <summary>Per customer: first and last purchase day, and the exact-offset bits or the second distinct day.</summary>
    private struct CustomerTrack
    {
        public int First;
        public int Last;
        public long Extra;
    }

    /// <summary>The first day of the cohort a first-purchase day belongs to.</summary>
    internal static int CohortStart(int day, CohortGrouping grouping)
    {
        switch (grouping)
        {
            case CohortGrouping.Day:
                return day;
            case CohortGrouping.IsoWeek:
                // Day number 0 (0001-01-01) was a Monday.
                return day - (day % 7);
            default:
                var date = PurchaseTable.DateOf(day);
                return day - date.Day + 1;
        }
    }

    private static int[] CheckOffsets(IReadOnlyList<int> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var offsets = days.ToArray();
        if (offsets.Length is 0 or > 64 || offsets.Any(d => d is < 1 or > 3650) || offsets.Distinct().Count() != offsets.Length)
        {
            throw new ArgumentException("Offsets must be 1 to 64 distinct day counts from 1 to 3650.", nameof(days));
        }

        Array.Sort(offsets);
        return offsets;
    }

}
