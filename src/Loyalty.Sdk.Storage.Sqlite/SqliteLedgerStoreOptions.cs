using System;
using System.Diagnostics.CodeAnalysis;

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

    /// <summary>
    /// Gets or sets how many accounts the store remembers as it last committed them. A command to commit on such an
    /// account (one with no redemption, claim, voucher, reward or period count to load, such as an earn) is decided on
    /// that state without reading it first; its commit checks the version and inserts its key and a new accrual only
    /// if absent, so a write by another process costs a verified load and a second decision. Reads such as a balance
    /// always read the file.
    /// </summary>
    /// <value>The default is 10,000 accounts; 0 turns it off.</value>
    public int CachedAccounts { get; set; } = 10_000;

    /// <summary>Throws for a missing file name or an option out of range (as an argument named <c>options</c>).</summary>
    [MemberNotNull(nameof(DataSource))]
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataSource))
        {
            throw new ArgumentException("SqliteLedgerStoreOptions.DataSource (the database file) is required.", "options");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException("options", BusyTimeout, "SqliteLedgerStoreOptions.BusyTimeout must be between zero and one hour.");
        }

        if (CachedAccounts < 0)
        {
            throw new ArgumentOutOfRangeException("options", CachedAccounts, "SqliteLedgerStoreOptions.CachedAccounts must not be negative.");
        }
    }
}
