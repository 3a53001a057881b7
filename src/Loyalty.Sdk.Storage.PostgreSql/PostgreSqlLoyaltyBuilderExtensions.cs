using System;
using Loyalty.Sdk.Storage.PostgreSql;
using Npgsql;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Chooses the PostgreSQL store in <c>services.AddLoyalty(…)</c>.</summary>
public static class PostgreSqlLoyaltyBuilderExtensions
{
    /// <summary>Stores the ledger in PostgreSQL, from a connection string (the schema is created or migrated when the container first needs the store).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="configure">Further options (statement timeout), if any.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyBuilder UsePostgreSql(this LoyaltyBuilder builder, string connectionString, Action<PostgreSqlLedgerStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        return Use(builder, options);
    }

    /// <summary>Stores the ledger in PostgreSQL through a data source the host owns (it must map NodaTime types: <c>UseNodaTime()</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyBuilder UsePostgreSql(this LoyaltyBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Use(builder, new PostgreSqlLedgerStoreOptions { DataSource = dataSource });
    }

    // The container's factories are synchronous; opening the store (one migration check) runs once, at start-up.
    private static LoyaltyBuilder Use(LoyaltyBuilder builder, PostgreSqlLedgerStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStore(_ => PostgreSqlLedgerStore.OpenAsync(options).GetAwaiter().GetResult());
    }
}
