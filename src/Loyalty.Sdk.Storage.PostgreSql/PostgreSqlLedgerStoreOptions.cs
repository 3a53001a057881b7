using System;
using Npgsql;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>Options of a <see cref="PostgreSqlLedgerStore"/>.</summary>
/// <remarks>This type is not thread-safe; it is read once when the store opens.</remarks>
public sealed class PostgreSqlLedgerStoreOptions
{
    /// <summary>
    /// Gets or sets the connection string; the store builds its own data source with NodaTime mapping. Unless the
    /// string sets <c>Max Auto Prepare</c> itself, the store turns on Npgsql's automatic preparation (64 statements per
    /// connection, prepared on their second use): the store runs a few dozen statements over and over, and a prepared
    /// statement is not parsed and planned again on each execution.
    /// </summary>
    /// <value>Required unless <see cref="DataSource"/> is set.</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets a data source owned by the host. It must have been built with NodaTime mapping
    /// (<c>NpgsqlDataSourceBuilder.UseNodaTime()</c>); the store checks this when it opens and does not dispose it.
    /// </summary>
    /// <value>The default is none: the store builds one from <see cref="ConnectionString"/>.</value>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>Gets or sets the server-side limit for one statement (<c>statement_timeout</c>) of connections the store builds.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many accounts the store remembers as it last committed them. A command to commit on such an
    /// account (one with no redemption, claim, voucher, reward or period count to load, such as an earn) is decided
    /// on that state without reading it first, and its commit checks the version and inserts its key and a new
    /// accrual only if absent: one round trip instead of two when this app server committed the account last, and a
    /// verified load and a second decision when another did. Reads such as a balance always read the database.
    /// </summary>
    /// <value>The default is 10,000 accounts; 0 turns it off.</value>
    public int CachedAccounts { get; set; } = 10_000;
}
