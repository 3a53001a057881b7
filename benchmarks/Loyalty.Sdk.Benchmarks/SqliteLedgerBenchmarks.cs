using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// One durable earn per transaction through the engine on <see cref="SqliteLedgerStore"/>, against the floor: a raw
/// one-row insert transaction (BEGIN IMMEDIATE; INSERT; COMMIT) with the same pragmas on the same file system.
/// Both sides are measured with synchronous=FULL (the store's default) and NORMAL. The bulk category imports 1,000
/// earns per transaction (<see cref="LoyaltyEngine.ImportAsync"/>) against 1,000 raw inserts per transaction.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SqliteLedgerBenchmarks
{
    private const int Commands = 1_000;
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private string _folder = null!;
    private SqliteLedgerStore _store = null!;
    private LoyaltyEngine _engine = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _insert = null!;
    private EarnCommand[] _earns = null!;
    private int _iteration;

    [Params(SqliteDurability.Full, SqliteDurability.Normal)]
    public SqliteDurability Durability { get; set; }

    /// <summary>
    /// Gets or sets how many accounts the store holds as it last committed them (0: every earn reads its account
    /// first; 10,000: each of the 200 members' earns after its first is decided without that read).
    /// </summary>
    [Params(0, 10_000)]
    public int CachedAccounts { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "loyalty-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _store = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = Path.Combine(_folder, "ledger.db"), Durability = Durability, CachedAccounts = CachedAccounts });
        _engine = new LoyaltyEngine(new LoyaltyProgramBuilder { Id = "bench", BaseCurrency = "EUR", PendingDays = 14 }.Build(), _store, new FixedClock(Now));

        _raw = new SqliteConnection($"Data Source={Path.Combine(_folder, "raw.db")};Pooling=False");
        _raw.Open();
        using (var setup = _raw.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = " + (Durability == SqliteDurability.Full ? "FULL" : "NORMAL") +
                "; PRAGMA busy_timeout = 10000; CREATE TABLE raw (id INTEGER PRIMARY KEY, member TEXT NOT NULL, points INTEGER NOT NULL)";
            setup.ExecuteNonQuery();
        }

        _insert = _raw.CreateCommand();
        _insert.CommandText = "INSERT INTO raw (member, points) VALUES ($m, $p)";
        _insert.Parameters.Add("$m", SqliteType.Text);
        _insert.Parameters.Add("$p", SqliteType.Integer);
        _insert.Prepare();
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _iteration++;
        _earns = new EarnCommand[Commands];
        for (var i = 0; i < Commands; i++)
        {
            var member = MemberId.From($"member-{i % 200}");
            _earns[i] = new EarnCommand(member, IdempotencyKey.From($"{_iteration}:{i}"), $"order-{_iteration}-{i}", Now, [
                new PurchaseLine("1", "SKU-1", "books", 2, Money.Of(19.99m, "EUR")),
            ]);
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _insert.Dispose();
        _raw.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The floor: BEGIN IMMEDIATE; one INSERT; COMMIT.</summary>
    [BenchmarkCategory("one per transaction")]
    [Benchmark(Baseline = true, OperationsPerInvoke = Commands)]
    public void RawInsertTransaction()
    {
        for (var i = 0; i < Commands; i++)
        {
            using var transaction = _raw.BeginTransaction(deferred: false);
            _insert.Transaction = transaction;
            _insert.Parameters[0].Value = "member";
            _insert.Parameters[1].Value = 39L;
            _insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>A durable earn: key check, load, decide, and one IMMEDIATE transaction with every row of the command.</summary>
    [BenchmarkCategory("one per transaction")]
    [Benchmark(OperationsPerInvoke = Commands)]
    public void Earn()
    {
        for (var i = 0; i < Commands; i++)
        {
            _engine.ExecuteAsync(_earns[i]).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The bulk floor: 1,000 raw one-row inserts in one transaction.</summary>
    [BenchmarkCategory("bulk, 1,000 per transaction")]
    [Benchmark(Baseline = true, OperationsPerInvoke = Commands)]
    public void RawBulkInsert()
    {
        using var transaction = _raw.BeginTransaction(deferred: false);
        _insert.Transaction = transaction;
        for (var i = 0; i < Commands; i++)
        {
            _insert.Parameters[0].Value = "member";
            _insert.Parameters[1].Value = 39L;
            _insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Bulk import: 1,000 earns decided in order and committed in one transaction.</summary>
    [BenchmarkCategory("bulk, 1,000 per transaction")]
    [Benchmark(OperationsPerInvoke = Commands)]
    public void ImportEarns() => _engine.ImportAsync(_earns).AsTask().GetAwaiter().GetResult();
}
