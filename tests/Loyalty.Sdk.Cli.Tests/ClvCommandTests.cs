using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary><c>loyalty clv</c> on the real CDNOW purchases: the summaries it reports against a LINQ reference, and its rules.</summary>
public sealed class ClvCommandTests() : TempFolderTests("loyalty-clv-")
{
    private static readonly string[] Input = ["--input", SharedData.File("cdnow", "CDNOW_master.txt"), "--delimiter", "whitespace", "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd"];

    [Theory]
    [InlineData("mbgnbd")]
    [InlineData("bgnbd")]
    [InlineData("pareto")]
    public void OnCdnow_EveryCustomerIsValued_FromSummariesThatMatchTheReference(string model)
    {
        var json = Path.Combine(Folder, $"clv-{model}.json");
        var (exit, output, error) = CliRunner.Run(["clv", .. Input, "--amount", "dollar_value", "--as-of", "1997-09-30", "--model", model, "--top", "3", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("CLV over 12 months as of 1997-09-30", output, StringComparison.Ordinal);

        // The reference: distinct purchase days per customer up to the calibration end, in weeks.
        var end = new DateOnly(1997, 9, 30).DayNumber;
        var expected = File.ReadLines(SharedData.File("cdnow", "CDNOW_master.txt")).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Customer: f[0], Day: DateOnly.ParseExact(f[1], "yyyyMMdd", CultureInfo.InvariantCulture).DayNumber))
            .Where(p => p.Day <= end).GroupBy(p => p.Customer)
            .ToDictionary(g => g.Key, g => (X: g.Select(p => p.Day).Distinct().Count() - 1, Recency: (g.Max(p => p.Day) - g.Min(p => p.Day)) / 7.0, T: (end - g.Min(p => p.Day)) / 7.0));
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var customers = document.RootElement.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(expected.Count, customers.Count);
        Assert.All(customers, c =>
        {
            var e = expected[c.GetProperty("customer").GetString()!];
            Assert.Equal(e.X, c.GetProperty("frequency").GetInt32());
            Assert.Equal(e.Recency, c.GetProperty("recency").GetDouble(), 9);
            Assert.Equal(e.T, c.GetProperty("T").GetDouble(), 9);
            Assert.InRange(c.GetProperty("pAlive").GetDouble(), 0, 1);
            Assert.True(c.GetProperty("clv").GetDouble() >= 0 && c.GetProperty("expectedSpend").GetDouble() > 0);
        });
        var values = customers.Select(c => c.GetProperty("clv").GetDouble()).ToList();
        Assert.Equal(values.OrderDescending(), values);
        var oneTime = customers.Where(c => c.GetProperty("frequency").GetInt32() == 0).Select(c => c.GetProperty("pAlive").GetDouble()).ToList();
        Assert.True(model == "bgnbd" ? oneTime.All(p => p == 1) : oneTime.Any(p => p < 1), "only BG/NBD calls every one-time buyer alive");
    }

    [Fact]
    public void BadOptionsAndDegenerateData_AreClearErrors()
    {
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["clv", .. Input]).Exit); // no amount
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["clv", .. Input, "--amount", "dollar_value", "--months", "0"]).Exit);
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["clv", .. Input, "--amount", "dollar_value", "--discount", "-0.1"]).Exit);
        var csv = Path.Combine(Folder, "once.csv");
        File.WriteAllText(csv, "customer,time,amount\na,2024-01-01,10\nb,2024-01-02,20\n");
        var (exit, _, error) = CliRunner.Run(["clv", "--input", csv, "--customer", "customer", "--time", "time", "--amount", "amount"]);
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("cannot be fitted", error, StringComparison.Ordinal);
    }
}
