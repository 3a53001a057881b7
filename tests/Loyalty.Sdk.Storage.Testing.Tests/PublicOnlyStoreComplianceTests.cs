using System.Threading.Tasks;
using Xunit;

namespace Loyalty.Sdk.Storage.Testing.Tests;

/// <summary>
/// A store built outside the core assembly, with no access to its internals, enrolled in the published suite with one
/// sealed subclass, as a third party would enroll theirs.
/// </summary>
public sealed class PublicOnlyStoreComplianceTests : LedgerStoreComplianceTests<PublicOnlyStoreComplianceTests.Fixture>
{
    [Fact]
    public async Task TheStoreUnderTest_IsCompiledInThisAssembly()
    {
        var fixture = new Fixture();
        var store = await fixture.CreateAsync();
        Assert.Same(typeof(Fixture).Assembly, store.GetType().Assembly);
        Assert.NotSame(typeof(ILedgerStore).Assembly, store.GetType().Assembly);
    }

    public sealed class Fixture : ILedgerStoreFixture
    {
        public ValueTask<ILedgerStore> CreateAsync() => new(new InMemoryLedgerStore());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The throw-away <see cref="SingleLockLedgerStore"/>, written in this project against the public API, enrolled in the whole suite.</summary>
public sealed class SingleLockStoreComplianceTests : LedgerStoreComplianceTests<SingleLockStoreComplianceTests.Fixture>
{
    public sealed class Fixture : ILedgerStoreFixture
    {
        public ValueTask<ILedgerStore> CreateAsync() => new(new SingleLockLedgerStore());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
