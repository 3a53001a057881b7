using System.Linq;
using Loyalty.Sdk.Analytics.Recommendations;
using Loyalty.Sdk.Benchmarks.Recommendations;
using Xunit;

namespace Loyalty.Sdk.Benchmarks.Tests;

/// <summary>The similarity race compares like with like: the tool's co-occurrence counts and cosines are DuckDB's.</summary>
public sealed class RecommendationPeerTests
{
    [Fact]
    public void ItemSimilarity_EqualsDuckDbCoPurchaseCounts()
    {
        var (table, items) = SyntheticBaskets.Generate(20_000, 5_000, 2_000);
        Assert.InRange(table.Count / 20_000d, 3, 4.5); // about 3.5 lines per order
        using var duck = ItemSimilarityBenchmarks.Load(table, items);
        var model = ItemNeighbours.Build(table, items, 2_000, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order });
        Assert.True(model.Pairs > 10_000);
        Assert.Null(ItemSimilarityBenchmarks.Verify(duck, model));

        // A wrong count would be caught: the same check against a model of fewer orders fails.
        var fewer = new Analytics.Retention.PurchaseTable(table.Customers[..^100], table.Days[..^100], table.CustomerCount, table.Orders![..^100], table.OrderCount);
        Assert.NotNull(ItemSimilarityBenchmarks.Verify(duck, ItemNeighbours.Build(fewer, items[..^100], 2_000, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order })));
    }

    [Fact]
    public void Generator_IsDeterministic_WithALongTail()
    {
        var (table, items) = SyntheticBaskets.Generate(20_000, 5_000, 2_000);
        var again = SyntheticBaskets.Generate(20_000, 5_000, 2_000);
        Assert.Equal(items, again.Items);
        var counts = items.GroupBy(i => i).Select(g => g.Count()).OrderDescending().ToArray();
        Assert.True(counts[0] > 20 * counts[counts.Length / 2], "a few items sell far more than the median item");
        Assert.Equal(5_000, table.Customers.Distinct().Count());
    }
}
