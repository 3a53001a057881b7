using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>
/// Item-to-item similarities from co-purchases, each item keeping its top neighbours: the model behind
/// <see cref="ItemRecommender"/>. Built in parallel over items, each with one dense counter row per thread, so memory
/// is the baskets, one row per thread, and items × <see cref="ItemSimilarityOptions.Neighbours"/>, however many pairs
/// the catalogue has.
/// </summary>
/// <remarks>
/// This type is immutable and thread-safe. Similarities are symmetric and in [0, 1], and the result does not depend on
/// the threads used. Cosine does not depend on the order of the records either; BM25 sums weights basket by basket, so
/// another record order can change its similarities in the last bits.
/// </remarks>
public sealed class ItemNeighbours
{
    private const int ChunkSize = 256;
    private readonly ItemScore[][] _chunks;
    private readonly int[] _offsets;
    private readonly int[] _frequency;

    private ItemNeighbours(ItemScore[][] chunks, int[] offsets, int[] frequency, long pairs, long coPurchases, int baskets, ItemSimilarityOptions options)
    {
        _chunks = chunks;
        _offsets = offsets;
        _frequency = frequency;
        Pairs = pairs;
        CoPurchases = coPurchases;
        BasketCount = baskets;
        Options = options;
    }

    /// <summary>Gets the number of item indexes.</summary>
    public int ItemCount => _frequency.Length;

    /// <summary>Gets the number of baskets holding at least one item.</summary>
    public int BasketCount { get; }

    /// <summary>Gets the options the similarities were built with.</summary>
    public ItemSimilarityOptions Options { get; }

    /// <summary>Gets the number of ordered pairs of different items bought together at least once (each pair counted both ways), before <see cref="ItemSimilarityOptions.MinCoPurchases"/>.</summary>
    public long Pairs { get; }

    /// <summary>Gets the sum over those ordered pairs of the baskets holding both.</summary>
    public long CoPurchases { get; }

    /// <summary>Builds the similarities from the records that name an item.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="items">Per record: the item index, or −1 for none.</param>
    /// <param name="itemCount">The number of item indexes.</param>
    /// <param name="options">The measure, scope, neighbours kept and cut-off date.</param>
    /// <param name="cancellationToken">A token to cancel the build.</param>
    /// <returns>The neighbours of every item.</returns>
    /// <exception cref="ArgumentException">The items column does not fit the table, an index is out of range, an option is out of range.</exception>
    public static ItemNeighbours Build(PurchaseTable table, int[] items, int itemCount, ItemSimilarityOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ItemSimilarityOptions();
        Validate(table, items, itemCount, options);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        var lastDay = options.AsOf is { } asOf ? PurchaseTable.DayNumber(asOf) : int.MaxValue;
        var baskets = Baskets.Build(table, items, itemCount, options.Scope, lastDay, weighted: options.Kind == ItemSimilarityKind.Bm25, parallel);
        var weights = options.Kind == ItemSimilarityKind.Bm25 ? Bm25Weights(baskets, options) : null;
        var norms = weights is null ? null : Norms(baskets, weights);
        var inverse = new double[itemCount]; // 1 / √(baskets) or 1 / ‖w‖: the similarity's normalisers, for a quick bound
        for (var i = 0; i < itemCount; i++)
        {
            var norm = norms is null ? Math.Sqrt(baskets.Frequency(i)) : norms[i];
            inverse[i] = norm > 0 ? 1 / norm : 0;
        }

        // Items in chunks of 256: each chunk's neighbour lists go into one array, so the build allocates a few hundred
        // arrays rather than one per item (the garbage collector's pauses were a sixth of the time).
        var chunks = new ItemScore[(itemCount + ChunkSize - 1) / ChunkSize][];
        var offsets = new int[itemCount]; // where each item's list starts in its chunk's array
        var frequency = new int[itemCount];
        long pairs = 0, coPurchases = 0;
        Parallel.For(
            0,
            chunks.Length,
            parallel,
            () => new Row(itemCount, options.Neighbours, weights is not null),
            (chunk, _, row) =>
            {
                var (from, to) = (chunk * ChunkSize, Math.Min(itemCount, (chunk + 1) * ChunkSize));
                row.Chunk.Clear();
                for (var i = from; i < to; i++)
                {
                    frequency[i] = baskets.Frequency(i);
                    offsets[i] = row.Chunk.Count;
                    if (frequency[i] > 0)
                    {
                        row.Neighbours(baskets, i, weights, norms, inverse, options.MinCoPurchases);
                    }
                }

                chunks[chunk] = [.. row.Chunk];
                return row;
            },
            row =>
            {
                Interlocked.Add(ref pairs, row.Pairs);
                Interlocked.Add(ref coPurchases, row.CoPurchases);
            });
        var used = 0;
        for (var b = 0; b < baskets.BasketCount; b++)
        {
            used += baskets.Start[b + 1] > baskets.Start[b] ? 1 : 0;
        }

        return new ItemNeighbours(chunks, offsets, frequency, pairs, coPurchases, used, options);
    }

    /// <summary>Gets an item's neighbours, most similar first (ties by the lower item index).</summary>
    /// <param name="item">The item index.</param>
    /// <returns>At most <see cref="ItemSimilarityOptions.Neighbours"/> neighbours, each with its similarity and co-purchases.</returns>
    public ReadOnlySpan<ItemScore> Of(int item)
    {
        var chunk = _chunks[item / ChunkSize];
        var end = (item + 1) % ChunkSize == 0 || item + 1 == _frequency.Length ? chunk.Length : _offsets[item + 1];
        return chunk.AsSpan(_offsets[item], end - _offsets[item]);
    }

    /// <summary>Gets the number of baskets holding an item.</summary>
    /// <param name="item">The item index.</param>
    /// <returns>The count.</returns>
    public int Frequency(int item) => _frequency[item];

    private static void Validate(PurchaseTable table, int[] items, int itemCount, ItemSimilarityOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Length != table.Count)
        {
            throw new ArgumentException($"The items column has {items.Length} values; the table has {table.Count} records.", nameof(items));
        }

        if (itemCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(itemCount), itemCount, "The item count must not be negative.");
        }

        foreach (var item in items)
        {
            if (item < -1 || item >= itemCount)
            {
                throw new ArgumentException($"Item index {item} is outside -1..{itemCount - 1}.", nameof(items));
            }
        }

        if (options.Neighbours < 1 || options.MinCoPurchases < 1 || !double.IsFinite(options.Bm25K1) || options.Bm25K1 < 0 || !(options.Bm25B is >= 0 and <= 1) ||
            !Enum.IsDefined(options.Kind) || !Enum.IsDefined(options.Scope) || options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentException("Neighbours and MinCoPurchases must be at least 1, Bm25K1 finite and not negative, Bm25B in [0, 1], Kind and Scope defined, and MaxDegreeOfParallelism −1 or positive.", nameof(options));
        }
    }

    /// <summary>
    /// BM25 weights per basket entry: ln(1 + items seen ÷ basket size) × tf(k1 + 1) ÷ (k1 × norm + tf), where tf is
    /// the basket's records of the item and norm = 1 − b + b × (the item's records ÷ the mean over items).
    /// </summary>
    private static double[] Bm25Weights(Baskets baskets, ItemSimilarityOptions options)
    {
        var length = new long[baskets.ItemCount];
        for (var e = 0; e < baskets.Items.Length; e++)
        {
            length[baskets.Items[e]] += baskets.Counts[e];
        }

        var (seen, total) = (0, 0L);
        foreach (var l in length)
        {
            seen += l > 0 ? 1 : 0;
            total += l;
        }

        var mean = seen == 0 ? 1 : total / (double)seen;
        var (k1, b) = (options.Bm25K1, options.Bm25B);
        var weights = new double[baskets.Items.Length];
        for (var basket = 0; basket < baskets.BasketCount; basket++)
        {
            var size = baskets.Start[basket + 1] - baskets.Start[basket];
            var idf = Math.Log(1 + (seen / (double)Math.Max(1, size)));
            for (var e = baskets.Start[basket]; e < baskets.Start[basket + 1]; e++)
            {
                double tf = baskets.Counts[e];
                var norm = 1 - b + (b * length[baskets.Items[e]] / mean);
                weights[e] = idf * tf * (k1 + 1) / ((k1 * norm) + tf);
            }
        }

        return weights;
    }

    private static double[] Norms(Baskets baskets, double[] weights)
    {
        var norms = new double[baskets.ItemCount];
        for (var i = 0; i < norms.Length; i++)
        {
            var sum = 0.0;
            for (var k = baskets.ItemStart[i]; k < baskets.ItemStart[i + 1]; k++)
            {
                var w = weights[baskets.ItemEntries![k]];
                sum += w * w;
            }

            norms[i] = Math.Sqrt(sum);
        }

        return norms;
    }

    /// <summary>Asks the processor to fetch an element's cache line, without waiting for it.</summary>
    private static unsafe void Prefetch(int[] values, int index)
    {
        if (Sse.IsSupported && (uint)index < (uint)values.Length)
        {
            fixed (int* start = values)
            {
                Sse.Prefetch0(start + index);
            }
        }
    }

    /// <summary>Higher score first, then the lower item: the order of every neighbour list.</summary>
    private readonly struct BetterFirst : IComparer<ItemScore>
    {
        public int Compare(ItemScore x, ItemScore y) => TopItems.Better(x, y) ? -1 : TopItems.Better(y, x) ? 1 : 0;
    }

    /// <summary>One thread's dense counters over the items, reset after each row.</summary>
    private sealed class Row(int itemCount, int neighbours, bool weighted)
    {
        private readonly int[] _counts = new int[itemCount];
        private readonly double[]? _dots = weighted ? new double[itemCount] : null;
        private readonly int[] _touched = new int[itemCount];
        private readonly int _neighbours = neighbours;
        private readonly ItemScore[] _passed = new ItemScore[itemCount];
        private readonly double[] _keys = new double[itemCount];
        private readonly double[] _scratch = new double[itemCount];
        private readonly int[] _candidates = new int[itemCount];

        /// <summary>Gets the neighbour lists of the chunk being built, item after item.</summary>
        public List<ItemScore> Chunk { get; } = [];

        public long Pairs { get; private set; }

        public long CoPurchases { get; private set; }

        private const int Ahead = 4;

        /// <summary>The k-th largest of the first <paramref name="n"/> keys (quickselect on a copy, median-of-three pivots).</summary>
        private static double KthLargest(double[] keys, double[] scratch, int n, int k)
        {
            Array.Copy(keys, scratch, n);
            var (left, right, target) = (0, n - 1, k - 1);
            while (left < right)
            {
                var middle = left + ((right - left) / 2);
                var pivot = Median(scratch[left], scratch[middle], scratch[right]);
                var (a, b) = (left, right);
                while (a <= b)
                {
                    while (scratch[a] > pivot)
                    {
                        a++;
                    }

                    while (scratch[b] < pivot)
                    {
                        b--;
                    }

                    if (a <= b)
                    {
                        (scratch[a], scratch[b]) = (scratch[b], scratch[a]);
                        a++;
                        b--;
                    }
                }

                if (target <= b)
                {
                    right = b;
                }
                else if (target >= a)
                {
                    left = a;
                }
                else
                {
                    return scratch[target];
                }
            }

            return scratch[target];
        }

        private static double Median(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

        public void Neighbours(Baskets baskets, int i, double[]? weights, double[]? norms, double[] inverse, int minCoPurchases)
        {
            var touched = 0;
            var last = baskets.ItemStart[i + 1];
            for (var k = baskets.ItemStart[i]; k < last; k++)
            {
                if (k + Ahead < last)
                {
                    Prefetch(baskets.Items, (int)(baskets.ItemBaskets[k + Ahead] >> 32)); // the baskets are scattered: ask for one early
                }

                var span = baskets.ItemBaskets[k];
                var wi = weights?[baskets.ItemEntries![k]] ?? 0;
                for (int e = (int)(span >> 32), end = unchecked((int)span); e < end; e++)
                {
                    var j = baskets.Items[e];
                    if (j == i)
                    {
                        continue;
                    }

                    if (_counts[j]++ == 0)
                    {
                        _touched[touched++] = j;
                    }

                    if (_dots is not null)
                    {
                        _dots[j] += wi * weights![e];
                    }
                }
            }

            // The top K by similarity: a bound (one multiplication; the margin covers its rounding) picks the K-th
            // best candidate in linear time, and only candidates at or above it get the exact, symmetric similarity.
            double fi = baskets.Frequency(i);
            var inverseI = inverse[i];
            var candidates = 0;
            for (var t = 0; t < touched; t++)
            {
                var j = _touched[t];
                var count = _counts[j];
                Pairs++;
                CoPurchases += count;
                if (count >= minCoPurchases)
                {
                    _keys[candidates] = (_dots is null ? count : _dots[j]) * inverse[j] * inverseI;
                    _candidates[candidates++] = j;
                }
            }

            var threshold = candidates > _neighbours ? KthLargest(_keys, _scratch, candidates, _neighbours) * (1 - 1e-9) : double.NegativeInfinity;
            var passed = 0;
            for (var c = 0; c < candidates; c++)
            {
                if (_keys[c] >= threshold)
                {
                    var j = _candidates[c];
                    var similarity = _dots is null ? _counts[j] / Math.Sqrt(fi * baskets.Frequency(j)) : _dots[j] / (norms![i] * norms[j]);
                    _passed[passed++] = new ItemScore(j, Math.Min(1, similarity), _counts[j]);
                }
            }

            // About K passed (more only on ties at the bound): sorting them is cheaper than a heap.
            var best = _passed.AsSpan(0, passed);
            best.Sort(default(BetterFirst));
            foreach (var neighbour in best[..Math.Min(passed, _neighbours)])
            {
                Chunk.Add(neighbour);
            }

            for (var t = 0; t < touched; t++)
            {
                _counts[_touched[t]] = 0;
                if (_dots is not null)
                {
                    _dots[_touched[t]] = 0;
                }
            }
        }
    }
}
