using System.Linq;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using Loyalty.Sdk.Benchmarks.Retention;
using Xunit;

namespace Loyalty.Sdk.Benchmarks.Tests;

/// <summary>The benchmark compares like with like: DuckDB's SQL and the SDK give the same answers on the generated data.</summary>
public sealed class PeerAgreementTests
{
    private static readonly PurchaseTable Table = SyntheticPurchases.Generate(20_000, seed: 7);

    [Fact]
    public void Generator_IsDeterministic_AndRealistic()
    {
        var again = SyntheticPurchases.Generate(20_000, seed: 7);
        Assert.Equal(Table.Days, again.Days);
        Assert.Equal(Table.Customers, again.Customers);
        Assert.InRange(Table.Count / 20_000d, 6, 14); // about ten purchases per customer
        Assert.True(Table.Days.Zip(Table.Days.Skip(1)).All(p => p.First <= p.Second), "records are in time order");
        Assert.Equal(SyntheticPurchases.Categories, Table.Categories!.Distinct().Count());
        var amounts = SyntheticPurchases.GenerateWithAmounts(20_000, seed: 7).AmountCents;
        Assert.Equal(Table.Count, amounts.Length);
        Assert.All(amounts, a => Assert.True(a > 0));
        Assert.InRange(amounts.Order().ElementAt(amounts.Length / 2) / 100d, 15, 45); // median basket line, in currency units
    }

    [Fact]
    public void Retention_EqualsDuckDb()
    {
        using var duck = new DuckDbRetention(Table);
        var expected = duck.Retention();
        var actual = CohortRetention.Compute(Table, new RetentionOptions { Days = [1, 7, 30] });
        Assert.Equal(expected.Count, actual.Cohorts.Count);
        Assert.True(expected.Count > 300);
        for (var i = 0; i < expected.Count; i++)
        {
            var (cohort, size, observable, retained) = expected[i];
            var row = actual.Cohorts[i];
            Assert.Equal(PurchaseTable.DateOf(cohort), row.Cohort);
            Assert.Equal(size, row.Size);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(observable[k], row.Cells[k]?.Observable ?? 0);
                Assert.Equal(retained[k], row.Cells[k]?.Retained ?? 0);
            }
        }
    }

    [Fact]
    public void Repeat_OnTwoMillionRecords_UsesEveryCoreAndEqualsDuckDb()
    {
        var large = SyntheticPurchases.Generate(200_000, seed: 11);
        Assert.True(large.Count >= 2_000_000, "large enough for the parallel path");
        using var duck = new DuckDbRetention(large);
        var (customers, repeaters) = duck.Repeat();
        var repeat = PurchaseRates.Repeat(large);
        Assert.Equal(customers, repeat.Customers);
        Assert.Equal(repeaters, repeat.Repeaters);
        var retention = CohortRetention.Compute(large, new RetentionOptions { Days = [1, 7, 30] });
        var expected = duck.Retention();
        Assert.Equal(expected.Sum(r => r.Retained[2]), retention.Overall[2]!.Value.Retained);
    }

    [Fact]
    public void RepeatAndCross_EqualDuckDb()
    {
        using var duck = new DuckDbRetention(Table);
        var (customers, repeaters) = duck.Repeat();
        var repeat = PurchaseRates.Repeat(Table);
        Assert.Equal(customers, repeat.Customers);
        Assert.Equal(repeaters, repeat.Repeaters);

        var (withCategory, multi, both) = duck.Cross(SyntheticPurchases.Categories);
        var cross = PurchaseRates.Cross(Table);
        Assert.Equal(withCategory, cross.Customers);
        Assert.Equal(multi, cross.MultiCategory);
        for (var a = 0; a < SyntheticPurchases.Categories; a++)
        {
            for (var b = 0; b < SyntheticPurchases.Categories; b++)
            {
                Assert.Equal(both[a, b], cross.Both[a, b]);
            }
        }
    }

    [Fact]
    public void Rfm_EqualsDuckDb_WithTheSameTieRule()
    {
        var (table, cents) = SyntheticPurchases.GenerateWithAmounts(20_000, seed: 7);
        var amounts = cents.Select(c => c / 100m).ToArray();
        using var duck = new DuckDbRetention(table, amounts);
        var asOf = table.Days.Max();
        var expected = duck.Rfm(asOf, 5);
        var actual = RfmAnalysis.Compute(table, amounts);
        Assert.Equal(expected.Count, actual.Customers.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (customer, recency, frequency, monetary, r, f, m) = expected[i];
            var mine = actual.Customers[i];
            Assert.Equal((customer, recency, (int)frequency, monetary, r, f, m), (mine.Customer, mine.RecencyDays, mine.Frequency, mine.Monetary, mine.R, mine.F, mine.M));
        }
    }

    [Fact]
    public void Leaderboard_EqualsDuckDbRankWindow()
    {
        var benchmark = new LeaderboardBenchmarks { Members = 20_000 };
        benchmark.Setup();
        try
        {
            var (duckTop, duckRank) = benchmark.DuckDbRankWindow();
            var (top, rank) = benchmark.SdkLeaderboard();
            Assert.Equal(100, top.Count);
            Assert.Equal(duckTop, top.Select(r => (r.MemberId.Value, r.Points, (long)r.Rank)));
            Assert.Equal(duckRank, rank!.Value.Rank);
            Assert.True(top.Select(r => r.Rank).Distinct().Count() < 100, "the data has ties in the top 100");
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    [Fact]
    public void SqliteLeaderboard_EqualsTheHandWrittenSql()
    {
        var benchmark = new SqliteLeaderboardBenchmarks { Members = 3_000 };
        benchmark.Setup();
        try
        {
            var (sqlTop, sqlRank) = benchmark.HandWrittenSql();
            var (top, rank) = benchmark.SdkLeaderboard();
            Assert.Equal(100, top.Count);
            Assert.Equal(sqlTop, top.Select(r => (r.MemberId.Value, r.Points)));
            Assert.Equal(sqlRank, rank!.Value.Rank);
            Assert.True(top[^1].Points < top[0].Points);
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    /// <summary>
    /// The end-to-end race compares like with like: on a raw export written as the benchmark writes it (guest rows,
    /// cancellations), the loyalty tool and DuckDB's read_csv with the same SQL give the same cohorts.
    /// </summary>
    [Fact]
    public void ExportRetention_ToolEqualsDuckDb()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"loyalty-export-agreement-{System.Guid.NewGuid():N}.csv");
        try
        {
            var rows = Loyalty.Sdk.Benchmarks.Export.SyntheticExport.Write(path, 20_000, seed: 3);
            Assert.InRange(rows / 20_000d, 10, 16);
            var lines = System.IO.File.ReadLines(path).Skip(1).ToList();
            Assert.Contains(lines, l => l.StartsWith('C'));
            Assert.Contains(lines, l => l.Split(',')[5].Length == 0);
            var duck = Loyalty.Sdk.Benchmarks.Export.ExportRetention.DuckDb(path);
            var tool = Loyalty.Sdk.Benchmarks.Export.ExportRetention.Tool(path);
            Assert.Null(Loyalty.Sdk.Benchmarks.Export.ExportRetention.Difference(duck, tool));
            Assert.True(duck.Count > 300 && duck.Sum(c => c.Retained[2]) > 0, $"{duck.Count} cohorts");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
