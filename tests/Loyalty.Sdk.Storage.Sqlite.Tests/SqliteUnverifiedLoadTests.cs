using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Tests;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// <see cref="UnverifiedLoadLaw"/> on SQLite: two stores on one file are two processes (say, the app and the
/// <c>loyalty</c> tool), each deciding on the accounts it committed last.
/// </summary>
public sealed class SqliteUnverifiedLoadTests
{
    [Fact]
    public Task TwoProcesses_OneByOne_EqualExecutingOnTheInMemoryStore() => WithTwoStoresAsync((a, b) =>
    {
        UnverifiedLoadLaw.Holds(a, b, maxTest: 60);
        return Task.CompletedTask;
    });

    [Fact]
    public Task StaleState_ARedemptionItWouldRefuse_IsDecidedAgainOnTheStoredState() => WithTwoStoresAsync(UnverifiedLoadLaw.StaleStateAsync);

    [Fact]
    public Task HeldAccount_AnOrderEarnedTwice_ARetriedKey_AndAReversal_AreDecidedOnWhatIsStored() => WithTwoStoresAsync((a, _) => UnverifiedLoadLaw.HeldAccountAsync(a));

    [Fact]
    public Task HeldState_EqualsTheStoredState_AndAReadNeverUsesIt() => WithTwoStoresAsync((a, _) => UnverifiedLoadLaw.HeldStateAsync(a));

    [Fact]
    public async Task CachedAccountsZero_ReadsEveryLoad_AndANegativeCountIsRefused()
    {
        using var database = new TempDatabase();
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = database.Path, CachedAccounts = -1 }));
        using var store = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = database.Path, CachedAccounts = 0 });
        var program = ImportLaw.Program("shop");
        await new LoyaltyEngine(program, store, new FakeClock(ImportLaw.Start))
            .ExecuteAsync(new EarnActivityCommand(MemberId.From("m"), IdempotencyKey.From("k1"), "review", Points.FromInt64(3)));
        var loaded = await store.LoadAsync(new LedgerLoadRequest(program.Id, MemberId.From("m")) { AllowUnverified = true });
        Assert.False(loaded.Unverified);
        Assert.Equal(1, loaded.Account.Version);
    }

    private static async Task WithTwoStoresAsync(Func<ILedgerStore, ILedgerStore, Task> test)
    {
        using var database = new TempDatabase();
        using var a = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = database.Path, Durability = SqliteDurability.Normal });
        using var b = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = database.Path, Durability = SqliteDurability.Normal });
        await test(a, b);
    }
}
