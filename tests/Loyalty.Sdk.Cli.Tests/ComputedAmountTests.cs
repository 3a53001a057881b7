using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// Amounts computed as quantity × unit price, exactly, and the same input options on every subcommand. On the real
/// online-retail export (which has no amount column), checked against a slow LINQ computation written here. (Its
/// cancellation rows still count as purchases in this test: what a return is, is a separate option.)
/// </summary>
public sealed class ComputedAmountTests() : TempFolderTests("loyalty-amounts-")
{
    [Fact]
    public void Rfm_OnOnlineRetail_MonetaryIsTheExactSumOfQuantityTimesUnitPrice()
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var json = Path.Combine(Folder, "rfm.json");
        var (exit, _, error) = Run("rfm", "--input", path, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--json", json);
        Assert.True(exit == Cli.Success, error);

        // The reference: every row with a customer, quantity × unit price in decimal, summed per customer.
        var expected = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var fields in Rows(path))
        {
            var customer = fields[6].Trim();
            if (customer.Length == 0)
            {
                continue;
            }

            var amount = decimal.Parse(fields[3], CultureInfo.InvariantCulture) * decimal.Parse(fields[5], CultureInfo.InvariantCulture);
            expected[customer] = expected.GetValueOrDefault(customer) + amount;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var actual = document.RootElement.GetProperty("customers").EnumerateArray()
            .ToDictionary(c => c.GetProperty("customer").GetString()!, c => c.GetProperty("monetary").GetDecimal(), StringComparer.Ordinal);
        Assert.Equal(3360, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (customer, total) in expected)
        {
            Assert.Equal(total, actual[customer]);
        }
    }

    [Fact]
    public void Churn_AcceptsTheOrderAndAmountOptions_LikeEverySubcommand()
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var (exit, output, error) = Run("churn", "--input", path, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice",
            "--calibration-end", "2011-05-31", "--holdout-end", "2011-08-31");
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("AUC", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AmountOptions_Misused_AreArgumentErrors_AndBadNumbers_AreBadRows()
    {
        var csv = Path.Combine(Folder, "lines.csv");
        File.WriteAllText(csv, "customer,time,qty,price\nc1,2024-01-01,2,1.25\nc1,2024-01-03,x,1\nc2,2024-01-02,3,y\nc3,2024-01-02,79228162514264337593543950335,2\nc2,2024-01-05,1,0.10\n");
        string[] columns = ["--input", csv, "--customer", "customer", "--time", "time"];

        var (exit, _, error) = Run(["rfm", .. columns, "--quantity", "qty"]);
        Assert.Equal(Cli.InvalidArguments, exit);
        Assert.Contains("--quantity and --unit-price go together", error, StringComparison.Ordinal);

        (exit, _, error) = Run(["rfm", .. columns, "--quantity", "qty", "--unit-price", "price", "--amount", "price"]);
        Assert.Equal(Cli.InvalidArguments, exit);
        Assert.Contains("not both", error, StringComparison.Ordinal);

        (exit, _, error) = Run(["rfm", .. columns]);
        Assert.Equal(Cli.InvalidArguments, exit);
        Assert.Contains("'rfm' needs an amount", error, StringComparison.Ordinal);

        var json = Path.Combine(Folder, "rfm.json");
        (exit, _, error) = Run(["rfm", .. columns, "--quantity", "qty", "--unit-price", "price", "--json", json]);
        Assert.Equal(Cli.Success, exit);
        Assert.Contains("3 of 5 row(s) could not be used and were skipped (quantity × unit price out of range: 1; unparsable quantity: 1; unparsable unit price: 1):", error, StringComparison.Ordinal);
        Assert.Contains("line 3: unparsable quantity 'x'", error, StringComparison.Ordinal);
        Assert.Contains("line 4: unparsable unit price 'y'", error, StringComparison.Ordinal);
        Assert.Contains("line 5: quantity × unit price out of range", error, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var monetary = document.RootElement.GetProperty("customers").EnumerateArray().ToDictionary(c => c.GetProperty("customer").GetString()!, c => c.GetProperty("monetary").GetDecimal());
        Assert.Equal(2.5m, monetary["c1"]);
        Assert.Equal(0.1m, monetary["c2"]);
    }

    [Theory]
    [InlineData("retention")]
    [InlineData("repeat")]
    [InlineData("cross")]
    [InlineData("rfm")]
    [InlineData("report")]
    [InlineData("reactivation")]
    [InlineData("returns")]
    [InlineData("churn")]
    public void Help_ShowsAnExampleOnRealColumns_ThatParses(string command)
    {
        var (exit, output, _) = Run(command, "--help");
        Assert.Equal(Cli.Success, exit);
        var example = output[(output.IndexOf("  loyalty " + command + " ", StringComparison.Ordinal) + "  loyalty ".Length)..].Split('\n')[0].Trim();
        Assert.StartsWith(command + " --input ", example, StringComparison.Ordinal);

        // The example's options are all the command's own: only the input file is missing here.
        var args = System.Text.RegularExpressions.Regex.Matches(example, "\"[^\"]*\"|\\S+").Select(m => m.Value.Trim('"')).ToArray();
        args[2] = Path.Combine(Folder, "missing.csv");
        var (code, _, error) = Run(args);
        Assert.True(code == Cli.InputProblem, error);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    /// <summary>The export's rows as fields (RFC 4180 quoting), without the header.</summary>
    private static IEnumerable<string[]> Rows(string gzip)
    {
        using var file = File.OpenRead(gzip);
        using var zip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(zip);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            yield return ExportFormatTests.Fields(line);
        }
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);
}
