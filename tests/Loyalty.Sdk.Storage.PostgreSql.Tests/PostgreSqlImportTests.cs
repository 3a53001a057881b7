using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Testing;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>The COPY path of a batch commit (an import of at least <see cref="PostgreSqlImport.MinimumRows"/> change sets) is all or nothing.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlImportTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);

    [SkippableFact]
    public async Task CopyBatch_WithOneStaleAccount_WritesNothing_AndWithAStoredKey_IsADuplicate()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            var program = new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR" }.Build();
            var engine = new LoyaltyEngine(program, store, new FakeClock(Start));
            await engine.ExecuteAsync(Order("b", "o-b"));

            // Change sets decided elsewhere: twenty new members, then "b" as if it had no account yet (stale).
            var side = new RecordingLedgerStore(new InMemoryLedgerStore());
            var sideEngine = new LoyaltyEngine(program, side, new FakeClock(Start));
            foreach (var i in Enumerable.Range(0, PostgreSqlImport.MinimumRows + 4))
            {
                await sideEngine.ExecuteAsync(Order($"n{i}", $"o{i}"));
            }

            await sideEngine.ExecuteAsync(Order("b", "o-b2"));
            var fresh = side.Commits.Take(PostgreSqlImport.MinimumRows + 4).ToList();

            Assert.Equal(CommitStatus.VersionConflict, await store.CommitBatchAsync([.. fresh, side.Commits[^1]]));
            Assert.False((await store.LoadAsync(new LedgerLoadRequest(program.Id, MemberId.From("n0")))).Account.Exists);
            Assert.Equal(1, (await engine.GetAccountAsync(MemberId.From("b"))).Version);

            // A key "b" already used: the copied keys collide with it, and again nothing is written.
            var reused = side.Commits[^1] with
            {
                ExpectedVersion = 1,
                NewState = side.Commits[^1].NewState with { Version = 2 },
                Idempotency = side.Commits[^1].Idempotency with { Key = IdempotencyKey.From("earn:o-b") },
            };
            Assert.Equal(CommitStatus.DuplicateKey, await store.CommitBatchAsync([.. fresh, reused]));
            Assert.False((await store.LoadAsync(new LedgerLoadRequest(program.Id, MemberId.From("n0")))).Account.Exists);

            // The same batch without the bad change set commits whole.
            Assert.Equal(CommitStatus.Committed, await store.CommitBatchAsync(fresh));
            foreach (var i in Enumerable.Range(0, PostgreSqlImport.MinimumRows + 4))
            {
                Assert.Equal(Points.FromInt64(10), (await engine.GetBalanceAsync(MemberId.From($"n{i}"))).Total);
            }

            Assert.Equal(PostgreSqlImport.MinimumRows + 5, (await engine.Events.ReadEventsAsync(Loyalty.Sdk.Events.EventCursor.Start, 1_000)).Count);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    private static EarnCommand Order(string member, string order) =>
        new(MemberId.From(member), IdempotencyKey.From($"earn:{order}"), order, Start, [new PurchaseLine("1", "sku", "books", 1, Money.Of(10m, "EUR"))]);
}
