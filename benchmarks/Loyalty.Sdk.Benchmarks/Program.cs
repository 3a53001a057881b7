using System;
using System.IO;
using BenchmarkDotNet.Running;
using Loyalty.Sdk.Benchmarks;

// Run all:      dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*'
// Run one:      dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*LedgerCommand*'
// Export:       dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ExportEndToEnd*'
//               and the peak memory of one run per fresh process: ... -- export-peak tool (or duckdb)
// Recommend:    ... -- --filter '*ItemSimilarity*' (against DuckDB), --filter '*RecommendationScoring*', and recommend-peak
// Scale curve:  LOYALTY_SCALE_MEMBERS=10000,100000,1000000 dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ScaleCurve*'
//               then: dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- scale-report
// One build:    dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- scale-build sqlite 100000
//               (prints store, members, entries, imports/s and bytes on disk)
var artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts");
if (Environment.GetEnvironmentVariable("LOYALTY_SCALE_DIR") is null)
{
    // The benchmark processes BenchmarkDotNet starts inherit this: the built ledgers are kept beside the reports.
    Environment.SetEnvironmentVariable("LOYALTY_SCALE_DIR", Path.Combine(artifacts, "scale"));
}

if (args is ["export-peak", var side, ..])
{
    // One end-to-end run on the synthetic export in this fresh process, then its peak resident memory: export-peak tool|duckdb.
    var path = Loyalty.Sdk.Benchmarks.Export.ExportEndToEndBenchmarks.ExportPath();
    var started = System.Diagnostics.Stopwatch.StartNew();
    var rows = side == "tool" ? Loyalty.Sdk.Benchmarks.Export.ExportRetention.Tool(path) : Loyalty.Sdk.Benchmarks.Export.ExportRetention.DuckDb(path);
    Console.WriteLine($"{side}: {rows.Count} cohorts in {started.Elapsed.TotalSeconds:0.00} s, peak resident {Loyalty.Sdk.Benchmarks.Export.ExportRetention.PeakResidentBytes() / 1e6:0} MB");
    return;
}

if (args is ["recommend-peak", ..])
{
    // Peak resident memory of scoring 1,000,000 members' recommendations, in this fresh process.
    Loyalty.Sdk.Benchmarks.Recommendations.RecommendationScoringBenchmarks.Peak();
    return;
}

if (args is ["export-parts", ..])
{
    Loyalty.Sdk.Benchmarks.Export.ExportParts.Run(Loyalty.Sdk.Benchmarks.Export.ExportEndToEndBenchmarks.ExportPath());
    return;
}

if (args is ["scale-report", ..])
{
    var sizes = Environment.GetEnvironmentVariable("LOYALTY_SCALE_MEMBERS") ?? "10000,100000,1000000";
    ScaleReport.Write(artifacts, Path.GetFullPath(Path.Combine("benchmarks", "results")), $"LOYALTY_SCALE_MEMBERS={sizes} dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ScaleCurve*'");
    return;
}

if (args is ["scale-build", var store, var members, ..])
{
    // Builds one scale ledger (timing the import) and reports its size, without the benchmarks: scale-build sqlite
    // 10000 [folder]. With a folder, SQLite's built file is kept there (sqlite-10000.db) for inspection.
    var keep = args.Length > 3 ? Path.GetFullPath(args[3]) : null;
    var cache = keep ?? Path.Combine(Path.GetTempPath(), "loyalty-scale-build-" + Guid.NewGuid().ToString("N"));
    var (ledger, _) = await ScaleLedger.OpenOrBuildAsync(store, int.Parse(members, System.Globalization.CultureInfo.InvariantCulture), cache);
    await ledger.DisposeAsync();
    if (keep is null && Directory.Exists(cache))
    {
        Directory.Delete(cache, recursive: true);
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
