using System.Threading.Tasks;
using Loyalty.Sdk.Storage.Testing;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

[Xunit.Collection(PostgresServer.Collection)]
public sealed class PostgreSqlLedgerStoreComplianceTests : LedgerStoreComplianceTests<PostgreSqlLedgerStoreComplianceTests.Fixture>
{
    /// <inheritdoc />
    protected override int BoundsCases => 20;

    /// <summary>A fresh schema on the real server per test.</summary>
    public sealed class Fixture : ILedgerStoreFixture
    {
        private string? _connectionString;
        private PostgreSqlLedgerStore? _store;

        public async ValueTask<ILedgerStore> CreateAsync()
        {
            _connectionString = await PostgresServer.CreateSchemaAsync();
            _store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = _connectionString });
            return _store;
        }

        public async ValueTask DisposeAsync()
        {
            if (_store is not null)
            {
                await _store.DisposeAsync();
            }

            if (_connectionString is not null)
            {
                await PostgresServer.DropSchemaAsync(_connectionString);
            }
        }
    }
}
