using System.IO;
using System.Threading.Tasks;
using Loyalty.Sdk.Storage.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>A database file written by schema version 4 opens with today's code and reads back exactly as it did.</summary>
public sealed class SqliteGoldenTests
{
    [Fact]
    public async Task Version4File_OpensAndReadsBackIdentically()
    {
        using var database = new TempDatabase();
        File.Copy(StorageGolden.PathOf("sqlite-v4.db"), database.Path);
        using var store = SqliteLedgerStore.Open(database.Path);

        var snapshot = await StorageGolden.SnapshotAsync(store);

        Assert.Equal(File.ReadAllText(StorageGolden.PathOf("sqlite-v4.snapshot.txt")), snapshot);
    }

    /// <summary>
    /// Every document the version-4 file holds reads back and is written again byte for byte by today's format
    /// (counters too, once the lifetime date that version 1 drops is dropped from the old text).
    /// </summary>
    [Fact]
    public void Version4Documents_RoundTripByteForByte()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorageGolden.PathOf("sqlite-v4.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var documents = 0;
        void Each(string sql, System.Action<Microsoft.Data.Sqlite.SqliteDataReader> check)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                check(reader);
                documents++;
            }
        }

        Each("SELECT counters, tier, profile FROM accounts", row =>
        {
            var counters = row.GetString(0);
            Assert.Equal(counters.Replace("\"2000-01-01\"", "null"), LedgerStorageFormat.WriteCounters(LedgerStorageFormat.ReadCounters(counters)));
            Assert.Equal(row.GetString(1), LedgerStorageFormat.WriteTier(LedgerStorageFormat.ReadTier(row.GetString(1))));
            Assert.Equal(row.GetString(2), LedgerStorageFormat.WriteProfile(LedgerStorageFormat.ReadProfile(row.GetString(2))));
        });
        Each("SELECT program_id, member_id, key, body FROM claims", row =>
        {
            var claim = LedgerStorageFormat.ReadClaim(ProgramId.From(row.GetString(0)), MemberId.From(row.GetString(1)), IdempotencyKey.From(row.GetString(2)), row.GetString(3));
            Assert.Equal(row.GetString(3), LedgerStorageFormat.WriteClaim(claim));
        });
        Each("SELECT qualifying FROM entries WHERE qualifying IS NOT NULL", row =>
            Assert.Equal(row.GetString(0), LedgerStorageFormat.WriteQualifying(LedgerStorageFormat.ReadQualifying(row.GetString(0)))));

        Assert.True(documents >= 15, $"only {documents} rows were checked");
    }

    [Fact]
    public async Task Version4File_AcceptsNewCommandsOnTopOfOldRows()
    {
        using var database = new TempDatabase();
        File.Copy(StorageGolden.PathOf("sqlite-v4.db"), database.Path);
        using var store = SqliteLedgerStore.Open(database.Path);

        await StorageGolden.ContinueAsync(store);
    }
}
