using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Creates and migrates the schema from the embedded, numbered SQL scripts, all in one transaction.</summary>
internal static class SqliteSchema
{
    private const string ResourcePrefix = "Loyalty.Sdk.Storage.Sqlite.Schema.";

    /// <summary>The scripts, in order: the schema version is the number of scripts applied.</summary>
    public static IReadOnlyList<string> Scripts { get; } = typeof(SqliteSchema).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static int LatestVersion => Scripts.Count;

    /// <summary>
    /// Brings the database to the latest version. Every missing script and the new version number are applied in one
    /// IMMEDIATE transaction, so a failure leaves the schema exactly as it was, and two processes never migrate at once.
    /// </summary>
    /// <returns>The version the database has now.</returns>
    public static int Migrate(SqliteSession session, string dataSource)
    {
        session.Execute("PRAGMA journal_mode = WAL;");
        using var transaction = session.Connection.BeginTransaction(deferred: false);
        var current = ReadVersion(session, transaction);
        if (current > LatestVersion)
        {
            throw new LedgerStoreException(
                $"The database '{dataSource}' has ledger schema version {current}, newer than the {LatestVersion} this version of " +
                "Loyalty.Sdk.Storage.Sqlite understands. Upgrade the package; the database was not changed.");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            using var script = typeof(SqliteSchema).Assembly.GetManifestResourceStream(Scripts[version - 1])!;
            using var reader = new StreamReader(script);
            using var command = session.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = reader.ReadToEnd();
            command.ExecuteNonQuery();
        }

        // Always written, even when nothing migrated: a database that cannot be written fails here, at start-up,
        // not on the first command.
        {
            using var set = session.Connection.CreateCommand();
            set.Transaction = transaction;
            set.CommandText = "INSERT INTO schema_info (id, version) VALUES (1, $v) ON CONFLICT (id) DO UPDATE SET version = excluded.version";
            set.Parameters.AddWithValue("$v", LatestVersion);
            set.ExecuteNonQuery();
        }

        transaction.Commit();
        return LatestVersion;
    }

    private static int ReadVersion(SqliteSession session, SqliteTransaction transaction)
    {
        using var command = session.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS schema_info (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT version FROM schema_info WHERE id = 1";
        var value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }
}
