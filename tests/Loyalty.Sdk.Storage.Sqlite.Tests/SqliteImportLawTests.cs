using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Storage.Tests;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// The law of bulk import (<see cref="ImportLaw"/>) on SQLite: one set-based load and one sorted, coalesced write
/// transaction per batch, into a fresh file for each case.
/// </summary>
public sealed class SqliteImportLawTests
{
    [Fact]
    public void ImportInBatches_EqualsExecutingOneByOne()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), Prop.ForAll(ImportLaw.Operations.ToArbitrary(), Gen.Choose(1, 25).ToArbitrary(), (operations, batchSize) =>
        {
            using var database = new TempDatabase();
            using var store = SqliteLedgerStore.Open(database.Path);
            ImportLaw.Holds(store, ImportLaw.Program("shop"), operations, batchSize);
        }));
    }
}
