using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>When a customer counts as retained N days after the first purchase (dates are local dates).</summary>
public enum RetentionDefinition
{
    /// <summary>A purchase on the local date first + N.</summary>
    Exact = 0,

    /// <summary>A purchase on any local date on or after first + N.</summary>
    OnOrAfter = 1,

    /// <summary>A purchase on a local date from first + 1 to first + N.</summary>
    Within = 2,
}

/// <summary>How customers are grouped into cohorts by the local date of their first purchase.</summary>
public enum CohortGrouping
{
    /// <summary>One cohort per day.</summary>
    Day = 0,

    /// <summary>One cohort per ISO week (Monday to Sunday), named by its Monday.</summary>
    IsoWeek = 1,

    /// <summary>One cohort per calendar month, named by its first day.</summary>
    Month = 2,
}

/// <summary>Options of <see cref="CohortRetention"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RetentionOptions
{
    /// <summary>Gets the offsets N in days (distinct, 1 to 3650, at most 64).</summary>
    /// <value>The default is 1, 7 and 30 (D1, D7, D30).</value>
    public IReadOnlyList<int> Days { get; init; } = [1, 7, 30];

    /// <summary>Gets the retention definition.</summary>
    /// <value>The default is <see cref="RetentionDefinition.Exact"/>.</value>
    public RetentionDefinition Definition { get; init; } = RetentionDefinition.Exact;

    /// <summary>Gets the cohort grouping.</summary>
    /// <value>The default is <see cref="CohortGrouping.Day"/>.</value>
    public CohortGrouping Grouping { get; init; } = CohortGrouping.Day;

    /// <summary>Gets the last observed local date; purchases after it are ignored.</summary>
    /// <value>The default is the last purchase date in the data.</value>
    public LocalDate? AsOf { get; init; }
}

/// <summary>Retention of one cohort (or overall) at one offset: how many customers could be observed and how many were retained.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Observable">Customers whose first purchase + N is on or before the as-of date.</param>
/// <param name="Retained">Observable customers who were retained.</param>
public readonly record struct RetentionCell(int Observable, int Retained)
{
    /// <summary>Gets retained ÷ observable.</summary>
    public double Rate => Observable == 0 ? double.NaN : (double)Retained / Observable;
}

/// <summary>One cohort's row: its size and, per offset, its cell (null when no customer of it is observable yet).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Cohort">The cohort's first day.</param>
/// <param name="Size">The customers whose first purchase falls in the cohort.</param>
/// <param name="Cells">Per offset, in the order of <see cref="RetentionReport.Days"/>: the cell, or null when unobservable.</param>
public sealed record CohortRow(LocalDate Cohort, int Size, IReadOnlyList<RetentionCell?> Cells);

/// <summary>A cohort retention table.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Days">The offsets.</param>
/// <param name="Definition">The definition used.</param>
/// <param name="Grouping">The grouping used.</param>
/// <param name="AsOf">The last observed date, or <see langword="null"/> for empty data.</param>
/// <param name="Overall">Per offset: Σ retained ÷ Σ observable over the cohorts (null when nothing is observable).</param>
/// <param name="Cohorts">The cohorts, oldest first.</param>
public sealed record RetentionReport(
    IReadOnlyList<int> Days,
    RetentionDefinition Definition,
    CohortGrouping Grouping,
    LocalDate? AsOf,
    IReadOnlyList<RetentionCell?> Overall,
    IReadOnlyList<CohortRow> Cohorts);

/// <summary>
/// Cohort retention (D1/D7/D30 or any offsets): exact, in linear time over the columnar input, with two passes
/// and a few integers per customer.
/// </summary>
public static class CohortRetention
{
    private const int ProgressEvery = 1 << 20;

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

        // Pass 1: first and last purchase day per customer (purchases after the as-of date are not observed).
        var first = new int[table.CustomerCount];
        var last = new int[table.CustomerCount];
        Array.Fill(first, int.MaxValue);
        Array.Fill(last, int.MinValue);
        for (var i = 0; i < n; i++)
        {
            Tick(i, n, 0, progress, cancellationToken);
            var d = days[i];
            if (d > asOf)
            {
                continue;
            }

            var c = customers[i];
            if (d < first[c])
            {
                first[c] = d;
            }

            if (d > last[c])
            {
                last[c] = d;
            }
        }

        // Pass 2, for the definitions that need it: the exact offsets hit (a bit per offset), or the second distinct day.
        ulong[]? hits = null;
        int[]? second = null;
        if (options.Definition == RetentionDefinition.Exact)
        {
            hits = new ulong[table.CustomerCount];
            var maxOffset = offsets[^1];
            var bitOfOffset = new int[maxOffset + 1];
            Array.Fill(bitOfOffset, -1);
            for (var k = 0; k < offsets.Length; k++)
            {
                bitOfOffset[offsets[k]] = k;
            }

            for (var i = 0; i < n; i++)
            {
                Tick(i, n, 1, progress, cancellationToken);
                var d = days[i];
                var c = customers[i];
                var delta = d - first[c];
                if (d <= asOf && delta > 0 && delta <= maxOffset && bitOfOffset[delta] is var bit and >= 0)
                {
                    hits[c] |= 1UL << bit;
                }
            }
        }
        else if (options.Definition == RetentionDefinition.Within)
        {
            second = new int[table.CustomerCount];
            Array.Fill(second, int.MaxValue);
            for (var i = 0; i < n; i++)
            {
                Tick(i, n, 1, progress, cancellationToken);
                var d = days[i];
                var c = customers[i];
                if (d <= asOf && d > first[c] && d < second[c])
                {
                    second[c] = d;
                }
            }
        }

        // Aggregate per cohort.
        var cohorts = new SortedDictionary<int, (int Size, int[] Observable, int[] Retained)>();
        for (var c = 0; c < first.Length; c++)
        {
            var f = first[c];
            if (f == int.MaxValue)
            {
                continue; // no purchase on or before the as-of date
            }

            var key = CohortStart(f, options.Grouping);
            if (!cohorts.TryGetValue(key, out var row))
            {
                row = (0, new int[offsets.Length], new int[offsets.Length]);
            }

            row.Size++;
            for (var k = 0; k < offsets.Length; k++)
            {
                var target = f + offsets[k];
                if (target > asOf)
                {
                    continue;
                }

                row.Observable[k]++;
                var retained = options.Definition switch
                {
                    RetentionDefinition.Exact => (hits![c] & (1UL << k)) != 0,
                    RetentionDefinition.OnOrAfter => last[c] >= target,
                    _ => second![c] <= target,
                };
                if (retained)
                {
                    row.Retained[k]++;
                }
            }

            cohorts[key] = row;
        }

        var overallObservable = new int[offsets.Length];
        var overallRetained = new int[offsets.Length];
        var rows = new List<CohortRow>(cohorts.Count);
        foreach (var (start, (size, observable, retainedCounts)) in cohorts)
        {
            var cells = new RetentionCell?[offsets.Length];
            for (var k = 0; k < offsets.Length; k++)
            {
                cells[k] = observable[k] == 0 ? null : new RetentionCell(observable[k], retainedCounts[k]);
                overallObservable[k] += observable[k];
                overallRetained[k] += retainedCounts[k];
            }

            rows.Add(new CohortRow(PurchaseTable.DateOf(start), size, cells));
        }

        var overall = new RetentionCell?[offsets.Length];
        for (var k = 0; k < offsets.Length; k++)
        {
            overall[k] = overallObservable[k] == 0 ? null : new RetentionCell(overallObservable[k], overallRetained[k]);
        }

        progress?.Report(1d);
        return new RetentionReport(offsets, options.Definition, options.Grouping, asOf == int.MinValue ? null : PurchaseTable.DateOf(asOf), overall, rows);
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

    private static void Tick(int i, int n, int pass, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if ((i & (ProgressEvery - 1)) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report((pass + ((double)i / Math.Max(1, n))) / 2);
        }
    }
}
