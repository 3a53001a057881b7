using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Testing;
using Loyalty.Sdk.Storage.Tests;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>A batch commit writes its rows many to a statement: whole chunks and the rest alike, all or nothing.</summary>
public sealed class SqliteMultiRowTests
{
    [Fact]
    public void ABatchOfFortyEarns_FillsMultiRowStatements_AndEqualsExecutingOneByOne()
    {
        // 40 new orders over four members: 40 keys, entries, lots and accruals (two full statements and a rest each).
        var operations = Enumerable.Range(0, 40).Select(i => (Kind: 0, Member: i % 4, Key: i / 4, Value: i % 10)).ToArray();
        using var database = new TempDatabase();
        using var store = SqliteLedgerStore.Open(database.Path);
        ImportLaw.Holds(store, ImportLaw.Program("shop"), operations, batchSize: 40);
        Assert.Equal(40L, database.Scalar("SELECT count(*) FROM accruals"));
    }

    [Fact]
    public async Task ABatchWithOneStoredKey_InAFullStatement_WritesNothing()
    {
        using var database = new TempDatabase();
        using var store = SqliteLedgerStore.Open(database.Path);
        var program = ImportLaw.Program("shop");
        var engine = new LoyaltyEngine(program, store, new FakeClock(ImportLaw.Start));
        await engine.ExecuteAsync(ImportLaw.Command((0, 0, 3, 0)));

        // Decided elsewhere: 20 earns of member m1, then one of m0 reusing the stored key k3 under another order.
        var side = new RecordingLedgerStore(new InMemoryLedgerStore());
        var sideEngine = new LoyaltyEngine(program, side, new FakeClock(ImportLaw.Start));
        foreach (var i in Enumerable.Range(0, 20))
        {
            await sideEngine.ExecuteAsync(ImportLaw.Command((0, 1, i, 0)));
        }

        var reused = await sideEngine.ExecuteAsync(ImportLaw.Command((1, 0, 3, 7)));
        Assert.Equal(LedgerOutcome.Committed, reused.Outcome);
        var batch = side.Commits.ToList();
        batch[^1] = batch[^1] with { ExpectedVersion = 1, NewState = batch[^1].NewState with { Version = 2 } };

        Assert.Equal(CommitStatus.DuplicateKey, await store.CommitBatchAsync(batch));
        Assert.Equal(1L, database.Scalar("SELECT count(*) FROM entries"));
        Assert.Equal(1L, database.Scalar("SELECT count(*) FROM idempotency"));

        Assert.Equal(CommitStatus.Committed, await store.CommitBatchAsync(batch.Take(20).ToList()));
        Assert.Equal(21L, database.Scalar("SELECT count(*) FROM entries"));
    }
}
