using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Testing;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>Provider errors reach callers as typed <see cref="LedgerStoreException"/>s, the busy timeout is the wait, and old databases migrate.</summary>
/// <remarks>
/// Run alone: SQLite's busy handler counts nominal sleeps, so the wall-clock wait these tests measure stretches when
/// the crash-safety writers of the same assembly load both cores at once.
/// </remarks>
[Collection(SqliteTimingCollection.Name)]
public sealed class SqliteFailureTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HeldWriteLock_FailsAfterTheBusyTimeout_AsBusyAndNothingWritten(int seconds)
    {
        using var store = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = _database.Path, BusyTimeout = TimeSpan.FromSeconds(seconds) });
        var engine = Engine(store);
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("a"), "signup", Points.FromInt64(10)));

        // Another process's writer holds the lock (Microsoft.Data.Sqlite would otherwise retry for its own 30 s).
        using var other = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        other.Open();
        using var hold = other.BeginTransaction(deferred: false);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LedgerStoreException>(async () =>
            await engine.ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("b"), "signup", Points.FromInt64(5))));
        var waited = clock.Elapsed;

        Assert.Equal(LedgerStoreFailure.Busy, error.Failure);
        Assert.False(error.MayHaveCommitted);
        Assert.IsType<SqliteException>(error.InnerException);
        // SQLite's busy handler counts its nominal sleeps, so a loaded machine stretches the wall-clock wait; the
        // bound that matters is "the timeout, not twice it" (the bug this guards against waited both timeouts).
        Assert.InRange(waited.TotalSeconds, seconds - 0.1, Math.Max(seconds + 1.5, seconds * 2 - 0.05));

        hold.Rollback();
        Assert.Equal(Points.FromInt64(10), (await engine.GetBalanceAsync(member)).Total);
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("b"), "signup", Points.FromInt64(5)))).Outcome);
    }

    [Fact]
    public async Task WriteLockReleasedWithinTheTimeout_TheCommandWaitsAndCommits()
    {
        using var store = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = _database.Path, BusyTimeout = TimeSpan.FromSeconds(10) });
        var engine = Engine(store);
        using var other = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        other.Open();
        var hold = other.BeginTransaction(deferred: false);
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            hold.Rollback();
            hold.Dispose();
        });

        var result = await engine.ExecuteAsync(new EarnActivityCommand(MemberId.From("m-1"), IdempotencyKey.From("a"), "signup", Points.FromInt64(10)));
        await release;
        Assert.Equal(LedgerOutcome.Committed, result.Outcome);
    }

    [Fact]
    public void Options_NegativeOrHugeBusyTimeout_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = _database.Path, BusyTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = _database.Path, BusyTimeout = TimeSpan.FromDays(2) }));
    }

    [Fact]
    public async Task Open_Version3Database_ScopesItsIdempotencyKeysToTheirMembers()
    {
        // A database as schema version 3 left it: keys unique per program. Made by taking the version-4 golden file
        // back (version 4 changed nothing else), then opened by today's code, which migrates it through every version.
        File.Copy(StorageGolden.PathOf("sqlite-v4.db"), _database.Path, overwrite: true);
        Execute(
            "CREATE TABLE idempotency_v3 (program_id TEXT NOT NULL, key TEXT NOT NULL, member_id TEXT NOT NULL, fingerprint BLOB NOT NULL, " +
            "first_sequence INTEGER NOT NULL, last_sequence INTEGER NOT NULL, version INTEGER NOT NULL, balance_as_of INTEGER NOT NULL, " +
            "balance_total INTEGER NOT NULL, balance_available INTEGER NOT NULL, balance_pending INTEGER NOT NULL, balance_debt INTEGER NOT NULL, " +
            "recorded_at INTEGER NOT NULL, PRIMARY KEY (program_id, key)) WITHOUT ROWID;" +
            "INSERT INTO idempotency_v3 SELECT program_id, key, member_id, fingerprint, first_sequence, last_sequence, version, balance_as_of, " +
            "balance_total, balance_available, balance_pending, balance_debt, recorded_at FROM idempotency;" +
            "DROP TABLE idempotency; ALTER TABLE idempotency_v3 RENAME TO idempotency; UPDATE schema_info SET version = 3;");
        var total = (long)Scalar("SELECT balance_total FROM idempotency WHERE member_id = 'ana' AND key = 'k-2'")!;

        using (var migrated = SqliteLedgerStore.Open(_database.Path))
        {
            Assert.Equal(SqliteLedgerStore.LatestSchemaVersion, migrated.SchemaVersion);
            var program = StorageGolden.Program();
            var record = await migrated.FindIdempotencyRecordAsync(program.Id, MemberId.From("ana"), IdempotencyKey.From("k-2"));
            Assert.Equal(total, record!.Balance.Total.Value);

            // Every old command replays and the ledger goes on (ana's "k-2" is replayed there) ...
            await StorageGolden.ContinueAsync(migrated);

            // ... and another member's command with the same key is now a command of its own.
            var engine = new LoyaltyEngine(program, migrated, new FakeClock(StorageGolden.ReadAt));
            var other = new EarnCommand(MemberId.From("m-2"), IdempotencyKey.From("k-2"), "o-1", StorageGolden.Start, [new PurchaseLine("1", "sku", "books", 1, Money.Of(10m, "EUR"))]);
            Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(other)).Outcome);
            Assert.False((await engine.GetBalanceAsync(MemberId.From("m-2"))).Total.IsZero);
        }

        Assert.Contains("PRIMARY KEY (account, key)", (string)Scalar("SELECT sql FROM sqlite_master WHERE name = 'idempotency'")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_OverEntriesWrittenPastTheBounds_SumsWithoutOverflow()
    {
        // Rows another tool (or a version without bounds) wrote: SQLite's 64-bit SUM overflows on them.
        using var store = SqliteLedgerStore.Open(_database.Path);
        var engine = Engine(store);
        await engine.ExecuteAsync(new EarnActivityCommand(MemberId.From("small"), IdempotencyKey.From("a"), "signup", Points.FromInt64(10)));
        var at = SqliteDialect.ToColumn(Start);
        Execute(
            "INSERT INTO accounts (program, member_id, id, version, last_sequence, debt) SELECT id, 'huge', 1000, 2, 2, 0 FROM programs WHERE program_id = 'shop';" +
            "INSERT INTO entries (account, sequence, program, kind, amount, at, recorded_at, command_key, movements, debt_change, written_off) " +
            $"SELECT 1000, 1, id, 0, 6000000000000000000, {at}, {at}, 'x1', '', 0, 0 FROM programs WHERE program_id = 'shop' UNION ALL " +
            $"SELECT 1000, 2, id, 0, 6000000000000000000, {at}, {at}, 'x2', '', 0, 0 FROM programs WHERE program_id = 'shop'");

        var board = await engine.Reports.GetLeaderboardAsync(new DateInterval(new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31)));
        Assert.Equal(long.MaxValue, board.Top(1)[0].Points);
        Assert.Equal("huge", board.Top(1)[0].MemberId.Value);
        Assert.Equal(2, board.Count);
    }

    private static LoyaltyEngine Engine(SqliteLedgerStore store) => new(
        new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR" }.Build(), store, new FakeClock(Start));

    private object? Scalar(string sql) => _database.Scalar(sql);

    private void Execute(string sql) => _database.Execute(sql);
}
