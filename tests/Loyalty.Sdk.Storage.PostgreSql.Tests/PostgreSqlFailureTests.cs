using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// Npgsql's errors reach callers as typed <see cref="LedgerStoreException"/>s that say whether the command may have
/// committed, on a real server: a statement timeout, a connection the server terminates mid-commit, an old schema.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlFailureTests
{
    private static readonly MemberId Member = MemberId.From("m-1");

    [SkippableFact]
    public async Task StatementTimeout_WhileAnotherTransactionHoldsTheAccount_IsATypedTimeoutAndNothingCommitted()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString, StatementTimeout = TimeSpan.FromSeconds(1) });
            var engine = Engine(store);
            await engine.ExecuteAsync(Earn("a", 10));

            await using var locker = new NpgsqlConnection(connectionString);
            var hold = await HoldAccountAsync(locker);

            var error = await Assert.ThrowsAsync<LedgerStoreException>(async () => await engine.ExecuteAsync(Earn("b", 5)));
            Assert.Equal(LedgerStoreFailure.Timeout, error.Failure);
            Assert.False(error.MayHaveCommitted);
            Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);

            await hold.RollbackAsync();
            Assert.Equal(Points.FromInt64(10), (await engine.GetBalanceAsync(Member)).Total);
            Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Earn("b", 5))).Outcome);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task ConnectionTerminatedMidCommit_IsATypedConnectionLoss_AndTheSameKeyCommitsExactlyOnce()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        var application = "loyalty-kill-" + Guid.NewGuid().ToString("N")[..12];
        var storeConnection = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = application }.ConnectionString;
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = storeConnection });
            var engine = Engine(store);
            await engine.ExecuteAsync(Earn("a", 10));

            await using var locker = new NpgsqlConnection(connectionString);
            var hold = await HoldAccountAsync(locker);

            // The commit waits on the row lock; the server's administrator terminates its connection (as a restart would).
            var pending = engine.ExecuteAsync(Earn("b", 5)).AsTask();
            Assert.True(await OnLockWaitersAsync(connectionString, application, "count(pg_terminate_backend(pid))"), "the commit never waited on the lock");
            var error = await Assert.ThrowsAsync<LedgerStoreException>(() => pending);
            Assert.Equal(LedgerStoreFailure.ConnectionLost, error.Failure);
            await hold.RollbackAsync();
            await AssertTheSameKeyAppliesOnceAsync(engine, error);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task ConnectionBrokenAfterTheCommitWasSent_MayHaveCommitted_AndTheSameKeyTellsWhichOnce()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        await using var proxy = await LoopbackProxy.StartAsync(server.Host!, server.Port);
        var application = "loyalty-cut-" + Guid.NewGuid().ToString("N")[..12];
        var throughProxy = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port, ApplicationName = application }.ConnectionString;
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = throughProxy });
            var engine = Engine(store);
            await engine.ExecuteAsync(Earn("a", 10));

            await using var locker = new NpgsqlConnection(connectionString);
            var hold = await HoldAccountAsync(locker);

            // The whole batch, COMMIT included, is on the server, waiting on the lock; then the network between the
            // app and the server breaks (the app's side of the proxy is cut), so the app never hears the answer.
            var pending = engine.ExecuteAsync(Earn("b", 5)).AsTask();
            Assert.True(await OnLockWaitersAsync(connectionString, application, "count(*)"), "the commit never waited on the lock");
            proxy.CutClients();
            var error = await Assert.ThrowsAsync<LedgerStoreException>(() => pending);
            Assert.Equal(LedgerStoreFailure.ConnectionLost, error.Failure);
            Assert.True(error.MayHaveCommitted);

            // The server goes on with the batch once the lock is released; the app cannot know whether it committed.
            await hold.RollbackAsync();
            await AssertTheSameKeyAppliesOnceAsync(engine, error);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task UnreachableServer_AtStartUp_IsUnavailable()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        await PostgresServer.DropSchemaAsync(connectionString);
        var nowhere = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = 1, Timeout = 2 }.ConnectionString;
        var error = await Assert.ThrowsAsync<LedgerStoreException>(async () => await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = nowhere }));
        Assert.Equal(LedgerStoreFailure.Unavailable, error.Failure);
        Assert.False(error.MayHaveCommitted);
    }

    [SkippableFact]
    public async Task Open_Version3Schema_ScopesItsIdempotencyKeysToTheirMembers()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            var order = Earn("order:9001:earn", 20);
            await using (var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }))
            {
                await Engine(store).ExecuteAsync(order);
            }

            // Back to schema version 3: keys unique per program (and, as before version 5, accrual lines in rows of their own).
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var back = new NpgsqlCommand(
                    "ALTER TABLE loyalty_idempotency DROP CONSTRAINT loyalty_idempotency_pkey;" +
                    "ALTER TABLE loyalty_idempotency ADD CONSTRAINT loyalty_idempotency_pkey PRIMARY KEY (program_id, key);" +
                    "ALTER TABLE loyalty_accruals DROP COLUMN lines;" +
                    "CREATE TABLE loyalty_accrual_lines (program_id text NOT NULL, member_id text NOT NULL, order_id text NOT NULL, position integer NOT NULL, " +
                    "line_id text NOT NULL, sku text NOT NULL, category text NOT NULL, units integer NOT NULL, unit_price numeric NOT NULL, base_amount numeric NOT NULL, " +
                    "points_per_unit numeric NOT NULL, multiplier numeric NOT NULL, points bigint NOT NULL, returned_units integer NOT NULL, reversed_points bigint NOT NULL, rules text[] NOT NULL);" +
                    "UPDATE loyalty_schema_info SET version = 3;", connection);
                await back.ExecuteNonQueryAsync();
            }

            await using (var migrated = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }))
            {
                Assert.Equal(PostgreSqlLedgerStore.LatestSchemaVersion, migrated.SchemaVersion);
                var engine = Engine(migrated);
                Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(order)).Outcome);
                var other = new EarnActivityCommand(MemberId.From("m-2"), order.Key, "signup", Points.FromInt64(7));
                Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(other)).Outcome);
                Assert.Equal(Points.FromInt64(7), (await engine.GetBalanceAsync(MemberId.From("m-2"))).Total);
                Assert.Equal(Points.FromInt64(20), (await engine.GetBalanceAsync(Member)).Total);
            }
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    /// <summary>Another transaction locks the member's account row, as a long-running writer would.</summary>
    private static async Task<NpgsqlTransaction> HoldAccountAsync(NpgsqlConnection locker)
    {
        await locker.OpenAsync();
        var hold = await locker.BeginTransactionAsync();
        await using var lockRow = new NpgsqlCommand("SELECT 1 FROM loyalty_accounts WHERE member_id = 'm-1' FOR UPDATE", locker, hold);
        await lockRow.ExecuteNonQueryAsync();
        return hold;
    }

    /// <summary>
    /// Polls until the application's connection waits on a row lock, then runs an aggregate over those backends
    /// (<c>count(*)</c> to observe them, <c>count(pg_terminate_backend(pid))</c> to end them). False if none ever waited.
    /// </summary>
    private static async Task<bool> OnLockWaitersAsync(string connectionString, string application, string aggregate)
    {
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        for (var wait = 0; wait < 200; wait++)
        {
            await using var command = new NpgsqlCommand($"SELECT {aggregate} FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", admin);
            command.Parameters.Add(new NpgsqlParameter { Value = application });
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }

    /// <summary>
    /// The documented recovery after a failed commit: the same command with the same key applies exactly once. It
    /// commits when nothing was written, and replays or commits when the failure may have committed.
    /// </summary>
    private static async Task AssertTheSameKeyAppliesOnceAsync(LoyaltyEngine engine, LedgerStoreException error)
    {
        var retried = await engine.ExecuteAsync(Earn("b", 5));
        Assert.True(
            error.MayHaveCommitted ? retried.Outcome is LedgerOutcome.Replayed or LedgerOutcome.Committed : retried.Outcome == LedgerOutcome.Committed,
            $"{retried.Outcome} after a failure with MayHaveCommitted = {error.MayHaveCommitted}");
        Assert.Equal(Points.FromInt64(15), (await engine.GetBalanceAsync(Member)).Total);
        Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(Earn("b", 5))).Outcome);
    }

    private static EarnActivityCommand Earn(string key, long points) => new(Member, IdempotencyKey.From(key), "signup", Points.FromInt64(points));

    private static LoyaltyEngine Engine(PostgreSqlLedgerStore store) =>
        new(new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR" }.Build(), store, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0)));
}
