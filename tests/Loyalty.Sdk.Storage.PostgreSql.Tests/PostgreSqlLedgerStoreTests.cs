using System;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlLedgerStoreTests
{
    [SkippableFact]
    public async Task Open_Twice_MigratesOnceAndKeepsData()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            var member = MemberId.From("m-1");
            await using (var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }))
            {
                Assert.Equal(PostgreSqlLedgerStore.LatestSchemaVersion, store.SchemaVersion);
                await Engine(store).ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("a"), "signup", Points.FromInt64(42)));
            }

            await using (var again = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }))
            {
                Assert.Equal(Points.FromInt64(42), (await Engine(again).GetBalanceAsync(member)).Total);
            }
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task Open_NewerSchemaVersion_FailsClearlyAndChangesNothing()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using (await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }))
            {
            }

            await Execute(connectionString, $"UPDATE loyalty_schema_info SET version = {PostgreSqlLedgerStore.LatestSchemaVersion + 1}");
            var ex = await Assert.ThrowsAsync<LedgerStoreException>(async () =>
                await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }));
            Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task Open_DataSourceWithoutNodaTime_FailsClearly()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var plain = NpgsqlDataSource.Create(connectionString);
            var ex = await Assert.ThrowsAsync<LedgerStoreException>(async () =>
                await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { DataSource = plain }));
            Assert.Contains("UseNodaTime", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task StatementTimeout_IsAppliedToTheStoresConnections()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            // Another session holds the migration lock (0x4C6F79616C7479, "Loyalty"), so start-up has to wait for it; a 100 ms statement_timeout
            // makes the server cancel that wait.
            await using var holder = new NpgsqlConnection(connectionString);
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(21514665346233465)", holder))
            {
                await take.ExecuteNonQueryAsync();
            }

            var ex = await Assert.ThrowsAsync<LedgerStoreException>(async () => await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions
            {
                ConnectionString = connectionString,
                StatementTimeout = TimeSpan.FromMilliseconds(100),
            }));
            var postgres = Assert.IsType<PostgresException>(ex.InnerException);
            Assert.Equal("57014", postgres.SqlState); // query_canceled: statement timeout
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [Fact]
    public async Task Open_UnreachableServer_FailsClearly()
    {
        var ex = await Assert.ThrowsAsync<LedgerStoreException>(async () => await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2",
        }));
        Assert.Contains("cannot be used", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Outbox_ATransactionThatCommitsLate_IsNeverSkippedByAReaderThatReadPastALaterOne()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            var engine = Engine(store);

            // A writer takes its transaction id and its outbox position first, and commits last.
            await using var slow = new NpgsqlConnection(connectionString);
            await slow.OpenAsync();
            await using var transaction = await slow.BeginTransactionAsync();
            const string late = "{\"type\":\"PointsEarned\",\"points\":1,\"sequence\":1,\"eventId\":\"late#0\",\"programId\":\"shop\",\"memberId\":\"slow\",\"occurredAt\":\"2026-03-01T09:00:00Z\",\"commandKey\":\"late\"}";
            await using (var insert = new NpgsqlCommand(
                "INSERT INTO loyalty_outbox (tx, program_id, event_id, member_id, type, occurred_at, payload) " +
                "VALUES (pg_current_xact_id()::text::bigint, 'shop', 'late#0', 'slow', 'PointsEarned', now(), $1)", slow, transaction))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = late });
                await insert.ExecuteNonQueryAsync();
            }

            // Meanwhile a later transaction commits an event with a larger position.
            await engine.ExecuteAsync(new EarnActivityCommand(MemberId.From("fast"), IdempotencyKey.From("fast"), "signup", Points.FromInt64(5)));

            // While the older transaction runs, the reader sees neither: it must not move its cursor past the late event.
            Assert.Empty(await engine.Events.ReadEventsAsync(Events.EventCursor.Start, 10));
            await transaction.CommitAsync();

            // Both appear once no older transaction runs anywhere in the cluster (other tests' may, for a moment).
            var events = await engine.Events.ReadEventsAsync(Events.EventCursor.Start, 10);
            for (var wait = 0; events.Count < 2 && wait < 200; wait++)
            {
                await Task.Delay(50);
                events = await engine.Events.ReadEventsAsync(Events.EventCursor.Start, 10);
            }

            Assert.Equal(new[] { "late#0", "4:fast/fast#0" }, events.Select(e => e.Event.EventId));
            Assert.True(events[0].Cursor.CompareTo(events[1].Cursor) < 0);
            Assert.Empty(await engine.Events.ReadEventsAsync(events[1].Cursor, 10));
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    private static LoyaltyEngine Engine(PostgreSqlLedgerStore store) =>
        new(new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR" }.Build(), store, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0)));

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
