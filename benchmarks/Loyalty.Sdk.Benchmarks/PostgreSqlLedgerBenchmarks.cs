using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.PostgreSql;
using NodaTime;
using Npgsql;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// Earns per second with 16 concurrent clients on <see cref="PostgreSqlLedgerStore"/>, against the floor: a raw
/// one-row insert transaction with 16 clients on the same server. Needs LOYALTY_POSTGRES (bash .ci/postgres.sh
/// starts a server); each run uses a schema of its own. Both sides run with Npgsql's multiplexing off and on.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class PostgreSqlLedgerBenchmarks
{
    private const int Clients = 16;
    private const int Commands = 1_600;
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private string _connectionString = null!;
    private string _schema = null!;
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyEngine _engine = null!;
    private NpgsqlDataSource _raw = null!;
    private EarnCommand[] _earns = null!;
    private int _iteration;

    /// <summary>Gets or sets whether Npgsql multiplexes commands over its connections (both sides alike).</summary>
    [Params(false, true)]
    public bool Multiplexing { get; set; }

    /// <summary>
    /// Gets or sets how many accounts the store holds as it last committed them (0: none, every earn reads its account
    /// first; 10,000: each of the 400 members' earns after its first is decided without that read).
    /// </summary>
    [Params(0, 10_000)]
    public int CachedAccounts { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        (var server, _schema) = PostgreSqlBenchmarkSchema.Create();

        _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema, MaxPoolSize = 64, Multiplexing = Multiplexing }.ConnectionString;
        _store = PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = _connectionString, CachedAccounts = CachedAccounts }).GetAwaiter().GetResult();
        _engine = new LoyaltyEngine(new LoyaltyProgramBuilder { Id = "bench", BaseCurrency = "EUR", PendingDays = 14 }.Build(), _store, new FixedClock(Now));
        _raw = NpgsqlDataSource.Create(_connectionString);
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _iteration++;
        _earns = new EarnCommand[Commands];
        for (var i = 0; i < Commands; i++)
        {
            var member = MemberId.From($"member-{i % 400}");
            _earns[i] = new EarnCommand(member, IdempotencyKey.From($"{_iteration}:{i}"), $"order-{_iteration}-{i}", Now, [
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

    /// <summary>The floor: 16 clients, each running BEGIN; one INSERT; COMMIT.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Commands)]
    public Task RawInsertTransaction16Clients() => Parallel.ForEachAsync(Enumerable.Range(0, Commands), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (i, ct) =>
    {
        await using var connection = await _raw.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = new NpgsqlCommand("INSERT INTO raw (member, points) VALUES ($1, $2)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = $"member-{i % 400}" });
        insert.Parameters.Add(new NpgsqlParameter { Value = 39L });
        await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    });

    /// <summary>Durable earns from 16 clients: load (unless held), decide, one batched transaction per command.</summary>
    [Benchmark(OperationsPerInvoke = Commands)]
    public Task Earn16Clients() => Parallel.ForEachAsync(Enumerable.Range(0, Commands), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (i, ct) =>
    {
        var result = await _engine.ExecuteAsync(_earns[i], ct);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.ToString());
        }
    });
}
