using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Recommendations;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class ItemRecommendationTests
{
    private static readonly LocalDate Start = new(2026, 1, 1);

    private static readonly Gen<(int Customer, int Day, int Order, int Item)[]> Lines =
        Gen.ArrayOf(
            from customer in Gen.Choose(0, 25)
            from day in Gen.Choose(0, 60)
            from order in Gen.Choose(-1, 30)
            from item in Gen.Choose(-1, 14)
            select (customer, day, order, item));

    /// <summary>A table whose orders belong to one customer each (order o of customer c is "c/o").</summary>
    private static (PurchaseTable Table, int[] Items) Build(IEnumerable<(int Customer, int Day, int Order, int Item)> lines, int itemCount = 15)
    {
        var list = lines.ToArray();
        var records = list.Select(r => new PurchaseRecord($"c{r.Customer}", Start.PlusDays(r.Day).At(new LocalTime(12, 0)).InUtc().ToInstant(), r.Order < 0 ? null : $"{r.Customer}/{r.Order}")).ToArray();
        return (PurchaseTable.FromRecords(records, DateTimeZone.Utc), list.Select(r => r.Item < itemCount ? r.Item : -1).ToArray());
    }

    private static Dictionary<(int, int), int> ReferenceCoPurchases(PurchaseTable table, int[] items, CoPurchaseScope scope)
    {
        var baskets = Enumerable.Range(0, table.Count).Where(r => items[r] >= 0)
            .GroupBy(r => scope == CoPurchaseScope.Customer ? table.Customers[r] : table.Orders is { } orders && orders[r] >= 0 ? orders[r] : -1 - r)
            .Select(g => g.Select(r => items[r]).Distinct().ToArray());
        var counts = new Dictionary<(int, int), int>();
        foreach (var basket in baskets)
        {
            foreach (var a in basket)
            {
                foreach (var b in basket.Where(b => b != a))
                {
                    counts[(a, b)] = counts.GetValueOrDefault((a, b)) + 1;
                }
            }
        }

        return counts;
    }

    [Fact]
    public void Similarity_IsSymmetric_InUnitRange_AndCountsEqualAReference()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Lines.ToArbitrary(), Gen.Elements(ItemSimilarityKind.Cosine, ItemSimilarityKind.Bm25).ToArbitrary(), Gen.Elements(CoPurchaseScope.Customer, CoPurchaseScope.Order).ToArbitrary(), (lines, kind, scope) =>
        {
            var (table, items) = Build(lines);
            var model = ItemNeighbours.Build(table, items, 15, new ItemSimilarityOptions { Kind = kind, Scope = scope, Neighbours = 15 });
            var reference = ReferenceCoPurchases(table, items, scope);
            Assert.Equal(reference.Count, model.Pairs);
            Assert.Equal(reference.Values.Sum(), model.CoPurchases);
            var similarity = new Dictionary<(int, int), double>();
            for (var i = 0; i < 15; i++)
            {
                foreach (var n in model.Of(i).ToArray())
                {
                    Assert.InRange(n.Score, 0d, 1d);
                    Assert.True(n.Score > 0);
                    Assert.Equal(reference[(i, n.Item)], n.CoPurchases);
                    similarity[(i, n.Item)] = n.Score;
                }
            }

            // Every co-purchased pair is a neighbour (15 kept of 15 items), with the same similarity both ways.
            Assert.Equal(reference.Keys.Order().ToArray(), similarity.Keys.Order().ToArray());
            Assert.All(similarity, p => Assert.Equal(p.Value, similarity[(p.Key.Item2, p.Key.Item1)]));
            if (kind == ItemSimilarityKind.Cosine)
            {
                Assert.All(similarity, p => Assert.Equal(p.Value, reference[p.Key] / Math.Sqrt(model.Frequency(p.Key.Item1) * (double)model.Frequency(p.Key.Item2)), 12));
            }
        }));
    }

    [Fact]
    public void Neighbours_AreTheTopK_AndDoNotDependOnRecordOrderOrThreads()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(Lines.ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), Gen.Elements(ItemSimilarityKind.Cosine, ItemSimilarityKind.Bm25).ToArbitrary(), (lines, k, kind) =>
        {
            var (table, items) = Build(lines);
            var all = ItemNeighbours.Build(table, items, 15, new ItemSimilarityOptions { Kind = kind, Neighbours = 15, MaxDegreeOfParallelism = 1 });
            var top = ItemNeighbours.Build(table, items, 15, new ItemSimilarityOptions { Kind = kind, Neighbours = k });
            // Reversed records number customers differently. Cosine (integer counts) is unchanged exactly; BM25 sums
            // its weights in another order, so it is unchanged up to rounding (and so are ties at the k-th place).
            var (shuffledTable, shuffledItems) = Build(lines.Reverse());
            var shuffled = ItemNeighbours.Build(shuffledTable, shuffledItems, 15, new ItemSimilarityOptions { Kind = kind, Neighbours = kind == ItemSimilarityKind.Cosine ? k : 15 });
            for (var i = 0; i < 15; i++)
            {
                var expected = all.Of(i).ToArray().OrderByDescending(n => n.Score).ThenBy(n => n.Item).Take(k).ToArray();
                Assert.Equal(expected, top.Of(i).ToArray());
                var again = shuffled.Of(i).ToArray();
                if (kind == ItemSimilarityKind.Cosine)
                {
                    Assert.Equal(expected, again);
                }
                else
                {
                    Assert.Equal(all.Of(i).ToArray().Select(n => (n.Item, n.CoPurchases)).Order(), again.Select(n => (n.Item, n.CoPurchases)).Order());
                    Assert.All(again, n => Assert.Equal(all.Of(i).ToArray().Single(m => m.Item == n.Item).Score, n.Score, 1e-12));
                }
            }
        }));
    }

    [Fact]
    public void Bm25_WeighsDownBasketsThatHoldEverything()
    {
        // Items 0 and 1 are bought together by two small baskets; 0 and 2 by one small basket and one that holds all ten items.
        var lines = new List<(int, int, int, int)> { (0, 0, 0, 0), (0, 0, 0, 1), (1, 0, 0, 0), (1, 0, 0, 1), (2, 0, 0, 0), (2, 0, 0, 2) };
        lines.AddRange(Enumerable.Range(0, 10).Select(i => (3, 0, 0, i)));
        var (table, items) = Build(lines, 10);
        var cosine = ItemNeighbours.Build(table, items, 10, new ItemSimilarityOptions { Neighbours = 10 });
        var bm25 = ItemNeighbours.Build(table, items, 10, new ItemSimilarityOptions { Kind = ItemSimilarityKind.Bm25, Neighbours = 10 });
        double Sim(ItemNeighbours m, int a, int b) => m.Of(a).ToArray().Single(n => n.Item == b).Score;
        Assert.True(Sim(cosine, 0, 1) > Sim(cosine, 0, 2));
        Assert.True(Sim(bm25, 0, 1) / Sim(bm25, 0, 2) > Sim(cosine, 0, 1) / Sim(cosine, 0, 2));
        Assert.True(Sim(bm25, 0, 3) < Sim(cosine, 0, 3)); // only the big basket links 0 and 3
    }

    [Fact]
    public void Recommendations_ExcludeBought_UnlessRebuyable_AndFillWithPopularItems()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(Lines.ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (lines, count) =>
        {
            var (table, items) = Build(lines);
            var model = ItemNeighbours.Build(table, items, 15);
            var rebuyable = new HashSet<int> { 3 };
            var recommender = ItemRecommender.Create(table, items, 15, model, new RecommenderOptions { Count = count, Rebuyable = rebuyable });
            var keepBought = ItemRecommender.Create(table, items, 15, model, new RecommenderOptions { Count = count, ExcludeBought = false });
            var lists = recommender.RecommendAll().ToArray();
            Assert.Equal(table.CustomerCount, lists.Length);
            var available = Enumerable.Range(0, 15).Count(i => items.Contains(i));
            foreach (var list in lists)
            {
                var bought = Enumerable.Range(0, table.Count).Where(r => table.Customers[r] == list.Customer && items[r] >= 0).Select(r => items[r]).ToHashSet();
                Assert.True(list.Items.Count <= count);
                Assert.Equal(list.Items.Count, list.Items.Select(r => r.Item).Distinct().Count());
                Assert.All(list.Items, r => Assert.True(!bought.Contains(r.Item) || rebuyable.Contains(r.Item)));
                Assert.Equal(Math.Min(count, available - bought.Count(b => !rebuyable.Contains(b))), list.Items.Count);

                // Similar items first, by score; popular ones after them.
                var similar = list.Items.TakeWhile(r => r.Source == RecommendationSource.Similar).ToArray();
                Assert.All(list.Items.Skip(similar.Length), r => Assert.Equal(RecommendationSource.Popular, r.Source));
                Assert.Equal(similar.OrderByDescending(r => r.Score).ThenBy(r => r.Item), similar);
                Assert.Equal(list.Items, recommender.Recommend(list.Customer));
                Assert.Equal(Math.Min(count, available), keepBought.Recommend(list.Customer).Count);
            }
        }));
    }

    [Fact]
    public void Recency_WeighsRecentPurchasesMore()
    {
        // Customer 0 bought item 0 long ago and item 2 yesterday; item 1 goes with 0, item 3 with 2, equally strongly.
        var lines = new[] { (1, 0, 0, 0), (1, 0, 0, 1), (2, 0, 0, 2), (2, 0, 0, 3), (0, 0, 0, 0), (0, 200, 1, 2) };
        var (table, items) = Build(lines, 4);
        var model = ItemNeighbours.Build(table, items, 4);
        var customer = table.CustomerIds!.Encode("c0");
        var recent = ItemRecommender.Create(table, items, 4, model, new RecommenderOptions { Count = 2 }).Recommend(customer);
        Assert.Equal([3, 1], recent.Select(r => r.Item));
        Assert.Equal(Math.Pow(2, -200 / 90.0), recent[1].Score / recent[0].Score, 12); // sim(0, 1) = sim(2, 3); item 0 is 200 days older
        var flat = ItemRecommender.Create(table, items, 4, model, new RecommenderOptions { Count = 2, HalfLifeDays = null }).Recommend(customer);
        Assert.Equal([1, 3], flat.Select(r => r.Item)); // equal scores: the lower item first
        Assert.Equal(flat[0].Score, flat[1].Score);
    }

    [Fact]
    public void NewMembers_GetPopularItems_AndBadInputIsRefused()
    {
        var (table, items) = Build([(0, 0, 0, 0), (1, 50, 0, 1), (2, 55, 0, 1), (3, 56, 0, 2), (4, 60, 0, -1)], 3);
        var model = ItemNeighbours.Build(table, items, 3);
        var recommender = ItemRecommender.Create(table, items, 3, model, new RecommenderOptions { Count = 3, PopularityWindowDays = 30 });
        var customerWithoutItems = table.CustomerIds!.Encode("c4");
        Assert.Equal([1, 2], recommender.Recommend(customerWithoutItems).Select(r => r.Item)); // item 0 was bought 60 days ago
        Assert.All(recommender.Recommend(customerWithoutItems), r => Assert.Equal(RecommendationSource.Popular, r.Source));

        Assert.Throws<ArgumentException>(() => ItemNeighbours.Build(table, items[..^1], 3));
        Assert.Throws<ArgumentException>(() => ItemNeighbours.Build(table, [0, 1, 2, 3, 0], 3));
        Assert.Throws<ArgumentException>(() => ItemNeighbours.Build(table, items, 3, new ItemSimilarityOptions { Neighbours = 0 }));
        Assert.Throws<ArgumentException>(() => ItemNeighbours.Build(table, items, 3, new ItemSimilarityOptions { Bm25B = 2 }));
        Assert.Throws<ArgumentException>(() => ItemRecommender.Create(table, items, 3, null));
        Assert.Throws<ArgumentException>(() => ItemRecommender.Create(table, items, 3, model, new RecommenderOptions { HalfLifeDays = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => recommender.Recommend(99));

        // A huge count asks for no more than the catalogue: no allocation of that size, every item at most once.
        var all = ItemRecommender.Create(table, items, 3, model, new RecommenderOptions { Count = int.MaxValue, ExcludeBought = false });
        Assert.Equal([1, 0, 2], all.Recommend(customerWithoutItems).Select(r => r.Item)); // buyers in 90 days: 2, 1, 1; ties to the lower item
        Assert.Throws<ArgumentException>(() => RecommendationEvaluator.Evaluate(table, items, 3, Start, Start.PlusDays(60), resamples: int.MaxValue));
    }

    [Fact]
    public void Evaluation_ScoresAgainstAReference_AndIntervalsHoldTheMean()
    {
        var random = new Random(7);
        var lines = Enumerable.Range(0, 3000).Select(_ => { var c = random.Next(200); return (c, random.Next(0, 120), random.Next(20), (c % 5 * 8) + random.Next(12)); }).ToArray();
        var (table, items) = Build(lines, 50);
        var cutoff = Start.PlusDays(89);
        var evaluation = RecommendationEvaluator.Evaluate(table, items, 50, cutoff, Start.PlusDays(119), resamples: 200);
        Assert.Equal(2, evaluation.Protocols.Count);
        foreach (var protocol in evaluation.Protocols)
        {
            Assert.True(protocol.Users > 100, $"{protocol.Protocol}: {protocol.Users}");
            foreach (var m in protocol.Methods)
            {
                foreach (var e in new[] { m.HitRate, m.Recall, m.Ndcg })
                {
                    Assert.InRange(e.Mean, 0d, 1d);
                    Assert.InRange(e.Mean, e.Low - 1e-12, e.High + 1e-12);
                }
            }
        }

        // Reference for popularity under all purchases: the 10 items most buyers bought in the 90 days up to the cutoff.
        var all = evaluation.Protocols[0];
        var train = Enumerable.Range(0, table.Count).Where(r => table.Days[r] <= PurchaseTable.DayNumber(cutoff)).ToArray();
        var popular = train.GroupBy(r => items[r]).Select(g => (Item: g.Key, Buyers: g.Select(r => table.Customers[r]).Distinct().Count()))
            .OrderByDescending(p => p.Buyers).ThenBy(p => p.Item).Take(10).Select(p => p.Item).ToArray();
        var tested = Enumerable.Range(0, table.Count).Where(r => table.Days[r] > PurchaseTable.DayNumber(cutoff)).GroupBy(r => table.Customers[r])
            .Where(g => train.Any(r => table.Customers[r] == g.Key)).ToDictionary(g => g.Key, g => g.Select(r => items[r]).ToHashSet());
        Assert.Equal(tested.Count, all.Users);
        var hit = tested.Values.Average(set => popular.Any(set.Contains) ? 1.0 : 0.0);
        var ndcg = tested.Values.Average(set => RecommendationEvaluator.Ndcg(popular, set, 10));
        var popularity = all.Methods.Single(m => m.Strategy == RecommendationStrategy.Popularity);
        Assert.Equal(hit, popularity.HitRate.Mean, 12);
        Assert.Equal(ndcg, popularity.Ndcg.Mean, 12);

        // The customers buy within their group of items, which item-to-item finds and popularity cannot.
        var newItems = evaluation.Protocols[1];
        Assert.True(newItems.Methods[0].Ndcg.Mean > newItems.Methods[1].Ndcg.Mean, $"{newItems.Methods[0]} {newItems.Methods[1]} users {newItems.Users}");
        Assert.True(newItems.Methods[1].NdcgDifference.Low > 0, $"{newItems.Methods[1]}");
    }

    [Fact]
    public void Ndcg_MatchesHandComputedValues()
    {
        Assert.Equal(1.0, RecommendationEvaluator.Ndcg([5, 6], new HashSet<int> { 5, 6 }, 10), 12);
        Assert.Equal(1 / Math.Log2(3), RecommendationEvaluator.Ndcg([1, 5], new HashSet<int> { 5 }, 10), 12);
        Assert.Equal((1 / Math.Log2(3)) / (1 + (1 / Math.Log2(3))), RecommendationEvaluator.Ndcg([1, 5, 7], new HashSet<int> { 5, 9 }, 10), 12);
        Assert.Equal(0.0, RecommendationEvaluator.Ndcg([1, 5], new HashSet<int> { 5 }, 1), 12);
    }
}
