using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// Satisfaction on the real online-retail export, with reviews written here for a third of its invoices (the shared
/// data has no reviews): each figure against a slow reference written in the test from the definitions.
/// </summary>
public sealed class SatisfactionCommandTests() : TempFolderTests("loyalty-satisfaction-")
{
    private static readonly string[] Input = ["--input", ExportFormatTests.OnlineRetailPath(), "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
        "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--return-prefix", "C"];

    [Fact]
    public void Csat_ByOrder_PerCohort_AndRepurchaseByFirstOrderScore_AgreeWithTheReference()
    {
        var export = Export.Read();
        var reviews = Path.Combine(Folder, "reviews.csv");
        var written = Reviews.WriteByOrder(export, reviews, scale: 5);
        var json = Path.Combine(Folder, "satisfaction.json");
        var (exit, output, error) = CliRunner.Run(["satisfaction", .. Input, "--reviews", reviews, "--review-order", "InvoiceNo", "--review-score", "score", "--review-time", "reviewed_at", "--cohort", "month", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("CSAT", root.GetProperty("measure").GetString());
        Assert.Equal(1, root.GetProperty("setAside").GetProperty("no such order").GetInt64()); // the review of an unknown invoice
        Assert.Contains("set aside: no such order: 1", output, StringComparison.Ordinal);

        // CSAT per first-purchase month.
        var expected = written.GroupBy(r => export.Cohort[r.Customer]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Group: g.Key, Reviews: g.Count(), Positive: g.Count(r => r.Score >= 4), Csat: Math.Round(100.0 * g.Count(r => r.Score >= 4) / g.Count(), 6)))
            .ToList();
        var actual = root.GetProperty("cohorts").EnumerateArray()
            .Select(c => (Group: c.GetProperty("group").GetString()!, Reviews: c.GetProperty("reviews").GetInt32(), Positive: c.GetProperty("positive").GetInt32(), Csat: c.GetProperty("score").GetDouble()))
            .ToList();
        Assert.Equal(expected, actual);
        Assert.All(root.GetProperty("cohorts").EnumerateArray(), c => Assert.InRange(c.GetProperty("score").GetDouble(), c.GetProperty("low").GetDouble(), c.GetProperty("high").GetDouble()));
        Assert.Equal(written.Count, root.GetProperty("overall").GetProperty("reviews").GetInt32());
        Assert.Equal(10, root.GetProperty("segments").GetArrayLength()); // every RFM segment reviewed something

        // Repurchase within 90 days by the first order's score.
        var end = export.Orders.Max(o => o.Day);
        var byScore = new SortedDictionary<int, (int Customers, int Back)>();
        var none = (Customers: 0, Back: 0);
        foreach (var customer in export.Orders.GroupBy(o => o.Customer))
        {
            var orders = customer.OrderBy(o => o.Day).ThenBy(o => o.Index).ToList();
            if (orders[0].Day.PlusDays(90) > end)
            {
                continue;
            }

            var back = orders.Count > 1 && orders[1].Day <= orders[0].Day.PlusDays(90) ? 1 : 0;
            var review = written.Where(r => r.Invoice == orders[0].Invoice).Select(r => (int?)r.Score).FirstOrDefault();
            if (review is { } score)
            {
                var (c, b) = byScore.GetValueOrDefault(score);
                byScore[score] = (c + 1, b + back);
            }
            else
            {
                none = (none.Customers + 1, none.Back + back);
            }
        }

        var rows = root.GetProperty("byFirstOrderScore").EnumerateArray().ToList();
        Assert.Equal([.. byScore.Select(s => ((int?)s.Key, s.Value.Customers, s.Value.Back)), ((int?)null, none.Customers, none.Back)],
            rows.Select(r => (r.GetProperty("score").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("score").GetInt32(), r.GetProperty("customers").GetInt32(), r.GetProperty("repurchased").GetInt32())).ToList());
        Assert.True(byScore.Values.Sum(v => v.Customers) > 500, "enough reviewed first orders");
    }

    [Fact]
    public void Nps_ByCustomer_OnAZeroToTenScale_WithItsInterval()
    {
        var export = Export.Read();
        var reviews = Path.Combine(Folder, "nps.csv");
        var written = Reviews.WriteByCustomer(export, reviews);
        var json = Path.Combine(Folder, "nps.json");
        var (exit, _, error) = CliRunner.Run(["satisfaction", .. Input, "--reviews", reviews, "--review-customer", "customer", "--review-score", "likely", "--review-time", "at", "--json", json]);
        Assert.True(exit == Cli.Success, error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var overall = document.RootElement.GetProperty("overall");
        Assert.Equal("NPS", document.RootElement.GetProperty("measure").GetString()); // auto: scores above 5
        var (promoters, detractors, n) = (written.Count(s => s >= 9), written.Count(s => s <= 6), written.Count);
        Assert.Equal(Math.Round(100.0 * (promoters - detractors) / n, 6), overall.GetProperty("score").GetDouble());
        Assert.Equal((promoters, n - promoters - detractors, detractors), (overall.GetProperty("positive").GetInt32(), overall.GetProperty("neutral").GetInt32(), overall.GetProperty("negative").GetInt32()));

        // The adjusted-Wald interval, from its definition.
        var m = n + 3.0;
        var (p, d) = ((promoters + 0.75) / m, (detractors + 0.75) / m);
        var half = 1.959964 * Math.Sqrt((p + d - ((p - d) * (p - d))) / m);
        Assert.Equal(100 * (p - d - half), overall.GetProperty("low").GetDouble(), 3);
        Assert.Equal(100 * (p - d + half), overall.GetProperty("high").GetDouble(), 3);
    }

    [Fact]
    public void BadReviews_AreCountedOrRefused_WithTheirFileAndColumn()
    {
        var reviews = Path.Combine(Folder, "bad.csv");
        File.WriteAllText(reviews, "InvoiceNo,score,reviewed_at\n536365,5,2010-12-02\n536365,eleven,2010-12-02\n536365,,2010-12-02\n536365,4,yesterday\n536366,3.5,2010-12-03\n");
        string[] options = ["--reviews", reviews, "--review-order", "InvoiceNo", "--review-score", "score", "--review-time", "reviewed_at"];
        var (exit, output, error) = CliRunner.Run(["satisfaction", .. Input, .. options]);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("reviews: 1 of 5 row(s) used", output, StringComparison.Ordinal);
        Assert.Contains("set aside: score", output, StringComparison.Ordinal);
        Assert.Contains("set aside: missing score: 1", output, StringComparison.Ordinal);
        Assert.Contains("set aside: unparsable time: 1", output, StringComparison.Ordinal);

        var (missing, _, message) = CliRunner.Run(["satisfaction", .. Input, "--reviews", reviews, "--review-order", "InvoiceNo", "--review-score", "stars", "--review-time", "reviewed_at"]);
        Assert.Equal(Cli.InputProblem, missing);
        Assert.Contains("--review-score 'stars': no such column", message, StringComparison.Ordinal);

        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["satisfaction", .. Input, "--reviews", reviews, "--review-score", "score", "--review-time", "reviewed_at"]).Exit); // of what?
        Assert.Equal(Cli.InvalidArguments, CliRunner.Run(["satisfaction", .. Input]).Exit); // no reviews

        File.WriteAllText(reviews, "InvoiceNo,score,reviewed_at\n");
        var (empty, _, none) = CliRunner.Run(["satisfaction", .. Input, .. options]);
        Assert.Equal(Cli.InputProblem, empty);
        Assert.Contains("has no usable review", none, StringComparison.Ordinal);

        File.WriteAllText(reviews, "InvoiceNo,score,reviewed_at\n536365,7,2010-12-02\n");
        var (scale, _, _) = CliRunner.Run(["satisfaction", .. Input, .. options, "--review-scale", "1-5"]);
        Assert.Equal(Cli.InputProblem, scale); // its only review is outside the scale it was given
    }

    /// <summary>The export's purchases (not cancellations) with a customer, read independently of the tool.</summary>
    internal sealed record Export(IReadOnlyList<(string Invoice, string Customer, NodaTime.LocalDate Day, int Index)> Orders, IReadOnlyDictionary<string, string> Cohort)
    {
        public static Export Read()
        {
            var rows = ExportFormatTests.ReadLines(ExportFormatTests.OnlineRetailPath()).Skip(1).Select(ExportFormatTests.Fields)
                .Where(f => f[6].Trim().Length > 0 && !f[0].StartsWith('C')).ToList();
            var orders = rows.Select((f, i) => (Invoice: f[0], Customer: f[6].Trim(), Day: NodaTime.LocalDate.FromDateTime(DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), Index: i))
                .GroupBy(o => (o.Customer, o.Invoice)).Select(g => (g.Key.Invoice, g.Key.Customer, g.Min(o => o.Day), g.Min(o => o.Index))).ToList();
            var cohort = orders.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Min(o => o.Item3) is var d ? $"{d.Year:D4}-{d.Month:D2}-01" : "");
            return new Export(orders, cohort);
        }
    }

    /// <summary>Writes reviews for about a third of the export's orders, deterministically.</summary>
    internal static class Reviews
    {
        public static List<(string Invoice, string Customer, int Score)> WriteByOrder(Export export, string path, int scale)
        {
            var random = new Random(16);
            var written = new List<(string, string, int)>();
            using var writer = new StreamWriter(path);
            writer.WriteLine("InvoiceNo,score,reviewed_at");
            foreach (var order in export.Orders.OrderBy(o => o.Index))
            {
                if (random.NextDouble() < 0.33)
                {
                    var score = random.Next(1, scale + 1);
                    writer.WriteLine($"{order.Invoice},{score},{order.Day.PlusDays(3):yyyy-MM-dd}");
                    written.Add((order.Invoice, order.Customer, score));
                }
            }

            writer.WriteLine("999999,5,2011-01-01");
            return written;
        }

        public static List<int> WriteByCustomer(Export export, string path)
        {
            var random = new Random(17);
            var written = new List<int>();
            using var writer = new StreamWriter(path);
            writer.WriteLine("customer,likely,at");
            foreach (var customer in export.Orders.GroupBy(o => o.Customer).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var score = random.Next(0, 11);
                writer.WriteLine($"{customer.Key},{score},{customer.Min(o => o.Day):yyyy-MM-dd}T18:00:00Z");
                written.Add(score);
            }

            return written;
        }
    }
}
