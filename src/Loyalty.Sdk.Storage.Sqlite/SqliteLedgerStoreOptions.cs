using System;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Options of a <see cref="SqliteLedgerStore"/>.</summary>
/// <remarks>This type is not thread-safe; it is read once when the store opens.</remarks>
public sealed class SqliteLedgerStoreOptions
{
    /// <summary>Gets or sets the path of the database file.</summary>
    /// <value>Required.</value>
    public string? DataSource { get; set; }

    /// <summary>Gets or sets a value indicating whether a missing database file is created (with its schema).</summary>
    /// <value>The default is <see langword="true"/>. When <see langword="false"/>, a missing file is a start-up error.</value>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>Gets or sets how hard SQLite works to keep each commit on disk.</summary>
    /// <value>The default is <see cref="SqliteDurability.Full"/>.</value>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;

    /// <summary>
    /// Gets or sets how long a command waits for another writer's lock before failing with a
    /// <see cref="LedgerStoreException"/> of kind <see cref="LedgerStoreFailure.Busy"/> (nothing written). Waits under
    /// one second last about one second (Microsoft.Data.Sqlite's command timeout is counted in whole seconds).
    /// </summary>
    /// <value>The default is 10 seconds; at most one hour.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
