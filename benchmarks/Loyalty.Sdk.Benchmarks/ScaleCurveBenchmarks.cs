using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using NodaTime;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// The scale curve: one SQLite file and one PostgreSQL database grown to each size (members with ten entries each,
/// built through the import), and at each size one earn, one redeem, one balance as of a past instant, one
/// statement, the daily expiry run (over the accounts due that day: a 36th of the members), the liability report, a
/// leaderboard month, and the bytes on disk. Per-member commands should stay flat; the job and the reports should
/// grow with the work they do.
/// </summary>
/// <remarks>
/// Sizes come from LOYALTY_SCALE_MEMBERS (the curve is 10000,100000,1000000; the default is 10000 alone, so that
/// <c>--filter *</c> stays short) and stores from LOYALTY_SCALE_STORES (default sqlite, plus postgresql when
/// LOYALTY_POSTGRES is set). Each size is built once and kept (see <see cref="ScaleLedger.OpenOrBuildAsync"/>); its
/// build (import rate, entries, bytes) is appended to BenchmarkDotNet.Artifacts/scale/scale-build.csv, and
/// <c>-- scale-report</c> turns that and BenchmarkDotNet's CSV into benchmarks/results/ScaleCurve.md and .svg.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScaleCurveBenchmarks
{
    private const int PerInvoke = 50;
    private ScaleLedger _ledger = null!;
    private Random _random = null!;
    private int _day;

    public static IEnumerable<int> Sizes =>
        (Environment.GetEnvironmentVariable("LOYALTY_SCALE_MEMBERS") ?? "10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));

    public static IEnumerable<string> Stores =>
        Environment.GetEnvironmentVariable("LOYALTY_SCALE_STORES")?.Split(',')
        ?? (Environment.GetEnvironmentVariable("LOYALTY_POSTGRES") is null ? ["sqlite"] : ["sqlite", "postgresql"]);

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    [ParamsSource(nameof(Sizes))]
    public int Members { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _ledger = ScaleLedger.OpenOrBuildAsync(Store, Members, Path.Combine(ScaleLedger.Folder, "cache")).GetAwaiter().GetResult().Ledger;
        _random = new Random(42);
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public void Earn()
    {
        for (var i = 0; i < PerInvoke; i++)
        {
            _ledger.EarnAsync(_random.Next(Members)).AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public void Redeem()
    {
        for (var i = 0; i < PerInvoke; i++)
        {
            _ledger.RedeemAsync(_random.Next(Members)).AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public void BalanceAsOfPastInstant()
    {
        for (var i = 0; i < PerInvoke; i++)
        {
            _ledger.Engine.GetBalanceAsync(ScaleLedger.Member(_random.Next(Members)), ScaleLedger.End - Duration.FromDays(100)).AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public void Statement()
    {
        for (var i = 0; i < PerInvoke; i++)
        {
            _ledger.Engine.Reports.GetStatementAsync(ScaleLedger.Member(_random.Next(Members)), ScaleLedger.End - Duration.FromDays(365), ScaleLedger.End).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The daily run of one more day: the expiry of the lots (and any tier reviews) due that day.</summary>
    [IterationSetup(Target = nameof(DailyExpiryRun))]
    public void NextDay() => _ledger.Clock.Reset(ScaleLedger.End + Duration.FromDays(++_day));

    [Benchmark]
    public void DailyExpiryRun() => _ledger.Engine.Jobs.RunExpiryAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public void Liability() => _ledger.Engine.Reports.GetLiabilityAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public void LeaderboardMonth()
    {
        var month = ScaleLedger.End.InUtc().Date.PlusMonths(-2);
        _ledger.Engine.Reports.GetLeaderboardAsync(new DateInterval(month, month.PlusMonths(1).PlusDays(-1))).AsTask().GetAwaiter().GetResult();
    }
}
