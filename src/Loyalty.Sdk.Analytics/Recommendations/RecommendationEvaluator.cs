using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>
/// A time-split evaluation of recommendations: item-to-item, global popularity (recent window) and personal repeat are
/// built from purchases up to a cutoff and ranked over the full catalogue (no sampled negatives); each user's list is
/// scored against the items they bought after it, with per-user bootstrap 95% intervals.
/// </summary>
public static class RecommendationEvaluator
{
    /// <summary>Evaluates the recommenders under both protocols.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="items">Per record: the item index, or −1 for none.</param>
    /// <param name="itemCount">The number of item indexes.</param>
    /// <param name="cutoff">The last day of training history.</param>
    /// <param name="testEnd">The last day of the test period.</param>
    /// <param name="similarity">The item similarity options (the as-of date is set to the cutoff).</param>
    /// <param name="recommender">The recommender options (list length, half-life, popularity window; the as-of date, strategy and exclusion are set per run).</param>
    /// <param name="resamples">Bootstrap resamples of the users.</param>
    /// <param name="seed">The bootstrap's random seed (the same seed gives the same intervals).</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentException">The test period ends before it starts, or the resamples are not 10 to 100,000.</exception>
    public static RecommendationEvaluation Evaluate(PurchaseTable table, int[] items, int itemCount, LocalDate cutoff, LocalDate testEnd, ItemSimilarityOptions? similarity = null, RecommenderOptions? recommender = null, int resamples = 1000, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(items);
        if (testEnd <= cutoff || resamples is < 10 or > 100_000)
        {
            throw new ArgumentException("The test period must end after the cutoff, and the resamples must be 10 to 100,000.", nameof(testEnd));
        }

        var neighbours = ItemNeighbours.Build(table, items, itemCount, (similarity ?? new ItemSimilarityOptions()) with { AsOf = cutoff }, cancellationToken);
        var baseOptions = (recommender ?? new RecommenderOptions()) with { AsOf = cutoff, Rebuyable = null };
        var tested = TestItems(table, items, cutoff, testEnd);
        var catalogue = Enumerable.Range(0, itemCount).Count(i => neighbours.Frequency(i) > 0);
        var protocols = new List<ProtocolScores>();
        foreach (var protocol in new[] { EvaluationProtocol.AllPurchases, EvaluationProtocol.NewItems })
        {
            var exclude = protocol == EvaluationProtocol.NewItems;
            var strategies = exclude
                ? new[] { RecommendationStrategy.ItemToItem, RecommendationStrategy.Popularity }
                : [RecommendationStrategy.ItemToItem, RecommendationStrategy.Popularity, RecommendationStrategy.PersonalRepeat];
            var recommenders = strategies.Select(s => ItemRecommender.Create(table, items, itemCount, neighbours, baseOptions with { Strategy = s, ExcludeBought = exclude })).ToArray();
            var first = recommenders[0];
            var relevant = new Dictionary<int, HashSet<int>>();
            foreach (var (customer, bought) in tested)
            {
                var set = exclude ? bought.Where(i => !first.Bought(customer, i)).ToHashSet() : bought;
                if (first.HistoryLength(customer) > 0 && set.Count > 0)
                {
                    relevant[customer] = set;
                }
            }

            var users = relevant.Keys.Order().ToArray();
            var metrics = recommenders.Select(r => Score(r, users, relevant, cancellationToken)).ToArray();
            var methods = strategies.Select((s, m) => new MethodScores(
                s,
                Bootstrap.Interval(users.Length, resamples, seed, Bootstrap.Mean(metrics[m].Hit)),
                Bootstrap.Interval(users.Length, resamples, seed, Bootstrap.Mean(metrics[m].Recall)),
                Bootstrap.Interval(users.Length, resamples, seed, Bootstrap.Mean(metrics[m].Ndcg)),
                Bootstrap.Interval(users.Length, resamples, seed, Bootstrap.Mean(metrics[0].Ndcg, metrics[m].Ndcg)))).ToList();
            protocols.Add(new ProtocolScores(protocol, users.Length, methods));
        }

        return new RecommendationEvaluation(cutoff, testEnd, catalogue, protocols);
    }

    /// <summary>Normalised DCG of a ranked list with binary relevance: Σ 1/log2(rank + 1) over hits ÷ the same for a perfect list.</summary>
    /// <param name="ranked">The recommended items, best first.</param>
    /// <param name="relevant">The relevant items.</param>
    /// <param name="k">The list length scored.</param>
    /// <returns>NDCG@k in [0, 1].</returns>
    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        double dcg = 0, ideal = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            dcg += relevant.Contains(ranked[r]) ? 1 / Math.Log2(r + 2) : 0;
        }

        for (var r = 0; r < Math.Min(k, relevant.Count); r++)
        {
            ideal += 1 / Math.Log2(r + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static (double[] Hit, double[] Recall, double[] Ndcg) Score(ItemRecommender recommender, int[] users, Dictionary<int, HashSet<int>> relevant, CancellationToken cancellationToken)
    {
        var k = recommender.Options.Count;
        var (hit, recall, ndcg) = (new double[users.Length], new double[users.Length], new double[users.Length]);
        var u = 0;
        foreach (var list in recommender.RecommendAll(users, cancellationToken))
        {
            var set = relevant[list.Customer];
            var ranked = list.Items.Select(r => r.Item).ToArray();
            var hits = ranked.Take(k).Count(set.Contains);
            hit[u] = hits > 0 ? 1 : 0;
            recall[u] = hits / (double)set.Count;
            ndcg[u] = Ndcg(ranked, set, k);
            u++;
        }

        return (hit, recall, ndcg);
    }

    private static Dictionary<int, HashSet<int>> TestItems(PurchaseTable table, int[] items, LocalDate cutoff, LocalDate testEnd)
    {
        var (from, to) = (PurchaseTable.DayNumber(cutoff), PurchaseTable.DayNumber(testEnd));
        var tested = new Dictionary<int, HashSet<int>>();
        for (var r = 0; r < table.Count; r++)
        {
            if (items[r] >= 0 && table.Days[r] > from && table.Days[r] <= to)
            {
                if (!tested.TryGetValue(table.Customers[r], out var set))
                {
                    tested[table.Customers[r]] = set = [];
                }

                set.Add(items[r]);
            }
        }

        return tested;
    }
}
