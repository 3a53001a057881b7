using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Loyalty.Sdk.Analytics.Recommendations;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Benchmarks.Recommendations;

/// <summary>
/// Issue 17: scoring 1,000,000 members' top-10 recommendations (2,500,000 orders, 50,000 items, 50 neighbours each)
/// with bounded memory. The floor is the memory traffic the scoring cannot avoid: reading every neighbour list each
/// member's history points at, in parallel, summing the similarities (no scores kept, no ranking, no lists). Peak
/// resident memory of a whole run is measured per fresh process with <c>recommend-peak</c>. Run: <c>dotnet run -c
/// Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*RecommendationScoring*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RecommendationScoringBenchmarks
{
    public const int Members = 1_000_000;
    public const int Items = 50_000;
    private ItemNeighbours _neighbours = null!;
    private ItemRecommender _recommender = null!;
    private int[] _start = null!;
    private int[] _history = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (table, items) = SyntheticBaskets.Generate(2_500_000, Members, Items);
        _neighbours = ItemNeighbours.Build(table, items, Items, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order });
        _recommender = ItemRecommender.Create(table, items, Items, _neighbours);
        (_start, _history) = DistinctItems(table, items);
    }

    [Benchmark(Baseline = true)]
    public double FloorReadNeighbourLists()
    {
        var total = 0.0;
        var gate = new Lock();
        Parallel.For(0, Members, () => 0.0, (c, _, sum) =>
        {
            for (var e = _start[c]; e < _start[c + 1]; e++)
            {
                foreach (var n in _neighbours.Of(_history[e]))
                {
                    sum += n.Score;
                }
            }

            return sum;
        }, sum =>
        {
            lock (gate)
            {
                total += sum;
            }
        });
        return total;
    }

    [Benchmark]
    public long ScoreEveryMember()
    {
        long items = 0;
        foreach (var member in _recommender.RecommendAll())
        {
            items += member.Items.Count;
        }

        return items;
    }

    /// <summary>Each customer's distinct items (compressed rows).</summary>
    public static (int[] Start, int[] Items) DistinctItems(PurchaseTable table, int[] items)
    {
        var lists = table.Customers.Zip(items).Where(p => p.Second >= 0).Distinct().GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.Select(p => p.Second).ToArray());
        var start = new int[table.CustomerCount + 1];
        for (var c = 0; c < table.CustomerCount; c++)
        {
            start[c + 1] = start[c] + (lists.TryGetValue(c, out var l) ? l.Length : 0);
        }

        var flat = new int[start[^1]];
        foreach (var (c, l) in lists)
        {
            l.CopyTo(flat, start[c]);
        }

        return (start, flat);
    }

    /// <summary>One whole run in this process (generate, build, score every member), printing the times and peak resident memory.</summary>
    public static void Peak()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (table, items) = SyntheticBaskets.Generate(2_500_000, Members, Items);
        var data = Export.ExportRetention.PeakResidentBytes();
        Console.WriteLine($"generated {table.Count:N0} lines of {Members:N0} members in {watch.Elapsed.TotalSeconds:0.0} s; peak resident so far {data / 1e6:0} MB");
        watch.Restart();
        var neighbours = ItemNeighbours.Build(table, items, Items, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order });
        Console.WriteLine($"neighbours of {Items:N0} items ({neighbours.Pairs:N0} co-purchased pairs, 50 kept each) in {watch.Elapsed.TotalSeconds:0.00} s");
        watch.Restart();
        var recommender = ItemRecommender.Create(table, items, Items, neighbours);
        Console.WriteLine($"histories of {Members:N0} members in {watch.Elapsed.TotalSeconds:0.00} s");
        watch.Restart();
        long count = 0;
        foreach (var member in recommender.RecommendAll())
        {
            count += member.Items.Count;
        }

        var peak = Export.ExportRetention.PeakResidentBytes();
        Console.WriteLine($"scored {Members:N0} members ({count:N0} recommendations) in {watch.Elapsed.TotalSeconds:0.00} s; peak resident {peak / 1e6:0} MB ({(peak - data) / 1e6:0} MB above the data)");
    }
}
