using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary><c>loyalty returns</c> on the real online-retail export, against a LINQ computation from the rows.</summary>
public sealed class ReturnRatesTests() : TempFolderTests("loyalty-return-rates-")
{
    [Fact]
    public void OnlineRetail_ReturnRatesPerMonthlyCohort_MatchTheRows()
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var json = Path.Combine(Folder, "returns.json");
        var (exit, output, error) = CliRunner.Run("returns", "--input", path, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--return-prefix", "C", "--cohort", "month", "--json", json);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("RFM segment", output, StringComparison.Ordinal);

        var rows = ExportFormatTests.ReadLines(path).Skip(1).Select(ExportFormatTests.Fields).Where(f => f[6].Trim().Length > 0)
            .Select(f => (Customer: f[6].Trim(), Invoice: f[0], Date: f[4][..10], Amount: decimal.Parse(f[3], CultureInfo.InvariantCulture) * decimal.Parse(f[5], CultureInfo.InvariantCulture), Return: f[0].StartsWith('C')))
            .ToList();
        var cohortOf = rows.Where(r => !r.Return).GroupBy(r => r.Customer).ToDictionary(g => g.Key, g => g.Min(r => r.Date)![..7] + "-01");
        var expected = cohortOf.GroupBy(c => c.Value).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var customers = g.Select(c => c.Key).ToHashSet();
            var purchases = rows.Where(r => !r.Return && customers.Contains(r.Customer)).ToList();
            var returns = rows.Where(r => r.Return && customers.Contains(r.Customer)).ToList();
            return (g.Key, customers.Count, purchases.Select(r => (r.Customer, r.Invoice)).Distinct().LongCount(), purchases.Sum(r => r.Amount),
                returns.Select(r => (r.Customer, r.Invoice)).Distinct().LongCount(), returns.Sum(r => Math.Abs(r.Amount)));
        }).ToList();

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var actual = document.RootElement.GetProperty("cohorts").EnumerateArray().Select(c => (c.GetProperty("group").GetString()!, c.GetProperty("customers").GetInt32(),
            c.GetProperty("orders").GetInt64(), c.GetProperty("amount").GetDecimal(), c.GetProperty("returnedOrders").GetInt64(), c.GetProperty("returnedAmount").GetDecimal())).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(9, actual.Count);
        Assert.Equal(rows.Count(r => r.Return && !cohortOf.ContainsKey(r.Customer)), document.RootElement.GetProperty("unmatchedReturnRows").GetInt64());

        // The segments partition the same customers: their totals add up to the overall row.
        var segments = document.RootElement.GetProperty("segments").EnumerateArray().ToList();
        var overall = document.RootElement.GetProperty("overall");
        Assert.Equal(overall.GetProperty("customers").GetInt32(), segments.Sum(s => s.GetProperty("customers").GetInt32()));
        Assert.Equal(overall.GetProperty("returnedAmount").GetDecimal(), segments.Sum(s => s.GetProperty("returnedAmount").GetDecimal()));
    }

    [Fact]
    public void WithoutAReturnOption_ItIsAnArgumentError()
    {
        var csv = Path.Combine(Folder, "a.csv");
        File.WriteAllText(csv, "customer,time\nc1,2024-01-01\n");
        var (exit, _, error) = CliRunner.Run("returns", "--input", csv, "--customer", "customer", "--time", "time");
        Assert.Equal(Cli.InvalidArguments, exit);
        Assert.Contains("needs to know what a return is", error, StringComparison.Ordinal);
    }
}
