using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Storage.Testing;
using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>A database restored from a schema-version-4 dump opens with today's code and reads back exactly as it did.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlGoldenTests
{
    [SkippableFact]
    public async Task Version4Dump_OpensAndReadsBackIdentically()
    {
        var connectionString = await RestoreAsync();
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            var snapshot = await StorageGolden.SnapshotAsync(store);
            Assert.Equal(File.ReadAllText(StorageGolden.PathOf("postgresql-v4.snapshot.txt")), snapshot);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task Version4Dump_AcceptsNewCommandsOnTopOfOldRows()
    {
        var connectionString = await RestoreAsync();
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            await StorageGolden.ContinueAsync(store);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    /// <summary>Restores the committed pg_dump (plain SQL with INSERTs) into a fresh schema of its own.</summary>
    private static async Task<string> RestoreAsync()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath!;
        var script = File.ReadAllText(StorageGolden.PathOf("postgresql-v4.sql"))
            .Replace("CREATE SCHEMA golden_v4;", string.Empty)
            .Replace("golden_v4.", schema + ".");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }
}
