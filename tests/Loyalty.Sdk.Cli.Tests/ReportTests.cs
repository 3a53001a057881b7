using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// The HTML report, rendered by a real browser: Debian's Chromium, headless (<c>.ci/run</c> installs it when
/// missing; <c>LOYALTY_CHROMIUM</c> names another binary). Without a browser the test is skipped locally and fails under CI.
/// </summary>
public sealed class ReportTests() : TempFolderTests("loyalty-report-")
{
    private static string? Chromium()
    {
        var configured = Environment.GetEnvironmentVariable("LOYALTY_CHROMIUM");
        var path = !string.IsNullOrEmpty(configured) ? configured : "/usr/bin/chromium";
        if (File.Exists(path))
        {
            return path;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"Chromium was not found at {path}; .ci/run installs Debian's chromium package.");
        return null;
    }

    private static (string Stdout, string Stderr) Browse(string chromium, params string[] args)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "Chromium did not finish");
        return (stdout.Result, stderr.Result);
    }

    [SkippableFact]
    public void Report_OnCdnow_RendersInABrowser_WithoutConsoleErrors_AndShowsTheFigures()
    {
        var chromium = Chromium();
        Skip.If(chromium is null, "Chromium is not installed (apt-get install chromium); .ci/run installs it.");

        var page = Path.Combine(Folder, "report.html");
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var cdnow = CliTests.CdnowPath();
        var exit = Cli.Run(["report", "--input", cdnow, "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd", "--delimiter", "whitespace",
            "--amount", "dollar_value", "--cohort", "month", "--days", "7,30,90", "--definition", "within", "--out", page], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());

        var html = File.ReadAllText(page);
        Assert.DoesNotMatch(new Regex("<script[^>]+src=|<link[^>]+href=|@import|url\\(", RegexOptions.IgnoreCase), html); // self-contained

        var (dom, log) = Browse(chromium!, "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.DoesNotContain(":CONSOLE", log, StringComparison.Ordinal); // no console messages, errors or uncaught exceptions
        Assert.Contains("data-rendered=\"true\"", dom, StringComparison.Ordinal); // the inline script ran
        Assert.Contains("id=\"segment-total\">23,570<", dom, StringComparison.Ordinal);
        Assert.Contains("<th class=\"overall\">29.2%</th>", dom, StringComparison.Ordinal); // D90 within, as the CLI and library compute it

        // On CDNOW the model sees dropout: the at-risk list is led by the customer with the most value at risk, as clv says.
        var clvJson = Path.Combine(Folder, "clv.json");
        Assert.Equal(0, CliRunner.Run(["clv", "--input", cdnow, "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd", "--delimiter", "whitespace", "--amount", "dollar_value", "--json", clvJson]).Exit);
        using var clv = System.Text.Json.JsonDocument.Parse(File.ReadAllText(clvJson));
        var mostAtRisk = clv.RootElement.GetProperty("customers").EnumerateArray().MaxBy(c => c.GetProperty("valueAtRisk").GetDouble()).GetProperty("customer").GetString();
        Assert.Contains("id=\"clv-distribution\"", dom, StringComparison.Ordinal);
        Assert.Matches(new Regex($"<table id=\"churn\"><thead>.*?</thead><tbody>\\s*<tr><td class=\"cohort\">{Regex.Escape(mostAtRisk!)}</td>", RegexOptions.Singleline), dom);
        Assert.Contains("49.5%", dom, StringComparison.Ordinal); // the repeat-purchase rate

        // The churn model's section: its ROC AUC as churn --supervised computes it for the same cutoff, and ten lift bars.
        var churnJson = Path.Combine(Folder, "churn.json");
        Assert.Equal(0, CliRunner.Run(["churn", "--input", cdnow, "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd", "--delimiter", "whitespace", "--amount", "dollar_value",
            "--calibration-end", "1998-04-01", "--holdout-end", "1998-06-30", "--supervised", "--resamples", "50", "--json", churnJson]).Exit);
        using var churn = System.Text.Json.JsonDocument.Parse(File.ReadAllText(churnJson));
        var auc = churn.RootElement.GetProperty("scores")[0].GetProperty("rocAuc").GetDouble();
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<td class=\"cohort\">model</td><td>{auc:0.000}</td>"), dom, StringComparison.Ordinal);
        Assert.Equal(10, Regex.Matches(dom, "class=\"lift-bar\"").Count);
        Assert.Contains("Hibernating", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(Folder, "report.png");
        Browse(chromium!, "--hide-scrollbars", "--window-size=1100,1500", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot has content");
    }

    [SkippableFact]
    public void Report_OnOnlineRetail_ShowsCurvesReactivationReturnsAndSatisfaction_InABrowser()
    {
        var chromium = Chromium();
        Skip.If(chromium is null, "Chromium is not installed (apt-get install chromium); .ci/run installs it.");

        var page = Path.Combine(Folder, "retail.html");
        string[] input = ["--input", ExportFormatTests.OnlineRetailPath(), "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--return-prefix", "C", "--product", "StockCode"];
        var reviews = Path.Combine(Folder, "reviews.csv");
        SatisfactionCommandTests.Reviews.WriteByOrder(SatisfactionCommandTests.Export.Read(), reviews, scale: 5);
        string[] reviewOptions = ["--reviews", reviews, "--review-order", "InvoiceNo", "--review-score", "score", "--review-time", "reviewed_at", "--cohort", "month"];
        var (exit, _, error) = CliRunner.Run(["report", .. input, "--days", "7,30,90", "--dormancy-days", "60", .. reviewOptions, "--out", page]);
        Assert.True(exit == 0, error);
        var satisfactionJson = Path.Combine(Folder, "satisfaction.json");
        Assert.Equal(0, CliRunner.Run(["satisfaction", .. input, .. reviewOptions, "--json", satisfactionJson]).Exit);
        using var satisfaction = System.Text.Json.JsonDocument.Parse(File.ReadAllText(satisfactionJson));
        var csat = satisfaction.RootElement.GetProperty("overall");
        var overallCsat = string.Create(CultureInfo.InvariantCulture, $"{csat.GetProperty("score").GetDouble():0.0}% [{csat.GetProperty("low").GetDouble():0.0}, {csat.GetProperty("high").GetDouble():0.0}]");

        // The same figures as the returns and reactivation commands give on the same export.
        var returnsJson = Path.Combine(Folder, "returns.json");
        Assert.Equal(0, CliRunner.Run(["returns", .. input, "--cohort", "month", "--json", returnsJson]).Exit);
        var reactivationJson = Path.Combine(Folder, "reactivation.json");
        Assert.Equal(0, CliRunner.Run(["reactivation", .. input, "--dormancy-days", "60", "--json", reactivationJson]).Exit);
        using var returns = System.Text.Json.JsonDocument.Parse(File.ReadAllText(returnsJson));
        using var reactivation = System.Text.Json.JsonDocument.Parse(File.ReadAllText(reactivationJson));
        var returned = returns.RootElement.GetProperty("overall").GetProperty("returnedAmount").GetDecimal().ToString("N2", CultureInfo.InvariantCulture);
        var dormant = reactivation.RootElement.GetProperty("dormantCustomers").GetInt32().ToString("N0", CultureInfo.InvariantCulture);

        var (dom, log) = Browse(chromium!, "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.DoesNotContain(":CONSOLE", log, StringComparison.Ordinal);
        Assert.Contains("data-rendered=\"true\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"retention-curves\"", dom, StringComparison.Ordinal);
        Assert.Equal(8, Regex.Matches(dom, "class=\"cohort-curve\"").Count); // the last eight of nine monthly cohorts
        Assert.Contains("id=\"overall-curve\"", dom, StringComparison.Ordinal);
        Assert.Contains($"<td>{returned}</td>", dom, StringComparison.Ordinal); // the overall row of the returns table
        Assert.Contains($"<b>{dormant}</b>customers went dormant", dom, StringComparison.Ordinal);
        Assert.Contains($"<b>{overallCsat}</b>CSAT overall", dom, StringComparison.Ordinal);

        // Customer value: the CLV distribution; MBG/NBD's fit finds no dropout in these nine months (every P(alive) is
        // about 1), so the at-risk list says so and keeps RFM churn risk.
        var clvJson = Path.Combine(Folder, "clv.json");
        Assert.Equal(0, CliRunner.Run(["clv", .. input, "--json", clvJson]).Exit);
        using var clv = System.Text.Json.JsonDocument.Parse(File.ReadAllText(clvJson));
        Assert.True(clv.RootElement.GetProperty("customers").EnumerateArray().All(c => c.GetProperty("pAlive").GetDouble() > 0.99));
        Assert.Contains("id=\"clv-distribution\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"no-dropout\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"satisfaction-segments\"", dom, StringComparison.Ordinal);
        Assert.Equal(6, Regex.Matches(dom, "<text x=\"0\" y=\"[0-9]+\" font-size=\"12\">(score [1-5]|no review)</text>").Count); // five scores and no review

        var screenshot = Path.Combine(Folder, "retail.png");
        Browse(chromium!, "--hide-scrollbars", "--window-size=1100,2600", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot has content");
    }
}
