using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary><c>loyalty recommend</c>: lists per customer, and the time-split evaluation on the real online-retail export.</summary>
public sealed class RecommendCommandTests() : TempFolderTests("loyalty-recommend-")
{
    private static readonly string[] Input = ["--input", ExportFormatTests.OnlineRetailPath(), "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
        "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--return-prefix", "C", "--product", "StockCode"];

    [Fact]
    public void Evaluation_OnTheOnlineRetailExport_ItemToItemBeatsPopularity_AndPersonalRepeatWinsOnAllPurchases()
    {
        var json = Path.Combine(Folder, "evaluation.json");
        var (exit, output, error) = CliRunner.Run(["recommend", .. Input, "--evaluate-at", "2011-06-30", "--resamples", "300", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("ranked over all 3,270 items", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var protocols = document.RootElement.GetProperty("protocols").EnumerateArray().ToArray();
        Assert.Equal(["all", "new"], protocols.Select(p => p.GetProperty("protocol").GetString()));
        foreach (var protocol in protocols)
        {
            Assert.True(protocol.GetProperty("customers").GetInt32() > 1000);
            var methods = protocol.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("method").GetString()!, m => m);
            double Get(string method, string metric, string part = "mean") => methods[method].GetProperty(metric).GetProperty(part).GetDouble();
            foreach (var method in methods.Keys)
            {
                foreach (var metric in new[] { "hitRate", "recall", "ndcg" })
                {
                    Assert.InRange(Get(method, metric), Get(method, metric, "low"), Get(method, metric, "high"));
                    Assert.InRange(Get(method, metric), 0, 1);
                }
            }

            Assert.True(Get("popularity", "itemNdcgMinusThis", "low") > 0, "item-to-item should beat popularity on NDCG@10");
            Assert.True(Get("item-to-item", "hitRate") > Get("popularity", "hitRate"));
            if (protocol.GetProperty("protocol").GetString() == "all")
            {
                // Wholesale customers re-buy: the simple baseline wins when re-purchases count.
                Assert.True(Get("personal repeat", "itemNdcgMinusThis", "high") < 0);
            }
            else
            {
                Assert.False(methods.ContainsKey("personal repeat"));
            }
        }
    }

    [Fact]
    public void Lists_OnASmallExport_MatchTheHandComputedRanking()
    {
        // a and b bought pen+ink; c bought pen+paper; d bought pen only. For d: ink (2 of pen's 4 buyers, ink has 2)
        // scores 2/√(4·2) = 0.7071, paper 1/√(4·1) = 0.5.
        var file = Path.Combine(Folder, "orders.csv");
        File.WriteAllLines(file, ["customer,time,sku", "a,2026-01-01,pen", "a,2026-01-01,ink", "b,2026-01-02,pen", "b,2026-01-02,ink", "c,2026-01-03,pen", "c,2026-01-03,paper", "d,2026-01-04,pen", "e,2026-01-04,\"glue, strong\""]);
        var json = Path.Combine(Folder, "lists.json");
        var (exit, output, error) = CliRunner.Run(["recommend", "--input", file, "--customer", "customer", "--time", "time", "--time-format", "uuuu-MM-dd", "--product", "sku", "--count", "3", "--half-life", "0", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("customer,rank,item,score,source", lines[0]);
        Assert.Equal(["d,1,ink,0.707107,similar", "d,2,paper,0.5,similar", "d,3,\"glue, strong\",1,popular"], lines.Where(l => l.StartsWith("d,", StringComparison.Ordinal)));
        Assert.Equal(["e,1,pen,4,popular", "e,2,ink,2,popular", "e,3,paper,1,popular"], lines.Where(l => l.StartsWith("e,", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("a,", StringComparison.Ordinal) && (l.Contains(",pen,", StringComparison.Ordinal) || l.Contains(",ink,", StringComparison.Ordinal)));
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(5, document.RootElement.GetProperty("customers").GetArrayLength());

        // Pens are consumables: d is offered pens again, after the similar items (pen is not its own neighbour).
        (exit, output, _) = CliRunner.Run(["recommend", "--input", file, "--customer", "customer", "--time", "time", "--time-format", "uuuu-MM-dd", "--product", "sku", "--count", "3", "--rebuyable", "pen", "--customers", "d"]);
        Assert.Equal(Cli.Success, exit);
        Assert.Equal(["d,1,ink,0.707107,similar", "d,2,paper,0.5,similar", "d,3,pen,4,popular"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void Lists_OnTheOnlineRetailExport_AreFullDistinctAndNew()
    {
        var (exit, output, error) = CliRunner.Run(["recommend", .. Input, "--customers", "17850.0,12583.0,13047.0", "--similarity", "bm25"]);
        Assert.True(exit == Cli.Success, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(',')).ToArray();
        var bought = ExportFormatTests.ReadLines(ExportFormatTests.OnlineRetailPath()).Skip(1).Select(ExportFormatTests.Fields)
            .Where(f => !f[0].StartsWith('C')).GroupBy(f => f[6]).ToDictionary(g => g.Key, g => g.Select(f => f[1]).ToHashSet());
        foreach (var customer in rows.GroupBy(r => r[0]))
        {
            Assert.Equal(10, customer.Count());
            Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), customer.Select(r => r[1]));
            Assert.Equal(10, customer.Select(r => r[2]).Distinct().Count());
            Assert.All(customer, r => Assert.DoesNotContain(r[2], bought[customer.Key]));
        }

        Assert.Equal(3, rows.Select(r => r[0]).Distinct().Count());
        var again = CliRunner.Run(["recommend", .. Input, "--customers", "17850.0,12583.0,13047.0", "--similarity", "bm25"]);
        Assert.Equal(output, again.Out);
    }

    [Theory]
    [InlineData(Cli.InvalidArguments, "--count", "0")]
    [InlineData(Cli.InvalidArguments, "--half-life", "-1")]
    [InlineData(Cli.InvalidArguments, "--evaluate-at", "2011-09-30")]
    [InlineData(Cli.InputProblem, "--customers", "nobody")]
    [InlineData(Cli.InvalidArguments, "--similarity", "jaccard")]
    public void BadOptions_AreRefused(int expected, string option, string value)
    {
        var (exit, _, error) = CliRunner.Run(["recommend", .. Input, option, value]);
        Assert.Equal(expected, exit);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void WithoutAProductColumn_ItSaysWhatItNeeds()
    {
        var (exit, _, error) = CliRunner.Run(["recommend", .. Input[..^2]]);
        Assert.Equal(Cli.InvalidArguments, exit);
        Assert.Contains("--product", error, StringComparison.Ordinal);
    }
}
