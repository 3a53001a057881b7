using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Tests;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// <see cref="UnverifiedLoadLaw"/> on PostgreSQL: two stores on one schema are two app servers, each deciding on the
/// accounts it committed last.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlUnverifiedLoadTests
{
    [SkippableFact]
    public Task TwoAppServers_OneByOne_EqualExecutingOnTheInMemoryStore() => WithTwoServersAsync((a, b) =>
    {
        UnverifiedLoadLaw.Holds(a, b, maxTest: 50);
        return Task.CompletedTask;
    });

    [SkippableFact]
    public Task StaleState_ARedemptionItWouldRefuse_IsDecidedAgainOnTheStoredState() => WithTwoServersAsync(UnverifiedLoadLaw.StaleStateAsync);

    [SkippableFact]
    public Task HeldAccount_AnOrderEarnedTwice_ARetriedKey_AndAReversal_AreDecidedOnWhatIsStored() => WithTwoServersAsync((a, _) => UnverifiedLoadLaw.HeldAccountAsync(a));

    [SkippableFact]
    public Task HeldState_EqualsTheStoredState_AndAReadNeverUsesIt() => WithTwoServersAsync((a, _) => UnverifiedLoadLaw.HeldStateAsync(a));

    [SkippableFact]
    public async Task CachedAccountsZero_AnswersEveryLoadFromTheDatabase_AndANegativeCountIsRefused()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
                await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString, CachedAccounts = -1 }));
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString, CachedAccounts = 0 });
            var program = ImportLaw.Program("shop");
            var engine = new LoyaltyEngine(program, store, new FakeClock(ImportLaw.Start));
            await engine.ExecuteAsync(new EarnActivityCommand(MemberId.From("m"), IdempotencyKey.From("k1"), "review", Points.FromInt64(3)));
            var loaded = await store.LoadAsync(new LedgerLoadRequest(program.Id, MemberId.From("m")) { AllowUnverified = true });
            Assert.False(loaded.Unverified);
            Assert.Equal(1, loaded.Account.Version);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    private static async Task WithTwoServersAsync(Func<ILedgerStore, ILedgerStore, Task> test)
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var a = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            await using var b = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            await test(a, b);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }
}
