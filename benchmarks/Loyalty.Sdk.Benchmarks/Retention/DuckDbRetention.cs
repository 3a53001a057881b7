using System;
using System.Collections.Generic;
using DuckDB.NET.Data;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Benchmarks.Retention;

/// <summary>
/// The peer: the same answers computed by DuckDB, in-process, with SQL over a table loaded once
/// (<c>p(c INTEGER, d INTEGER, o INTEGER, k INTEGER)</c>: customer, day number, order, category).
/// </summary>
public sealed class DuckDbRetention : IDisposable
{
    private readonly DuckDBConnection _connection;

    public DuckDbRetention(PurchaseTable table, decimal[]? amounts = null)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute("CREATE TABLE p (c INTEGER, d INTEGER, o INTEGER, k INTEGER, m DECIMAL(18, 2))");
        using (var appender = _connection.CreateAppender("p"))
        {
            for (var i = 0; i < table.Count; i++)
            {
                appender.CreateRow()
                    .AppendValue(table.Customers[i])
                    .AppendValue(table.Days[i])
                    .AppendValue(table.Orders![i])
                    .AppendValue(table.Categories![i])
                    .AppendValue(amounts?[i] ?? 0m)
                    .EndRow();
            }
        }
    }

    /// <summary>
    /// RFM with the SDK's tie rule, 1 + ⌊bins · #(strictly worse) / n⌋, as RANK: per customer (in customer order)
    /// recency days, orders, total, and the three scores.
    /// </summary>
    public List<(int Customer, int Recency, long Frequency, decimal Monetary, int R, int F, int M)> Rfm(int asOfDay, int bins)
    {
        var sql = $"""
            WITH c AS (SELECT c, max(d) AS last, count(DISTINCT o) AS f, sum(m) AS money FROM p WHERE d <= {asOfDay} GROUP BY c),
            n AS (SELECT count(*) AS n FROM c)
            SELECT c, {asOfDay} - last AS recency, f, money,
                1 + ({bins} * (rank() OVER (ORDER BY last) - 1)) // n AS r,
                1 + ({bins} * (rank() OVER (ORDER BY f) - 1)) // n AS fs,
                1 + ({bins} * (rank() OVER (ORDER BY money) - 1)) // n AS ms
            FROM c CROSS JOIN n ORDER BY c
            """;
        var rows = new List<(int, int, long, decimal, int, int, int)>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetDecimal(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6)));
        }

        return rows;
    }

    /// <summary>Exact D1/D7/D30 retention by daily cohort: (cohort day, size, observable and retained per offset).</summary>
    public List<(int Cohort, long Size, long[] Observable, long[] Retained)> Retention()
    {
        const string sql = """
            WITH f AS (SELECT c, min(d) AS first FROM p GROUP BY c),
            a AS (SELECT max(d) AS as_of FROM p),
            h AS (
                SELECT p.c, bit_or(CASE p.d - f.first WHEN 1 THEN 1 WHEN 7 THEN 2 WHEN 30 THEN 4 ELSE 0 END) AS hits
                FROM p JOIN f USING (c) GROUP BY p.c)
            SELECT f.first, count(*),
                count(*) FILTER (WHERE f.first + 1 <= a.as_of), count(*) FILTER (WHERE f.first + 1 <= a.as_of AND h.hits & 1 <> 0),
                count(*) FILTER (WHERE f.first + 7 <= a.as_of), count(*) FILTER (WHERE f.first + 7 <= a.as_of AND h.hits & 2 <> 0),
                count(*) FILTER (WHERE f.first + 30 <= a.as_of), count(*) FILTER (WHERE f.first + 30 <= a.as_of AND h.hits & 4 <> 0)
            FROM f JOIN h USING (c) CROSS JOIN a
            GROUP BY f.first ORDER BY f.first
            """;
        var rows = new List<(int, long, long[], long[])>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt64(1),
                [reader.GetInt64(2), reader.GetInt64(4), reader.GetInt64(6)],
                [reader.GetInt64(3), reader.GetInt64(5), reader.GetInt64(7)]));
        }

        return rows;
    }

    /// <summary>Customers and repeaters (two or more distinct orders).</summary>
    public (long Customers, long Repeaters) Repeat()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(*) FILTER (WHERE n >= 2) FROM (SELECT c, count(DISTINCT o) AS n FROM p GROUP BY c)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Customers with a category, multi-category customers, and the (A, B) → customers matrix.</summary>
    public (long Customers, long MultiCategory, long[,] Both) Cross(int categories)
    {
        var both = new long[categories, categories];
        using var command = _connection.CreateCommand();
        command.CommandText = """
            WITH ck AS (SELECT DISTINCT c, k FROM p WHERE k >= 0)
            SELECT a.k, b.k, count(*) FROM ck a JOIN ck b USING (c) GROUP BY a.k, b.k
            """;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                both[reader.GetInt32(0), reader.GetInt32(1)] = reader.GetInt64(2);
            }
        }

        command.CommandText = "SELECT count(*), count(*) FILTER (WHERE n >= 2) FROM (SELECT c, count(DISTINCT k) AS n FROM p WHERE k >= 0 GROUP BY c)";
        using var totals = command.ExecuteReader();
        totals.Read();
        return (totals.GetInt64(0), totals.GetInt64(1), both);
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
