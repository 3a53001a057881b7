using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary><c>loyalty churn --supervised</c> on CDNOW and on the online-retail export.</summary>
public sealed class SupervisedChurnCommandTests() : TempFolderTests("loyalty-churn-model-")
{
    private static readonly string[] Cdnow = ["--input", CliTests.CdnowPath(), "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd", "--delimiter", "whitespace", "--amount", "dollar_value"];

    [Fact]
    public void OnCdnow_TheModelIsComparedWithEveryBaseline_AndSaysWhichWins()
    {
        var json = Path.Combine(Folder, "churn.json");
        var (exit, output, error) = CliRunner.Run(["churn", .. Cdnow, "--calibration-end", "1998-03-31", "--holdout-end", "1998-06-30", "--supervised", "--resamples", "100", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(91, root.GetProperty("horizonDays").GetInt32());
        Assert.Equal(23570, root.GetProperty("customers").GetInt32());
        var scores = root.GetProperty("scores").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["model", "recency", "rfm", "bgnbd", "mbgnbd"], scores.Keys);
        Assert.True(scores["model"].GetProperty("rocAuc").GetDouble() > 0.8);
        Assert.Equal(JsonValueKind.Null, scores["recency"].GetProperty("brier").ValueKind); // a ranking, not a probability
        foreach (var name in scores.Keys.Skip(1))
        {
            var d = scores[name].GetProperty("rocAucDifference");
            Assert.Equal(scores["model"].GetProperty("rocAuc").GetDouble() - scores[name].GetProperty("rocAuc").GetDouble(), d.GetProperty("mean").GetDouble(), 12);
            Assert.InRange(d.GetProperty("mean").GetDouble(), d.GetProperty("low").GetDouble(), d.GetProperty("high").GetDouble());
            Assert.Contains(name, output, StringComparison.Ordinal);
        }

        Assert.Contains("the model ranks churners better than recency", output, StringComparison.Ordinal);
        Assert.Equal(10, root.GetProperty("calibration").GetArrayLength());
        Assert.Equal(8, root.GetProperty("weights").EnumerateObject().Count()); // no categories or returns in CDNOW
    }

    [Fact]
    public void OnOnlineRetail_ReturnsAndBreadthAreFeatures()
    {
        var json = Path.Combine(Folder, "churn.json");
        var (exit, _, error) = CliRunner.Run(["churn", "--input", ExportFormatTests.OnlineRetailPath(), "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--return-prefix", "C", "--category", "StockCode",
            "--calibration-end", "2011-06-01", "--holdout-end", "2011-08-31", "--supervised", "--origins", "2", "--resamples", "100", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var weights = document.RootElement.GetProperty("weights");
        Assert.True(weights.TryGetProperty("returns share", out _));
        Assert.True(weights.TryGetProperty("category breadth", out _));
        Assert.True(document.RootElement.GetProperty("scores")[0].GetProperty("rocAuc").GetDouble() > 0.7);
    }

    [Theory]
    [InlineData(Cli.InvalidArguments, "--calibration-end", "1998-03-31")] // no --holdout-end
    [InlineData(Cli.InputProblem, "--calibration-end", "1998-03-31", "--holdout-end", "1998-09-30")] // the horizon runs past the data
    [InlineData(Cli.InputProblem, "--calibration-end", "1997-01-10", "--holdout-end", "1997-01-20")] // no earlier cutoff with purchases
    public void BadHorizons_AreRefused(int expected, params string[] dates)
    {
        var (exit, _, error) = CliRunner.Run(["churn", .. Cdnow, "--supervised", .. dates]);
        Assert.Equal(expected, exit);
        Assert.NotEmpty(error);
    }
}
