using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// Every secondary index earns its place (each one is written on every insert into its table): each is listed with the
/// statement that needs it, and PostgreSQL's own plan for that statement, on a database with data in the shape a
/// ledger has (few accounts due, few lots still open, entries over a year) and with statistics, uses it. The schema
/// must have no secondary index the list lacks.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgreSqlIndexTests
{
    /// <summary>Index, the statement that reads through it (or UNIQUE: the constraint it enforces), and the statement's parameter types and values.</summary>
    private static readonly (string Index, string Statement, string Types, string Values)[] Needed =
    [
        ("loyalty_accounts_next_expiry", PostgreSqlDialect.ClaimDueAccounts, "text, timestamptz, timestamptz, timestamptz, int", "'shop', '2026-01-02', '2026-01-02', '2026-01-03', 100"),
        ("loyalty_lots_open", PostgreSqlDialect.SelectOpenLots, "text, text", "'shop', 'm-0001'"),
        ("loyalty_entries_at", PostgreSqlDialect.SelectPointsEarned, "text, timestamptz, timestamptz", "'shop', '2025-03-01', '2025-04-01'"),
        ("loyalty_claims_voucher", PostgreSqlDialect.SelectClaimByVoucher, "text, text", "'shop', 'CODE-1'"),
        ("loyalty_outbox_event", "UNIQUE", "", ""),
    ];

    [SkippableFact]
    public async Task EachSecondaryIndex_IsUsedByItsStatement_AndTheSchemaHasNoOther()
    {
        var connectionString = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using (await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connectionString }))
            {
            }

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await ExecuteAsync(connection,
                "INSERT INTO loyalty_accounts (program_id, member_id, version, last_sequence, debt, next_expiry_at) " +
                "SELECT 'shop', 'm-' || lpad(g::text, 4, '0'), 1, 1, 0, CASE WHEN g % 100 = 0 THEN timestamptz '2026-01-01' END FROM generate_series(1, 5000) g;" +
                "INSERT INTO loyalty_lots (program_id, member_id, id, points, remaining, created_at, available_at) " +
                "SELECT 'shop', 'm-' || lpad((g % 50)::text, 4, '0'), g, 10, CASE WHEN g % 97 = 0 THEN 10 ELSE 0 END, now(), now() FROM generate_series(1, 20000) g;" +
                "INSERT INTO loyalty_entries (program_id, member_id, sequence, kind, amount, at, recorded_at, command_key, movements, debt_change, written_off) " +
                "SELECT 'shop', 'm-' || lpad((g % 5000)::text, 4, '0'), g, 0, 10, timestamptz '2025-01-01' + g * interval '10 minutes', now(), 'k' || g, '{}', 0, 0 FROM generate_series(1, 50000) g;" +
                "INSERT INTO loyalty_claims (program_id, member_id, key, claimed_at, voucher_code, body) " +
                "SELECT 'shop', 'm-' || lpad((g % 5000)::text, 4, '0'), 'c' || g, now(), 'CODE-' || g, '{}' FROM generate_series(1, 5000) g;" +
                "ANALYZE;");

            var indexes = await ListAsync(connection, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%\\_pkey'");
            Assert.Equal(Needed.Select(n => n.Index).Order(StringComparer.Ordinal), indexes.Order(StringComparer.Ordinal));

            foreach (var (index, statement, types, values) in Needed)
            {
                if (statement == "UNIQUE")
                {
                    Assert.Single(await ListAsync(connection, $"SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = '{index}' AND indexdef LIKE 'CREATE UNIQUE INDEX%'"));
                    continue;
                }

                var name = "q_" + index;
                await ExecuteAsync(connection, $"PREPARE {name} ({types}) AS {statement}");
                var plan = string.Join("\n", await ListAsync(connection, $"EXPLAIN EXECUTE {name}({values})"));
                Assert.True(plan.Contains(index, StringComparison.Ordinal), $"{index} is not used by its statement:\n{plan}");
            }
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(connectionString);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        var rows = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
