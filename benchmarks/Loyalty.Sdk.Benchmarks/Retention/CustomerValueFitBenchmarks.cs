using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Value;

namespace Loyalty.Sdk.Benchmarks.Retention;

/// <summary>
/// Issue 17's goal of fitting Pareto/NBD and Gamma-Gamma on CDNOW in under 50 ms each, beside the BG/NBD fit (the
/// baseline, measured in the same run) and the modified BG/NBD. Each fit starts from scratch on the 2,357-customer
/// calibration summary. Run: <c>dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*CustomerValueFit*'</c>.
/// </summary>
[MemoryDiagnoser]
public class CustomerValueFitBenchmarks
{
    private CustomerSummary[] _summary = null!;
    private SpendSummary[] _spend = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "shared", "data", "cdnow", "cdnow_customers_summary_with_transactions.csv")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new FileNotFoundException("shared/data/cdnow not found beside the repository"), "shared", "data", "cdnow", "cdnow_customers_summary_with_transactions.csv");
        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        _summary = [.. rows.Select(f => new CustomerSummary(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))];
        _spend = [.. rows.Select(f => new SpendSummary(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture)))];
    }

    [Benchmark(Baseline = true)]
    public BgNbdModel BgNbd() => BgNbdModel.Fit(_summary);

    [Benchmark]
    public ParetoNbdModel ParetoNbd() => ParetoNbdModel.Fit(_summary);

    [Benchmark]
    public GammaGammaModel GammaGamma() => GammaGammaModel.Fit(_spend);

    [Benchmark]
    public ModifiedBgNbdModel ModifiedBgNbd() => ModifiedBgNbdModel.Fit(_summary);
}
