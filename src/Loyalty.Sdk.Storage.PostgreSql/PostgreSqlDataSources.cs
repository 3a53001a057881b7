using System;
using System.Data.Common;
using Npgsql;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>Builds the data source a store owns from its options' connection string.</summary>
internal static class PostgreSqlDataSources
{
    /// <summary>
    /// The data source for <see cref="PostgreSqlLedgerStoreOptions.ConnectionString"/>: NodaTime mapping, the statement
    /// timeout as a server option, and automatic preparation unless the string sets it.
    /// </summary>
    /// <exception cref="ArgumentException">There is no connection string.</exception>
    public static NpgsqlDataSource Build(PostgreSqlLedgerStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgreSqlLedgerStoreOptions needs a ConnectionString or a DataSource.", nameof(options));
        }

        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (options.StatementTimeout > TimeSpan.Zero)
        {
            connection.Options = $"{connection.Options} -c statement_timeout={(long)options.StatementTimeout.TotalMilliseconds}".Trim();
        }

        // The store runs a few dozen statements over and over: prepared, they are not parsed and planned each time.
        var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            connection.MaxAutoPrepare = 64;
            connection.AutoPrepareMinUsages = 2;
        }

        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        builder.UseNodaTime();
        return builder.Build();
    }
}
