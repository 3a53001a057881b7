using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// Every secondary index earns its place: each one is written on every insert into its table (a page per commit), so
/// each is listed here with the statement that needs it, and SQLite's own plan shows that statement using it.
/// </summary>
public sealed class SqliteIndexTests
{
    /// <summary>Index name, and the statement that reads through it (or the constraint it enforces).</summary>
    public static TheoryData<string, string> Needed => new()
    {
        { "entries_at", SqliteDialect.SelectPointsEarned },        // leaderboards and points earned in a period
        { "accounts_id", SqliteDialect.SelectMember },             // the member of an account number (leaderboards)
        { "claims_voucher", SqliteDialect.SelectClaimByVoucher },  // a voucher redeemed at the till, and its uniqueness
        { "outbox_event", "UNIQUE" },                              // an event id is in the outbox at most once
    };

    [Fact]
    public void TheSchemaHasExactlyTheListedIndexes()
    {
        using var database = new TempDatabase();
        using (SqliteLedgerStore.Open(database.Path))
        {
        }

        Assert.Equal(Needed.Select(row => (string)row[0]).Order(), Indexes(database.Path).Order());
    }

    [Theory]
    [MemberData(nameof(Needed))]
    public void EachIndex_IsUsedByItsStatement_OrEnforcesItsConstraint(string index, string statement)
    {
        using var database = new TempDatabase();
        using (SqliteLedgerStore.Open(database.Path))
        {
        }

        using var connection = new SqliteConnection($"Data Source={database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        if (statement == "UNIQUE")
        {
            command.CommandText = $"SELECT \"unique\" FROM pragma_index_list('outbox') WHERE name = '{index}'";
            Assert.Equal(1L, command.ExecuteScalar());
            return;
        }

        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains($"INDEX {index} ", System.StringComparison.Ordinal) || step.EndsWith($"INDEX {index}", System.StringComparison.Ordinal));
    }

    private static List<string> Indexes(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
