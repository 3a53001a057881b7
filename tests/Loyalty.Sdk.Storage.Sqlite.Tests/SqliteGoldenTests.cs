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

    [Fact]
    public async Task Version4File_AcceptsNewCommandsOnTopOfOldRows()
    {
        using var database = new TempDatabase();
        File.Copy(StorageGolden.PathOf("sqlite-v4.db"), database.Path);
        using var store = SqliteLedgerStore.Open(database.Path);

        await StorageGolden.ContinueAsync(store);
    }
}
