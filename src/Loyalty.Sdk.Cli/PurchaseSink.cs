using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// Hands purchase rows to <see cref="PurchaseColumns"/> on a second thread, in batches, so that reading and parsing the
/// export (this thread) and encoding its ids into the columns (the other) run side by side. Rows keep their order. With
/// one processor, rows go straight to the columns.
/// </summary>
internal sealed class PurchaseSink : IDisposable
{
    private const int BatchRows = 8192;
    private readonly PurchaseColumns _columns;
    private readonly BlockingCollection<Batch>? _full;
    private readonly ConcurrentBag<Batch> _free = [];
    private readonly Task? _consumer;
    private Batch _batch = new();
    private Exception? _failure;

    public PurchaseSink(PurchaseColumns columns)
    {
        _columns = columns;
        if (Environment.ProcessorCount > 1)
        {
            _full = new BlockingCollection<Batch>(boundedCapacity: 4);
            _consumer = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Adds a purchase row (see <see cref="PurchaseColumns.AddPurchase"/>).</summary>
    public void Add(ReadOnlySpan<char> customerId, int day, ReadOnlySpan<char> orderId, string? category, decimal amount, long ticks, string? product, decimal? quantity)
    {
        var orderCode = _columns.EncodeOrder(orderId);
        if (_full is null)
        {
            _columns.AddPurchase(_columns.EncodeCustomer(customerId), day, orderCode, category, amount, ticks, product, quantity);
            return;
        }

        _batch.Add(customerId, day, orderCode, category, amount, ticks, product, quantity);
        if (_batch.Count == BatchRows)
        {
            HandOver();
        }
    }

    /// <summary>Waits until every row is in the columns; rethrows what failed there.</summary>
    public void Complete()
    {
        if (_full is null)
        {
            return;
        }

        if (_batch.Count > 0)
        {
            HandOver();
        }

        _full.CompleteAdding();
        _consumer!.Wait();
        if (_failure is not null)
        {
            throw new InvalidOperationException("Storing the rows failed.", _failure);
        }
    }

    public void Dispose()
    {
        if (_full is not null && !_full.IsAddingCompleted)
        {
            _full.CompleteAdding();
            try
            {
                _consumer!.Wait();
            }
            catch (AggregateException)
            {
                // Disposed on a failure of the reader: the failure that matters is already on its way.
            }
        }

        _full?.Dispose();
    }

    private void HandOver()
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException("Storing the rows failed.", _failure);
        }

        _full!.Add(_batch);
        _batch = _free.TryTake(out var free) ? free : new Batch();
    }

    private void Consume()
    {
        try
        {
            foreach (var batch in _full!.GetConsumingEnumerable())
            {
                batch.DrainInto(_columns);
                _free.Add(batch);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _failure = ex;
            foreach (var _ in _full!.GetConsumingEnumerable())
            {
                // Let the reader finish handing over; it stops at its next batch.
            }
        }
    }

    /// <summary>Rows in columns, their ids' characters in one buffer.</summary>
    private sealed class Batch
    {
        private readonly int[] _customerStart = new int[BatchRows]; // where in _chars
        private readonly int[] _customerLength = new int[BatchRows];
        private readonly int[] _customerIndex = new int[BatchRows];
        private readonly long[] _order = new long[BatchRows];
        private readonly int[] _day = new int[BatchRows];
        private readonly long[] _ticks = new long[BatchRows];
        private readonly decimal[] _amount = new decimal[BatchRows];
        private readonly decimal?[] _quantity = new decimal?[BatchRows];
        private readonly string?[] _category = new string?[BatchRows];
        private readonly string?[] _product = new string?[BatchRows];
        private char[] _chars = new char[32 * BatchRows];
        private int _used;

        public int Count { get; private set; }

        public void Add(ReadOnlySpan<char> customerId, int day, long orderCode, string? category, decimal amount, long ticks, string? product, decimal? quantity)
        {
            var i = Count++;
            Store(customerId, i);
            _order[i] = orderCode;
            (_day[i], _ticks[i], _amount[i], _quantity[i], _category[i], _product[i]) = (day, ticks, amount, quantity, category, product);
        }

        public void DrainInto(PurchaseColumns columns)
        {
            columns.EncodeCustomers(_chars, _customerStart.AsSpan(0, Count), _customerLength.AsSpan(0, Count), _customerIndex.AsSpan(0, Count));
            for (var i = 0; i < Count; i++)
            {
                columns.AddPurchase(_customerIndex[i], _day[i], _order[i], _category[i], _amount[i], _ticks[i], _product[i], _quantity[i]);
                (_category[i], _product[i]) = (null, null);
            }

            Count = 0;
            _used = 0;
        }

        private void Store(ReadOnlySpan<char> text, int i)
        {
            if (_used + text.Length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length));
            }

            text.CopyTo(_chars.AsSpan(_used));
            _customerStart[i] = _used;
            _customerLength[i] = text.Length;
            _used += text.Length;
        }
    }
}
