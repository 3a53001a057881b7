using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

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
