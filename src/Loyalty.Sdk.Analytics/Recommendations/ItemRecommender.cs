using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>
/// Recommends items to members from their purchase histories: by item-to-item similarity (each bought item's
/// neighbours, weighted by how recently it was bought), filled with popular items; or by one of the baselines.
/// </summary>
/// <remarks>
/// This type is immutable and thread-safe. Results are deterministic: equal scores rank the lower item index first.
/// <see cref="RecommendAll"/> scores members in parallel blocks and keeps only a block's lists in memory.
/// </remarks>
public sealed class ItemRecommender
{
    private const int Block = 4096;
    private readonly ItemNeighbours? _neighbours;
    private readonly Histories _histories;
    private readonly int[] _popular;
    private readonly int[] _buyers;
    private readonly int _asOf;
    private readonly int _itemCount;

    private ItemRecommender(ItemNeighbours? neighbours, Histories histories, int[] popular, int[] buyers, int asOf, int itemCount, RecommenderOptions options)
    {
        _neighbours = neighbours;
        _histories = histories;
        _popular = popular;
        _buyers = buyers;
        _asOf = asOf;
        _itemCount = itemCount;
        Options = options;
    }

    /// <summary>Gets the options.</summary>
    public RecommenderOptions Options { get; }

    /// <summary>The longest list there can be: no more items than the catalogue holds, however large the count asked for.</summary>
    private int ListLength => Math.Max(1, Math.Min(Options.Count, _itemCount));

    /// <summary>Gets the number of customer indexes.</summary>
    public int CustomerCount => _histories.Start.Length - 1;

    /// <summary>Prepares recommendations from the purchases up to the as-of date.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="items">Per record: the item index, or −1 for none.</param>
    /// <param name="itemCount">The number of item indexes.</param>
    /// <param name="neighbours">The item similarities (built with the same items), required for <see cref="RecommendationStrategy.ItemToItem"/>.</param>
    /// <param name="options">The options.</param>
    /// <returns>The recommender.</returns>
    /// <exception cref="ArgumentException">The items do not fit the table or the neighbours, or an option is out of range.</exception>
    public static ItemRecommender Create(PurchaseTable table, int[] items, int itemCount, ItemNeighbours? neighbours, RecommenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(items);
        options ??= new RecommenderOptions();
        if (items.Length != table.Count || itemCount < 0 || items.Any(i => i < -1 || i >= itemCount))
        {
            throw new ArgumentException("The items column must have one index in -1..itemCount - 1 per record.", nameof(items));
        }

        if (options.Count < 1 || options.PopularityWindowDays < 1 || options.HalfLifeDays is { } h && !(h > 0 && double.IsFinite(h)) ||
            !Enum.IsDefined(options.Strategy) || options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentException("Count and PopularityWindowDays must be at least 1, HalfLifeDays positive and finite, Strategy defined, and MaxDegreeOfParallelism −1 or positive.", nameof(options));
        }

        if (options.Strategy == RecommendationStrategy.ItemToItem && (neighbours is null || neighbours.ItemCount != itemCount))
        {
            throw new ArgumentException("Item-to-item recommendations need the neighbours of the same items.", nameof(neighbours));
        }

        var asOf = options.AsOf is { } date ? PurchaseTable.DayNumber(date) : (table.Count == 0 ? 0 : table.Days.Max());
        var histories = Histories.Build(table, items, asOf, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism });
        var (popular, buyers) = Popularity(histories, itemCount, asOf, options.PopularityWindowDays);
        return new ItemRecommender(neighbours, histories, popular, buyers, asOf, itemCount, options);
    }

    /// <summary>Recommends items to one member (popular items for a member with no history).</summary>
    /// <param name="customer">The customer index.</param>
    /// <returns>At most <see cref="RecommenderOptions.Count"/> items, best first.</returns>
    public IReadOnlyList<Recommendation> Recommend(int customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(customer, CustomerCount);
        return new Scorer(this).Recommend(customer);
    }

    /// <summary>Recommends items to many members, in parallel, yielding them in the order given.</summary>
    /// <param name="customers">The customer indexes, or <see langword="null"/> for every customer.</param>
    /// <param name="cancellationToken">A token to cancel the scoring.</param>
    /// <returns>Each member's recommendations.</returns>
    public IEnumerable<MemberRecommendations> RecommendAll(IEnumerable<int>? customers = null, CancellationToken cancellationToken = default)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        var block = new List<int>(Block);
        var scorers = new ConcurrentBag<Scorer>();
        foreach (var customer in customers ?? Enumerable.Range(0, CustomerCount))
        {
            if (customer < 0 || customer >= CustomerCount)
            {
                throw new ArgumentOutOfRangeException(nameof(customers), customer, $"Customer index {customer} is outside 0..{CustomerCount - 1}.");
            }

            block.Add(customer);
            if (block.Count == Block)
            {
                foreach (var result in Score(block, parallel, scorers))
                {
                    yield return result;
                }

                block.Clear();
            }
        }

        foreach (var result in Score(block, parallel, scorers))
        {
            yield return result;
        }
    }

    /// <summary>Gets the customers who bought an item in the popularity window (or ever, when the window is empty).</summary>
    /// <param name="item">The item index.</param>
    /// <returns>The count.</returns>
    public int Buyers(int item) => _buyers[item];

    /// <summary>Whether a customer bought an item up to the as-of date.</summary>
    internal bool Bought(int customer, int item) =>
        Array.BinarySearch(_histories.Items, _histories.Start[customer], _histories.Start[customer + 1] - _histories.Start[customer], item) >= 0;

    /// <summary>The number of distinct items a customer bought up to the as-of date.</summary>
    internal int HistoryLength(int customer) => _histories.Start[customer + 1] - _histories.Start[customer];

    private static (int[] Popular, int[] Buyers) Popularity(Histories histories, int itemCount, int asOf, int windowDays)
    {
        var buyers = new int[itemCount];
        for (var e = 0; e < histories.Items.Length; e++)
        {
            buyers[histories.Items[e]] += histories.LastDays[e] > asOf - windowDays ? 1 : 0;
        }

        if (buyers.All(b => b == 0))
        {
            foreach (var item in histories.Items)
            {
                buyers[item]++;
            }
        }

        var popular = Enumerable.Range(0, itemCount).Where(i => buyers[i] > 0).OrderByDescending(i => buyers[i]).ThenBy(i => i).ToArray();
        return (popular, buyers);
    }

    /// <summary>Scores a block in parallel; each thread takes a scorer from <paramref name="scorers"/> (its rows are reused from block to block) and gives it back.</summary>
    private MemberRecommendations[] Score(List<int> block, ParallelOptions parallel, ConcurrentBag<Scorer> scorers)
    {
        var results = new MemberRecommendations[block.Count];
        Parallel.For(0, block.Count, parallel, () => scorers.TryTake(out var scorer) ? scorer : new Scorer(this), (k, _, scorer) =>
        {
            results[k] = new MemberRecommendations(block[k], scorer.Recommend(block[k]));
            return scorer;
        }, scorers.Add);
        return results;
    }

    /// <summary>One thread's dense score row, marks and buffers over the items: a member's list allocates only its result.</summary>
    private sealed class Scorer(ItemRecommender owner)
    {
        private readonly bool _similar = owner.Options.Strategy == RecommendationStrategy.ItemToItem;
        private readonly bool _repeat = owner.Options.Strategy == RecommendationStrategy.PersonalRepeat;
        private readonly bool _excludeBought = owner.Options.ExcludeBought;
        private readonly IReadOnlySet<int>? _rebuyable = owner.Options.Rebuyable;
        private readonly double? _halfLife = owner.Options.HalfLifeDays;
        private readonly double[] _scores = owner.Options.Strategy == RecommendationStrategy.ItemToItem ? new double[owner._itemCount] : [];
        private readonly int[] _touched = owner.Options.Strategy == RecommendationStrategy.ItemToItem ? new int[owner._itemCount] : [];
        private readonly int[] _bought = new int[owner._itemCount]; // customer + 1 when that customer bought the item
        private readonly TopItems _top = new(owner.ListLength);
        private readonly ItemScore[] _chosen = new ItemScore[owner.ListLength];
        private readonly Recommendation[] _list = new Recommendation[owner.ListLength];

        public Recommendation[] Recommend(int customer)
        {
            var h = owner._histories;
            var (from, to, stamp) = (h.Start[customer], h.Start[customer + 1], customer + 1);
            for (var e = from; e < to; e++)
            {
                _bought[h.Items[e]] = stamp;
            }

            _top.Clear();
            if (_similar)
            {
                // Excluded items hold −1 while the member is scored, so one read tells excluded, new and scored apart.
                for (var e = from; e < to; e++)
                {
                    if (Excluded(h.Items[e]))
                    {
                        _scores[h.Items[e]] = -1;
                    }
                }

                var touched = 0;
                for (var e = from; e < to; e++)
                {
                    var weight = Decay(owner._asOf - h.LastDays[e]);
                    foreach (var n in owner._neighbours!.Of(h.Items[e]))
                    {
                        var score = _scores[n.Item];
                        if (score < 0)
                        {
                            continue;
                        }

                        if (score == 0)
                        {
                            _touched[touched++] = n.Item;
                        }

                        _scores[n.Item] = score + (weight * n.Score);
                    }
                }

                for (var t = 0; t < touched; t++)
                {
                    var item = _touched[t];
                    if (_scores[item] > 0) // 0: offered already (a weight that underflowed can list an item twice)
                    {
                        _top.Offer(new ItemScore(item, _scores[item]));
                    }

                    _scores[item] = 0;
                }

                for (var e = from; e < to; e++)
                {
                    _scores[h.Items[e]] = 0;
                }
            }
            else if (_repeat)
            {
                for (var e = from; e < to; e++)
                {
                    _top.Offer(new ItemScore(h.Items[e], h.Counts[e] * Decay(owner._asOf - h.LastDays[e])));
                }
            }

            var count = _top.DrainInto(_chosen);
            var source = _repeat ? RecommendationSource.Repeat : RecommendationSource.Similar;
            for (var i = 0; i < count; i++)
            {
                _list[i] = new Recommendation(_chosen[i].Item, _chosen[i].Score, source);
            }

            // Fill with popular items not chosen and not excluded (the repeat baseline excludes nothing).
            var popular = owner._popular;
            for (var p = 0; p < popular.Length && count < _list.Length; p++)
            {
                var item = popular[p];
                if ((!_repeat && _bought[item] == stamp && Excluded(item)) || Chosen(item, count))
                {
                    continue;
                }

                _list[count++] = new Recommendation(item, owner._buyers[item], RecommendationSource.Popular);
            }

            return _list.AsSpan(0, count).ToArray();
        }

        private bool Chosen(int item, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (_list[i].Item == item)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a bought item is left out: bought items are, unless kept or rebuyable.</summary>
        private bool Excluded(int item) => _excludeBought && _rebuyable?.Contains(item) != true;

        private double Decay(int ageDays) => _halfLife is { } half ? Math.Pow(2, -ageDays / half) : 1;
    }
}
