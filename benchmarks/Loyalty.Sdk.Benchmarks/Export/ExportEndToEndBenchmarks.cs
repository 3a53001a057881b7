using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Loyalty.Sdk.Benchmarks.Export;

/// <summary>
/// Issue 16's end-to-end race: from a raw 10-million-row CSV export to exact D1/D7/D30 retention by daily cohort
/// (parse, drop guest rows and <c>C</c> cancellations, compute), the <c>loyalty</c> tool (in this process, as
/// <c>loyalty retention …</c>, JSON written) against DuckDB (<c>read_csv</c> and the same definitions in SQL, all its
/// threads). The setup writes the export once (kept in the temp folder) and checks that both give the same cohorts.
/// Peak memory is measured apart, one fresh process per run (<c>export-peak tool|duckdb</c>), since a process's
/// high-water mark cannot be reset between BenchmarkDotNet's iterations.
/// Run: <c>dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ExportEndToEnd*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ExportEndToEndBenchmarks
{
    /// <summary>About 787,000 customers make about 10 million rows.</summary>
    public const int Customers = 787_000;

    private string _path = null!;

    /// <summary>The export's path, written on first use (deterministic, so kept between runs).</summary>
    public static string ExportPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-synthetic-export-{Customers}.csv");
        if (!File.Exists(path))
        {
            var partial = path + ".partial";
            var rows = SyntheticExport.Write(partial, Customers);
            File.Move(partial, path, overwrite: true);
            Console.WriteLine($"// wrote {path}: {rows:N0} rows, {new FileInfo(path).Length / 1e6:N0} MB");
        }

        return path;
    }

    [GlobalSetup]
    public void Setup()
    {
        _path = ExportPath();
        var difference = ExportRetention.Difference(ExportRetention.DuckDb(_path), ExportRetention.Tool(_path));
        if (difference is not null)
        {
            throw new InvalidOperationException("The tool and DuckDB disagree: " + difference);
        }

        Console.WriteLine($"// {_path} ({new FileInfo(_path).Length / 1e6:N0} MB): the tool and DuckDB agree on every cohort");
    }

    [Benchmark(Baseline = true)]
    public object DuckDbReadCsvAndSql() => ExportRetention.DuckDb(_path);

    [Benchmark]
    public object LoyaltyRetentionCommand() => ExportRetention.Tool(_path);
}
