using System;
using System.IO;
using BenchmarkDotNet.Running;
using Loyalty.Sdk.Benchmarks;

// Run all:      dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*'
// Run one:      dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*LedgerCommand*'
// Scale curve:  LOYALTY_SCALE_MEMBERS=10000,100000,1000000 dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ScaleCurve*'
//               then: dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- scale-report
var artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts");
if (Environment.GetEnvironmentVariable("LOYALTY_SCALE_DIR") is null)
{
    // The benchmark processes BenchmarkDotNet starts inherit this: the built ledgers are kept beside the reports.
    Environment.SetEnvironmentVariable("LOYALTY_SCALE_DIR", Path.Combine(artifacts, "scale"));
}

if (args is ["scale-report", ..])
{
    var sizes = Environment.GetEnvironmentVariable("LOYALTY_SCALE_MEMBERS") ?? "10000,100000,1000000";
    ScaleReport.Write(artifacts, Path.GetFullPath(Path.Combine("benchmarks", "results")), $"LOYALTY_SCALE_MEMBERS={sizes} dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*ScaleCurve*'");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
