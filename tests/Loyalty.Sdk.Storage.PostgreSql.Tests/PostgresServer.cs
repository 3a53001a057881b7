using System;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// The real PostgreSQL server the tests use, named by the LOYALTY_POSTGRES connection string (.ci/run starts one on
/// 127.0.0.1 and sets it). Each test gets a schema of its own. Without the variable the tests skip locally with a
/// clear reason; with CI=true they fail instead, because CI must test against a real server.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "LOYALTY_POSTGRES";

    /// <summary>
    /// The one test collection of this project: its classes run one after another, because a test that holds a
    /// transaction open (a lock, a late outbox writer) delays every other test's outbox reads cluster-wide.
    /// </summary>
    public const string Collection = "PostgreSQL server";

    public static async Task<string> CreateSchemaAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            const string reason = $"No PostgreSQL server: set {Variable} to a connection string (bash .ci/run starts one and sets it).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason + " Under CI=true this is a failure, not a skip.");
            }

            Skip.If(true, reason);
        }

        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connectionString!) { SearchPath = schema, ApplicationName = "loyalty-tests" }.ConnectionString;
    }

    public static async Task DropSchemaAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var schema = builder.SearchPath;
        builder.SearchPath = null;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
