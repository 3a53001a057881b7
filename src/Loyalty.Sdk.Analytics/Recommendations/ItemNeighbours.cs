using System;
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
    private readonly ItemScore[][] _neighbours;
    private readonly int[] _frequency;

    private ItemNeighbours(ItemScore[][] neighbours, int[] frequency, long pairs, long coPurchases, int baskets, ItemSimilarityOptions options)
    {
        _neighbours = neighbours;
        _frequency = frequency;
        Pairs = pairs;
        CoPurchases = coPurchases;
        BasketCount = baskets;
        Options = options;
    }

    /// <summary>Gets the number of item indexes.</summary>
    public int ItemCount => _neighbours.Length;

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
        var baskets = Baskets.Build(table, items, itemCount, options.Scope, lastDay, parallel);
        var weights = options.Kind == ItemSimilarityKind.Bm25 ? Bm25Weights(baskets, options) : null;
        var norms = weights is null ? null : Norms(baskets, weights);
        var neighbours = new ItemScore[itemCount][];
        var frequency = new int[itemCount];
        long pairs = 0, coPurchases = 0;
        Parallel.For(
            0,
            itemCount,
            parallel,
            () => new Row(itemCount, options.Neighbours, weights is not null),
            (i, _, row) =>
            {
                frequency[i] = baskets.Frequency(i);
                neighbours[i] = frequency[i] == 0 ? [] : row.Neighbours(baskets, i, weights, norms, options.MinCoPurchases);
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

        return new ItemNeighbours(neighbours, frequency, pairs, coPurchases, used, options);
    }

    /// <summary>Gets an item's neighbours, most similar first (ties by the lower item index).</summary>
    /// <param name="item">The item index.</param>
    /// <returns>At most <see cref="ItemSimilarityOptions.Neighbours"/> neighbours, each with its similarity and co-purchases.</returns>
    public ReadOnlySpan<ItemScore> Of(int item) => _neighbours[item];

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
                var w = weights[baskets.ItemEntries[k]];
                sum += w * w;
            }

            norms[i] = Math.Sqrt(sum);
        }

        return norms;
    }

    /// <summary>One thread's dense counters over the items, reset after each row.</summary>
    private sealed class Row(int itemCount, int neighbours, bool weighted)
    {
        private readonly int[] _counts = new int[itemCount];
        private readonly double[]? _dots = weighted ? new double[itemCount] : null;
        private readonly int[] _touched = new int[itemCount];
        private readonly TopItems _top = new(neighbours);

        public long Pairs { get; private set; }

        public long CoPurchases { get; private set; }

        public ItemScore[] Neighbours(Baskets baskets, int i, double[]? weights, double[]? norms, int minCoPurchases)
        {
            var touched = 0;
            for (var k = baskets.ItemStart[i]; k < baskets.ItemStart[i + 1]; k++)
            {
                var basket = baskets.ItemBaskets[k];
                var wi = weights?[baskets.ItemEntries[k]] ?? 0;
                for (var e = baskets.Start[basket]; e < baskets.Start[basket + 1]; e++)
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

            _top.Clear();
            double fi = baskets.Frequency(i);
            for (var t = 0; t < touched; t++)
            {
                var j = _touched[t];
                var count = _counts[j];
                Pairs++;
                CoPurchases += count;
                if (count >= minCoPurchases)
                {
                    var similarity = _dots is null ? count / Math.Sqrt(fi * baskets.Frequency(j)) : _dots[j] / (norms![i] * norms[j]);
                    _top.Offer(new ItemScore(j, Math.Min(1, similarity), count));
                }

                _counts[j] = 0;
                if (_dots is not null)
                {
                    _dots[j] = 0;
                }
            }

            return _top.Drain();
        }
    }
}
