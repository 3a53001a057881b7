using System;
using System.Globalization;
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
    [InlineData("pattern")]
    [InlineData("negative")]
    public void OnlineRetail_ReturnRows_AreNotPurchases_InEverySubcommand(string rule)
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var lines = ExportFormatTests.ReadLines(path);
        bool IsReturn(string[] f) => rule is "prefix" or "pattern" ? f[0].StartsWith('C') : decimal.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) < 0;
        var withCustomer = lines.Skip(1).Select(l => (Line: l, Fields: ExportFormatTests.Fields(l))).Where(r => r.Fields[6].Trim().Length > 0).ToList();
        var returns = withCustomer.Where(r => IsReturn(r.Fields)).ToList();
        var filtered = Path.Combine(Folder, "filtered.csv");
        File.WriteAllLines(filtered, [lines[0], .. lines.Skip(1).Where(l => !IsReturn(ExportFormatTests.Fields(l)))]);
        string[] option = rule switch { "prefix" => ["--return-prefix", "C"], "pattern" => ["--return-pattern", "^C[0-9]+$"], _ => ["--return-negative"] };

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

    /// <summary>
    /// With --product, a cancellation undoes the customer's most recent earlier purchase of its product: RFM monetary
    /// is what was kept, an order returned whole is no purchase (frequency, cohorts), and a customer with nothing kept
    /// is no customer. Checked against a slow reference written here from that definition.
    /// </summary>
    [Fact]
    public void OnlineRetail_LinkedReturns_LowerMonetary_AndOrdersReturnedWholeAreNoPurchases()
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var rows = ExportFormatTests.ReadLines(path).Skip(1).Select(ExportFormatTests.Fields).Where(f => f[6].Trim().Length > 0)
            .Select((f, i) => (Index: i, Order: f[0], Product: f[1], Quantity: decimal.Parse(f[3], CultureInfo.InvariantCulture), Time: f[4], Amount: decimal.Parse(f[3], CultureInfo.InvariantCulture) * decimal.Parse(f[5], CultureInfo.InvariantCulture), Customer: f[6].Trim()))
            .ToList();
        var purchases = rows.Where(r => !r.Order.StartsWith('C')).ToList();
        var left = purchases.ToDictionary(p => p.Index, p => Math.Max(0m, p.Quantity));
        foreach (var r in rows.Where(r => r.Order.StartsWith('C')).OrderBy(r => r.Time, StringComparer.Ordinal).ThenBy(r => r.Index))
        {
            var wanted = Math.Abs(r.Quantity);
            foreach (var p in purchases.Where(p => p.Customer == r.Customer && p.Product == r.Product && string.CompareOrdinal(p.Time, r.Time) <= 0).OrderByDescending(p => p.Time, StringComparer.Ordinal).ThenByDescending(p => p.Index))
            {
                var take = Math.Min(wanted, left[p.Index]);
                left[p.Index] -= take;
                wanted -= take;
            }
        }

        bool Whole((int Index, string Order, string Product, decimal Quantity, string Time, decimal Amount, string Customer) p) => p.Quantity > 0 && left[p.Index] == 0;
        var kept = purchases.GroupBy(p => (p.Customer, p.Order)).Where(o => !o.All(Whole)).SelectMany(o => o).ToList();
        var expected = kept.GroupBy(p => p.Customer).ToDictionary(
            c => c.Key,
            c => (Frequency: c.Select(p => p.Order).Distinct().Count(), Monetary: c.Sum(p => left[p.Index] == Math.Max(0m, p.Quantity) ? p.Amount : p.Amount / p.Quantity * left[p.Index])));

        var (json, error) = Json("rfm", path, ["--return-prefix", "C", "--product", "StockCode"]);
        using var document = JsonDocument.Parse(json);
        var actual = document.RootElement.GetProperty("customers").EnumerateArray().ToDictionary(c => c.GetProperty("customer").GetString()!, c => (Frequency: c.GetProperty("frequency").GetInt32(), Monetary: c.GetProperty("monetary").GetDecimal()));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.Equal((e.Value.Frequency, Math.Round(e.Value.Monetary, 2)), (actual[e.Key].Frequency, Math.Round(actual[e.Key].Monetary, 2))));

        var wholeOrders = purchases.GroupBy(p => (p.Customer, p.Order)).Count(o => o.All(Whole));
        Assert.Contains($"{wholeOrders:N0} order(s) returned whole are not purchases", error, StringComparison.Ordinal);
        Assert.True(wholeOrders > 50, $"{wholeOrders} orders returned whole");
        Assert.True(expected.Count < purchases.Select(p => p.Customer).Distinct().Count(), "some customer returned everything");

        // The cohorts agree: a customer starts a cohort on the first order kept.
        var (retention, _) = Json("retention", path, ["--return-prefix", "C", "--product", "StockCode", "--cohort", "month"]);
        using var cohorts = JsonDocument.Parse(retention);
        Assert.Equal(expected.Count, cohorts.RootElement.GetProperty("cohorts").EnumerateArray().Sum(c => c.GetProperty("size").GetInt32()));

        // Return rates are relative to what was bought: per cohort, linking changes nothing.
        var (linkedRates, _) = Json("returns", path, ["--return-prefix", "C", "--product", "StockCode", "--cohort", "month"]);
        var (plainRates, _) = Json("returns", path, ["--return-prefix", "C", "--cohort", "month"]);
        Assert.Equal(JsonDocument.Parse(plainRates).RootElement.GetProperty("cohorts").GetRawText(), JsonDocument.Parse(linkedRates).RootElement.GetProperty("cohorts").GetRawText());
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
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["retention", "--input", csv, "--customer", "customer", "--time", "time", "--return-pattern", "^C"]).Exit); // no --order
        var (badPattern, _, patternMessage) = CliRunner.Run(["retention", .. columns, "--return-pattern", "C(("]);
        Assert.Equal(Cli.InvalidArguments, badPattern);
        Assert.Contains("--return-pattern 'C((' is not a usable regular expression", patternMessage, StringComparison.Ordinal);
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
