using System.Threading.Tasks;
using Loyalty.Sdk.Storage.Testing;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

public sealed class SqliteLedgerStoreComplianceTests : LedgerStoreComplianceTests<SqliteLedgerStoreComplianceTests.Fixture>
{
    /// <summary>A real SQLite file in a temporary folder per test.</summary>
    public sealed class Fixture : ILedgerStoreFixture
    {
        private readonly TempDatabase _database = new();
        private SqliteLedgerStore? _store;

        public ValueTask<ILedgerStore> CreateAsync()
        {
            _store = SqliteLedgerStore.Open(_database.Path);
            return new ValueTask<ILedgerStore>(_store);
        }

        public ValueTask DisposeAsync()
        {
            _store?.Dispose();
            _database.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
