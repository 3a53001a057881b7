using BenchmarkDotNet.Running;

// Run all:      dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*'
// Run one:      dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*LedgerCommand*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
