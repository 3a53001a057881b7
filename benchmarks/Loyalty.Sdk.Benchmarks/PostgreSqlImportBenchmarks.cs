using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.PostgreSql;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// Bulk import on <see cref="PostgreSqlLedgerStore"/>: 1,000 earns (200 members, five orders each) decided in order
/// and committed in one transaction through <see cref="LoyaltyEngine.ImportAsync"/>, against the floor: a binary COPY
/// of 1,000 one-row earns (member, points) in one transaction on the same server. Needs LOYALTY_POSTGRES; each run
/// uses a schema of its own.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class PostgreSqlImportBenchmarks
{
    private const int Commands = 1_000;
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private string _schema = null!;
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyEngine _engine = null!;
    private NpgsqlDataSource _raw = null!;
    private EarnCommand[] _earns = null!;
    private int _iteration;

    [GlobalSetup]
    public void GlobalSetup()
    {
        (var server, _schema) = PostgreSqlBenchmarkSchema.Create();

        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ConnectionString;
        _store = PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }).GetAwaiter().GetResult();
        _engine = new LoyaltyEngine(new LoyaltyProgramBuilder { Id = "bench", BaseCurrency = "EUR", PendingDays = 14 }.Build(), _store, new FixedClock(Now));
        _raw = NpgsqlDataSource.Create(connectionString);
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _iteration++;
        _earns = new EarnCommand[Commands];
        for (var i = 0; i < Commands; i++)
        {
            _earns[i] = new EarnCommand(MemberId.From($"member-{i % 200}"), IdempotencyKey.From($"{_iteration}:{i}"), $"order-{_iteration}-{i}", Now, [
                new PurchaseLine("1", "SKU-1", "books", 2, Money.Of(19.99m, "EUR")),
            ]);
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _store.Dispose();
        _raw.Dispose();
        PostgreSqlBenchmarkSchema.Drop(_schema);
    }

    /// <summary>The floor: BEGIN; a binary COPY of 1,000 one-row earns; COMMIT.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Commands)]
    public async Task RawCopy()
    {
        await using var connection = await _raw.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY raw (member, points) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Commands; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync($"member-{i % 200}", NpgsqlDbType.Text);
                await copy.WriteAsync(39L, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Bulk import: 1,000 earns in one set-based load, decided in order, committed in one transaction.</summary>
    [Benchmark(OperationsPerInvoke = Commands)]
    public async Task ImportEarns()
    {
        var results = await _engine.ImportAsync(_earns);
        if (!results[^1].IsSuccess)
        {
            throw new InvalidOperationException(results[^1].ToString());
        }
    }
}
