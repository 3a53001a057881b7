using System.Threading.Tasks;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.Testing;

namespace Loyalty.Sdk.Tests.Storage;

public sealed class InMemoryLedgerStoreComplianceTests : LedgerStoreComplianceTests<InMemoryLedgerStoreComplianceTests.Fixture>
{
    public sealed class Fixture : ILedgerStoreFixture
    {
        public ValueTask<ILedgerStore> CreateAsync() => new(new InMemoryLedgerStore());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
