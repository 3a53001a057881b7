using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>
/// Splits per-customer work across cores by customer range: every worker streams all records but writes only the
/// customers in its range, so no two workers write the same memory and no atomics are needed.
/// </summary>
internal readonly struct CustomerPartition
{
    private const int CheckEvery = 1 << 20;
    private readonly int _low;
    private readonly uint _width;

    private CustomerPartition(int low, int high)
    {
        _low = low;
        _width = (uint)(high - low);
        Low = low;
        High = high;
    }

    public int Low { get; }

    public int High { get; }

    /// <summary>The number of workers: as requested, or all cores (at most 8) for two million records or more.</summary>
    public static int Workers(int records, int? requested)
    {
        var workers = requested ?? (records < 2_000_000 ? 1 : Math.Min(Environment.ProcessorCount, 8));
        return workers >= 1 ? workers : throw new ArgumentOutOfRangeException(nameof(requested), workers, "The degree of parallelism must be at least 1.");
    }

    public static CustomerPartition Of(int customers, int worker, int workers) =>
        new((int)((long)customers * worker / workers), (int)((long)customers * (worker + 1) / workers));

    /// <summary>Runs one body per worker, in parallel when there are several; a worker's exception is rethrown as is.</summary>
    public static void Run(int workers, CancellationToken cancellationToken, Action<int> body)
    {
        if (workers == 1)
        {
            body(0);
            return;
        }

        try
        {
            Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers }, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// Calls the visitor for every record of this partition's customers on or before <paramref name="lastDay"/>.
    /// Generic over a struct visitor, so the call is inlined. Worker 0 reports progress for the whole pass.
    /// </summary>
    public void Walk<TVisitor>(int[] customers, int[] days, int lastDay, ref TVisitor visitor, Action<double>? progress, CancellationToken cancellationToken)
        where TVisitor : struct, IRecordVisitor
    {
        var n = customers.Length;
        for (var i = 0; i < n; i++)
        {
            if ((i & (CheckEvery - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke((double)i / Math.Max(1, n));
            }

            var c = customers[i];
            var d = days[i];
            if (unchecked((uint)(c - _low)) < _width && d <= lastDay)
            {
                visitor.Visit(i, c, d);
            }
        }
    }

    public bool Contains(int customer) => unchecked((uint)(customer - _low)) < _width;
}
