using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// Returns and cancellations are not purchases: on the real online-retail export (cancellations are invoices
/// prefixed C; returns and adjustments have negative quantities), the tool with a return option gives what it gives on
/// the same export with those rows removed beforehand, and reports how many it set aside.
/// </summary>
public sealed class ReturnRowTests() : TempFolderTests("loyalty-returns-")
{
    [Theory]
    [InlineData("prefix")]
    [InlineData("negative")]
    public void OnlineRetail_ReturnRows_AreNotPurchases_InEverySubcommand(string rule)
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var lines = ExportFormatTests.ReadLines(path);
        bool IsReturn(string[] f) => rule == "prefix" ? f[0].StartsWith('C') : decimal.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) < 0;
        var withCustomer = lines.Skip(1).Select(l => (Line: l, Fields: ExportFormatTests.Fields(l))).Where(r => r.Fields[6].Trim().Length > 0).ToList();
        var returns = withCustomer.Where(r => IsReturn(r.Fields)).ToList();
        var filtered = Path.Combine(Folder, "filtered.csv");
        File.WriteAllLines(filtered, [lines[0], .. lines.Skip(1).Where(l => !IsReturn(ExportFormatTests.Fields(l)))]);
        string[] option = rule == "prefix" ? ["--return-prefix", "C"] : ["--return-negative"];

        foreach (var command in new[] { "retention", "repeat", "rfm" })
        {
            var (expected, _) = Json(command, filtered, []);
            var (actual, error) = Json(command, path, option);
            Assert.Equal(expected, actual);
            var returned = returns.Sum(r => Math.Abs(decimal.Parse(r.Fields[3], System.Globalization.CultureInfo.InvariantCulture) * decimal.Parse(r.Fields[5], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains($"loyalty: {returns.Count:N0} of {lines.Length - 1:N0} row(s) were returns or cancellations and are not purchases (their amounts: {returned.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)}).", error, StringComparison.Ordinal);
        }

        Assert.True(returns.Count > 5_000, $"{returns.Count} return rows");
    }

    [Fact]
    public void AStatusColumn_MarksCancelledOrders_AndTheOptionsAreCheckedTogether()
    {
        var csv = Path.Combine(Folder, "orders.csv");
        File.WriteAllText(csv, "customer,order,time,total,status\nc1,o1,2024-01-01,10,delivered\nc1,o2,2024-01-02,20,Canceled\nc2,o3,2024-01-02,5,returned\nc2,o4,2024-01-09,7,delivered\n");
        string[] columns = ["--input", csv, "--customer", "customer", "--time", "time", "--order", "order", "--amount", "total"];
        var json = Path.Combine(Folder, "rfm.json");
        var (exit, _, error) = CliRunner.Run(["rfm", .. columns, "--status", "status", "--return-status", "canceled, returned", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("2 of 4 row(s) were returns or cancellations", error, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var customers = document.RootElement.GetProperty("customers").EnumerateArray().ToDictionary(c => c.GetProperty("customer").GetString()!, c => (c.GetProperty("frequency").GetInt32(), c.GetProperty("monetary").GetDecimal()));
        Assert.Equal((1, 10m), customers["c1"]);
        Assert.Equal((1, 7m), customers["c2"]);

        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["rfm", .. columns, "--status", "status"]).Exit);
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["retention", "--input", csv, "--customer", "customer", "--time", "time", "--return-prefix", "C"]).Exit);
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["retention", "--input", csv, "--customer", "customer", "--time", "time", "--return-negative"]).Exit);
        var (missing, _, message) = CliRunner.Run(["rfm", .. columns, "--status", "state", "--return-status", "canceled"]);
        Assert.Equal(Cli.InputProblem, missing);
        Assert.Contains("--status 'state': no such column", message, StringComparison.Ordinal);
    }

    private (string Json, string Error) Json(string command, string input, string[] extra)
    {
        var json = Path.Combine(Folder, $"{command}-{Guid.NewGuid():N}.json");
        var (exit, _, error) = CliRunner.Run([command, "--input", input, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--json", json, .. extra]);
        Assert.True(exit == Cli.Success, error);
        return (File.ReadAllText(json), error);
    }
}
