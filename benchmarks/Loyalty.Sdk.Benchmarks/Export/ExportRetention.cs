using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Loyalty.Sdk.Benchmarks.Export;

/// <summary>
/// End to end on a raw export file, from the file to exact D1/D7/D30 retention by daily cohort: parse, clean (no
/// guest rows, no <c>C</c> cancellations), compute. Both sides give (cohort day as yyyy-MM-dd, size, observable and
/// retained per offset), so a run can check that they agree.
/// </summary>
public static class ExportRetention
{
    /// <summary>The tool's arguments for the export (writing its JSON to <paramref name="json"/>).</summary>
    public static string[] ToolArguments(string path, string json) =>
        ["retention", "--input", path, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
         "--order", "InvoiceNo", "--return-prefix", "C", "--days", "1,7,30", "--json", json];

    /// <summary>Runs the loyalty tool in this process, as <c>loyalty retention …</c>, and reads its JSON.</summary>
    public static List<(string Cohort, long Size, long[] Observable, long[] Retained)> Tool(string path)
    {
        var json = Path.Combine(Path.GetTempPath(), $"loyalty-export-{Environment.ProcessId}.json");
        try
        {
            var exit = Cli.Cli.Run(ToolArguments(path, json), TextWriter.Null, TextWriter.Null);
            if (exit != 0)
            {
                throw new InvalidOperationException($"loyalty retention exited with {exit}.");
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(json));
            return [.. document.RootElement.GetProperty("cohorts").EnumerateArray().Select(c =>
            {
                var cells = c.GetProperty("days").EnumerateObject().Select(d => d.Value).ToList();
                return (c.GetProperty("cohort").GetString()!, c.GetProperty("size").GetInt64(),
                    cells.Select(x => x.ValueKind == JsonValueKind.Null ? 0L : x.GetProperty("observable").GetInt64()).ToArray(),
                    cells.Select(x => x.ValueKind == JsonValueKind.Null ? 0L : x.GetProperty("retained").GetInt64()).ToArray());
            })];
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>The peer: DuckDB's <c>read_csv</c> and the same definitions in SQL, in this process with all its threads.</summary>
    public static List<(string Cohort, long Size, long[] Observable, long[] Retained)> DuckDb(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var sql = $$"""
            WITH p AS (
                SELECT CustomerID AS c, CAST(InvoiceDate AS DATE) AS d
                FROM read_csv('{{path.Replace("'", "''", StringComparison.Ordinal)}}', header = true, delim = ',', quote = '"',
                    columns = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Quantity': 'INTEGER', 'InvoiceDate': 'TIMESTAMP',
                               'UnitPrice': 'DECIMAL(18, 2)', 'CustomerID': 'VARCHAR', 'Country': 'VARCHAR'})
                WHERE CustomerID IS NOT NULL AND NOT starts_with(InvoiceNo, 'C')),
            f AS (SELECT c, min(d) AS first FROM p GROUP BY c),
            a AS (SELECT max(d) AS as_of FROM p),
            h AS (
                SELECT p.c, bit_or(CASE p.d - f.first WHEN 1 THEN 1 WHEN 7 THEN 2 WHEN 30 THEN 4 ELSE 0 END) AS hits
                FROM p JOIN f USING (c) GROUP BY p.c)
            SELECT strftime(f.first, '%Y-%m-%d'), count(*),
                count(*) FILTER (WHERE f.first + 1 <= a.as_of), count(*) FILTER (WHERE f.first + 1 <= a.as_of AND h.hits & 1 <> 0),
                count(*) FILTER (WHERE f.first + 7 <= a.as_of), count(*) FILTER (WHERE f.first + 7 <= a.as_of AND h.hits & 2 <> 0),
                count(*) FILTER (WHERE f.first + 30 <= a.as_of), count(*) FILTER (WHERE f.first + 30 <= a.as_of AND h.hits & 4 <> 0)
            FROM f JOIN h USING (c) CROSS JOIN a
            GROUP BY f.first ORDER BY f.first
            """;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, long[], long[])>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), [reader.GetInt64(2), reader.GetInt64(4), reader.GetInt64(6)], [reader.GetInt64(3), reader.GetInt64(5), reader.GetInt64(7)]));
        }

        return rows;
    }

    /// <summary>Whether two results agree row by row; the first difference otherwise.</summary>
    public static string? Difference(List<(string Cohort, long Size, long[] Observable, long[] Retained)> expected, List<(string Cohort, long Size, long[] Observable, long[] Retained)> actual)
    {
        if (expected.Count != actual.Count)
        {
            return $"{expected.Count} cohorts against {actual.Count}";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (e.Cohort != a.Cohort || e.Size != a.Size || !e.Observable.SequenceEqual(a.Observable) || !e.Retained.SequenceEqual(a.Retained))
            {
                return $"cohort {e.Cohort}: {e.Size} [{string.Join(",", e.Observable)}] [{string.Join(",", e.Retained)}] against {a.Cohort}: {a.Size} [{string.Join(",", a.Observable)}] [{string.Join(",", a.Retained)}]";
            }
        }

        return null;
    }

    /// <summary>This process's peak resident memory (VmHWM), in bytes; 0 where /proc is not available.</summary>
    public static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
