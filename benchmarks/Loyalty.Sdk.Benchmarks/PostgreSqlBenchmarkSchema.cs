using System;
using Npgsql;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>A schema of its own on LOYALTY_POSTGRES for one PostgreSQL benchmark run, with the floor's raw table.</summary>
internal static class PostgreSqlBenchmarkSchema
{
    /// <summary>Creates the schema and its raw table (id, member, points); returns the server and the schema's name.</summary>
    public static (string Server, string Schema) Create()
    {
        var server = Environment.GetEnvironmentVariable("LOYALTY_POSTGRES")
            ?? throw new InvalidOperationException("Set LOYALTY_POSTGRES to a PostgreSQL connection string (source .ci/postgres.sh; postgres_start).");
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        using var admin = new NpgsqlConnection(server);
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.raw (id bigserial PRIMARY KEY, member text NOT NULL, points bigint NOT NULL)", admin);
        create.ExecuteNonQuery();
        return (server, schema);
    }

    /// <summary>Closes pooled connections and drops the schema.</summary>
    public static void Drop(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("LOYALTY_POSTGRES"));
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", admin);
        drop.ExecuteNonQuery();
    }
}
