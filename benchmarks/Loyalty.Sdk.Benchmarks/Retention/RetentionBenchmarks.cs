using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Benchmarks.Retention;

/// <summary>
/// Retention analytics on a synthetic year (1M customers, about 10M purchases) against DuckDB computing the same
/// answers in the same process (with all its threads), with the data loaded before timing. Run:
/// <c>dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*RetentionBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class RetentionBenchmarks
{
    private static readonly RetentionOptions D1D7D30 = new() { Days = [1, 7, 30] };
    private static readonly RetentionOptions D1D7D30OneThread = new() { Days = [1, 7, 30], MaxDegreeOfParallelism = 1 };
    private PurchaseTable _table = null!;
    private DuckDbRetention _duck = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = SyntheticPurchases.Generate(Customers);
        System.Console.WriteLine($"// synthetic data: {_table.Count:N0} records, {_table.OrderCount:N0} orders, {_table.CustomerCount:N0} customers");
        _duck = new DuckDbRetention(_table);
    }

    [GlobalCleanup]
    public void Cleanup() => _duck.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("retention")]
    public object DuckDbDailyCohortsD1D7D30() => _duck.Retention();

    [Benchmark, BenchmarkCategory("retention")]
    public object SdkDailyCohortsD1D7D30() => CohortRetention.Compute(_table, D1D7D30);

    [Benchmark, BenchmarkCategory("retention")]
    public object SdkDailyCohortsD1D7D30OneThread() => CohortRetention.Compute(_table, D1D7D30OneThread);

    [Benchmark(Baseline = true), BenchmarkCategory("repeat")]
    public object DuckDbRepeatRate() => _duck.Repeat();

    [Benchmark, BenchmarkCategory("repeat")]
    public object SdkRepeatRate() => PurchaseRates.Repeat(_table);

    [Benchmark(Baseline = true), BenchmarkCategory("cross")]
    public object DuckDbCrossPurchaseMatrix() => _duck.Cross(SyntheticPurchases.Categories);

    [Benchmark, BenchmarkCategory("cross")]
    public object SdkCrossPurchaseMatrix() => PurchaseRates.Cross(_table);
}
