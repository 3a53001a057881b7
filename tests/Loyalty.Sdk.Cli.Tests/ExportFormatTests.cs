using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// One export in every form the tool reads gives the same answer: the real online-retail export (gzip as shipped),
/// decompressed to CSV, as tab-separated text, and split into a folder of monthly files (some of them compressed).
/// </summary>
public sealed class ExportFormatTests() : TempFolderTests("loyalty-formats-")
{
    [Fact]
    public void OnlineRetail_CsvGzip_Csv_Tsv_AndAFolderOfMonths_GiveTheSameRetention()
    {
        var gzip = OnlineRetailPath();
        var lines = ReadLines(gzip);
        var csv = Path.Combine(Folder, "retail.csv");
        File.WriteAllLines(csv, lines);
        var tsv = Path.Combine(Folder, "retail.tsv");
        File.WriteAllLines(tsv, lines.Select(ToTabs));

        // A folder of monthly files, in name order, the odd months compressed; each repeats the header.
        var months = Path.Combine(Folder, "months");
        Directory.CreateDirectory(months);
        foreach (var (month, index) in lines.Skip(1).GroupBy(l => Month(l)).Select((g, i) => (g, i)))
        {
            var name = Path.Combine(months, $"retail-{month.Key}.csv");
            string[] content = [lines[0], .. month];
            if (index % 2 == 1)
            {
                using var file = File.Create(name + ".gz");
                using var zip = new GZipStream(file, CompressionLevel.Fastest);
                using var writer = new StreamWriter(zip);
                writer.Write(string.Join('\n', content) + '\n');
            }
            else
            {
                File.WriteAllLines(name, content);
            }
        }

        File.WriteAllText(Path.Combine(months, "README.md"), "not data: skipped");

        var expected = Retention(gzip, "gzip");
        Assert.Contains("\"cohorts\"", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Retention(csv, "csv"));
        Assert.Equal(expected, Retention(tsv, "tsv"));
        Assert.Equal(expected, Retention(months, "folder"));
    }

    [Fact]
    public void AFolder_WithAnotherHeader_OrNoDataFiles_AndACorruptGzip_AreInputProblems_NamingTheFile()
    {
        var folder = Path.Combine(Folder, "mixed");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.csv"), "customer,time\nc1,2024-01-01\n");
        File.WriteAllText(Path.Combine(folder, "b.csv"), "client,time\nc2,2024-01-02\n");
        var (exit, _, error) = Run("retention", "--input", folder, "--customer", "customer", "--time", "time");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("'b.csv'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        var empty = Path.Combine(Folder, "empty");
        Directory.CreateDirectory(empty);
        (exit, _, error) = Run("retention", "--input", empty, "--customer", "customer", "--time", "time");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("no .csv", error, StringComparison.Ordinal);

        var corrupt = Path.Combine(Folder, "corrupt.csv.gz");
        File.WriteAllBytes(corrupt, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7]);
        (exit, _, error) = Run("retention", "--input", corrupt, "--customer", "customer", "--time", "time");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("corrupt.csv.gz", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AGzipDamagedPartWay_IsAnInputProblem_NamingTheFile()
    {
        var lines = string.Join('\n', new[] { "customer,time" }.Concat(Enumerable.Range(0, 200_000).Select(i => $"c{i % 5000},2024-01-{1 + (i % 28):D2}")));
        using var packed = new MemoryStream();
        using (var zip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new StreamWriter(zip))
        {
            writer.Write(lines);
        }

        var bytes = packed.ToArray();
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 64; i++)
        {
            bytes[i] ^= 0x5a;
        }

        var path = Path.Combine(Folder, "damaged.csv.gz");
        File.WriteAllBytes(path, bytes);
        var (exit, _, error) = Run("retention", "--input", path, "--customer", "customer", "--time", "time");
        Assert.True(exit == Cli.InputProblem, error);
        Assert.Contains("damaged.csv.gz", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRowsInAFolder_AreReportedWithTheirFileAndLine()
    {
        var folder = Path.Combine(Folder, "days");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "2024-01-01.csv"), "customer,time\nc1,2024-01-01\nc2,2024-01-01\n");
        File.WriteAllText(Path.Combine(folder, "2024-01-02.csv"), "customer,time\nc1,2024-01-02\nc3,yesterday\n");
        var (exit, _, error) = Run("retention", "--input", folder, "--customer", "customer", "--time", "time");
        Assert.Equal(Cli.Success, exit);
        Assert.Contains("1 of 4 row(s)", error, StringComparison.Ordinal);
        Assert.Contains("2024-01-02.csv line 3: unparsable time 'yesterday'", error, StringComparison.Ordinal);
    }

    internal static string OnlineRetailPath() => SharedData.File("online_retail", "online_retail_2010-12_2011-08.csv.gz");

    internal static string[] ReadLines(string gzip)
    {
        using var file = File.OpenRead(gzip);
        using var zip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(zip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    /// <summary>The month of an order line (InvoiceDate is the fifth column, yyyy-MM-dd …; descriptions may hold quoted commas).</summary>
    private static string Month(string line) => Fields(line)[4][..7];

    private static string ToTabs(string line) => string.Join('\t', Fields(line));

    /// <summary>RFC 4180 fields (quotes removed; the data has no tabs).</summary>
    internal static string[] Fields(string line)
    {
        var fields = new System.Collections.Generic.List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private string Retention(string input, string name)
    {
        var json = Path.Combine(Folder, name + ".json");
        var (exit, _, error) = Run("retention", "--input", input, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--cohort", "month", "--json", json);
        Assert.True(exit == Cli.Success, error);
        return File.ReadAllText(json);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);
}
