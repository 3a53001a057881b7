using System;
using Loyalty.Sdk.Storage.Sqlite;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Chooses the SQLite store in <c>services.AddLoyalty(…)</c>.</summary>
public static class SqliteLoyaltyBuilderExtensions
{
    /// <summary>Stores the ledger in a SQLite file (created and migrated when the container first needs it; disposed with the container).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="dataSource">The database file.</param>
    /// <param name="configure">Further options (durability, busy timeout), if any.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyBuilder UseSqlite(this LoyaltyBuilder builder, string dataSource, Action<SqliteLedgerStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataSource);
        var options = new SqliteLedgerStoreOptions { DataSource = dataSource };
        configure?.Invoke(options);
        return builder.UseStore(_ => SqliteLedgerStore.Open(options));
    }
}
