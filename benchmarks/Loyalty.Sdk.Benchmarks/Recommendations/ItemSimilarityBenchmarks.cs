using System;
using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using Loyalty.Sdk.Analytics.Recommendations;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Benchmarks.Recommendations;

/// <summary>
/// Issue 17's race: item-to-item similarity for 1,000,000 orders (about 3.5 million lines, a 50,000-item long-tail
/// catalogue) against DuckDB SQL computing the same co-occurrence counts (a self-join of distinct order lines grouped
/// by item pair, kept in a table). The tool does more: it also turns counts into cosine (or BM25) similarities and keeps
/// each item's top 50. <see cref="Verify"/> checks, before timing, that the tool's pair count, co-purchase sum and every
/// kept neighbour's count and cosine equal DuckDB's. Run: <c>dotnet run -c Release --project
/// benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ItemSimilarity*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class ItemSimilarityBenchmarks
{
    private PurchaseTable _table = null!;
    private int[] _items = null!;
    private DuckDBConnection _duck = null!;

    [Params(1_000_000)]
    public int Orders { get; set; }

    public const int Items = 50_000;

    [GlobalSetup]
    public void Setup()
    {
        (_table, _items) = SyntheticBaskets.Generate(Orders, Orders / 4, Items);
        _duck = Load(_table, _items);
        var mismatches = Verify(_duck, ItemNeighbours.Build(_table, _items, Items, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order }));
        if (mismatches is not null)
        {
            throw new InvalidOperationException("The tool and DuckDB disagree: " + mismatches);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _duck.Dispose();

    [Benchmark(Baseline = true)]
    public long DuckDbCoPurchaseCounts()
    {
        Execute(_duck, CountsSql);
        return Scalar(_duck, "SELECT count(*) FROM pairs");
    }

    [Benchmark]
    public long ToolCosineTop50() => ItemNeighbours.Build(_table, _items, Items, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order }).Pairs;

    [Benchmark]
    public long ToolBm25Top50() => ItemNeighbours.Build(_table, _items, Items, new ItemSimilarityOptions { Scope = CoPurchaseScope.Order, Kind = ItemSimilarityKind.Bm25 }).Pairs;

    /// <summary>The co-occurrence counts of every ordered pair of different items in one order, as DuckDB computes them.</summary>
    public const string CountsSql = "CREATE OR REPLACE TEMP TABLE pairs AS WITH l AS (SELECT DISTINCT basket, item FROM lines) " +
        "SELECT a.item AS i, b.item AS j, count(*)::INTEGER AS c FROM l a JOIN l b ON a.basket = b.basket AND a.item <> b.item GROUP BY a.item, b.item";

    /// <summary>Loads the lines (order, item) into an in-memory DuckDB database.</summary>
    public static DuckDBConnection Load(PurchaseTable table, int[] items)
    {
        var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        Execute(duck, "CREATE TABLE lines (basket INTEGER, item INTEGER)");
        using (var appender = duck.CreateAppender("lines"))
        {
            for (var r = 0; r < table.Count; r++)
            {
                appender.CreateRow().AppendValue(table.Orders![r]).AppendValue(items[r]).EndRow();
            }
        }

        return duck;
    }

    /// <summary>
    /// Null when the tool agrees with DuckDB: the number of co-purchased pairs and the sum of their counts, and for
    /// every neighbour the tool kept, DuckDB's count for the pair and cosine = count ÷ √(orders with each).
    /// </summary>
    public static string? Verify(DuckDBConnection duck, ItemNeighbours model)
    {
        Execute(duck, CountsSql);
        var (pairs, sum) = (Scalar(duck, "SELECT count(*) FROM pairs"), Scalar(duck, "SELECT coalesce(sum(c), 0)::BIGINT FROM pairs"));
        if (pairs != model.Pairs || sum != model.CoPurchases)
        {
            return $"pairs {model.Pairs} vs {pairs}, co-purchases {model.CoPurchases} vs {sum}";
        }

        Execute(duck, "CREATE OR REPLACE TEMP TABLE kept (i INTEGER, j INTEGER, c INTEGER, s DOUBLE)");
        using (var appender = duck.CreateAppender("kept"))
        {
            for (var i = 0; i < model.ItemCount; i++)
            {
                foreach (var n in model.Of(i))
                {
                    appender.CreateRow().AppendValue(i).AppendValue(n.Item).AppendValue(n.CoPurchases).AppendValue(n.Score).EndRow();
                }
            }
        }

        var wrong = Scalar(duck, "WITH f AS (SELECT item, count(DISTINCT basket) AS n FROM lines GROUP BY item) " +
            "SELECT count(*) FROM kept k LEFT JOIN pairs p ON p.i = k.i AND p.j = k.j JOIN f fi ON fi.item = k.i JOIN f fj ON fj.item = k.j " +
            "WHERE p.c IS NULL OR p.c <> k.c OR abs(k.s - p.c / sqrt(fi.n::DOUBLE * fj.n)) > 1e-12");
        var kept = Scalar(duck, "SELECT count(*) FROM kept");
        return wrong == 0 && kept > 0 ? null : $"{wrong} of {kept} kept neighbours differ from DuckDB";
    }

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
