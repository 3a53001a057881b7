using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

public sealed class PostgreSqlDataSourcesTests
{
    [Fact]
    public void Build_TurnsOnAutomaticPreparation_UnlessTheConnectionStringSetsIt()
    {
        using var defaulted = PostgreSqlDataSources.Build(new PostgreSqlLedgerStoreOptions { ConnectionString = "Host=db;Username=u" });
        using var chosen = PostgreSqlDataSources.Build(new PostgreSqlLedgerStoreOptions { ConnectionString = "Host=db;Username=u;Max Auto Prepare=0" });

        var on = new NpgsqlConnectionStringBuilder(defaulted.ConnectionString);
        Assert.Equal((64, 2), (on.MaxAutoPrepare, on.AutoPrepareMinUsages));
        Assert.Contains("statement_timeout=30000", on.Options);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(chosen.ConnectionString).MaxAutoPrepare);
    }
}
