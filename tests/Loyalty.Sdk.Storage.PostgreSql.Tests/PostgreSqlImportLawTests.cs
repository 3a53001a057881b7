using System;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Storage.Tests;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// The law of bulk import (<see cref="ImportLaw"/>) on PostgreSQL, with batch sizes on both sides of
/// <see cref="PostgreSqlImport.MinimumRows"/>: the one-round-trip statement batch below it, binary COPY from it on.
/// Each case is a program of its own in one schema.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlImportLawTests
{
    [SkippableFact]
    public async Task ImportInBatches_EqualsExecutingOneByOne()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var store = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString });
            var copied = 0;
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true), Prop.ForAll(ImportLaw.Operations.ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (operations, batchSize) =>
            {
                copied += Math.Min(operations.Length, batchSize) >= PostgreSqlImport.MinimumRows ? 1 : 0;
                ImportLaw.Holds(store, ImportLaw.Program("shop-" + Guid.NewGuid().ToString("N")), operations, batchSize);
            }));
            Assert.True(copied > 0, "no case imported a batch large enough for COPY");
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }
}
