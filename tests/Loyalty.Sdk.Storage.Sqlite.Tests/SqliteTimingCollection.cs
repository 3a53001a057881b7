using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>Tests that measure wall-clock waits: xunit runs this collection on its own, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteTimingCollection
{
    public const string Name = "SQLite timing";
}
