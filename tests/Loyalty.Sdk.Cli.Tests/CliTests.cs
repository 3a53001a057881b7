using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

public sealed class CliTests() : TempFolderTests("loyalty-cli-")
{
    internal static string CdnowPath() => Cdnow();

    private static string Cdnow() => SharedData.File("cdnow", "CDNOW_master.txt");

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Retention_OnCdnow_WritesTheDocumentedJson_AndItMatchesTheLibrary()
    {
        var json = Path.Combine(Folder, "r.json");
        var (exit, output, error) = Run("retention", "--input", Cdnow(), "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd",
            "--delimiter", "whitespace", "--cohort", "month", "--days", "1,7,30", "--definition", "on-or-after", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("overall", output, StringComparison.Ordinal);

        // Independently: split the lines by hand and use the library directly.
        var records = File.ReadLines(Cdnow()).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => new PurchaseRecord(f[0], new LocalDate(int.Parse(f[1][..4], CultureInfo.InvariantCulture), int.Parse(f[1][4..6], CultureInfo.InvariantCulture), int.Parse(f[1][6..], CultureInfo.InvariantCulture)).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()))
            .ToArray();
        var expected = CohortRetention.Compute(PurchaseTable.FromRecords(records, DateTimeZone.Utc), new RetentionOptions { Days = [1, 7, 30], Definition = RetentionDefinition.OnOrAfter, Grouping = CohortGrouping.Month });

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(new[] { "overall", "cohorts" }, root.EnumerateObject().Select(p => p.Name));
        var d30 = root.GetProperty("overall").GetProperty("30");
        Assert.Equal(expected.Overall[2]!.Value.Observable, d30.GetProperty("observable").GetInt32());
        Assert.Equal(expected.Overall[2]!.Value.Retained, d30.GetProperty("retained").GetInt32());
        Assert.Equal(expected.Overall[2]!.Value.Rate, d30.GetProperty("rate").GetDouble(), 12);
        var cohorts = root.GetProperty("cohorts").EnumerateArray().ToArray();
        Assert.Equal(expected.Cohorts.Select(c => c.Cohort.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), cohorts.Select(c => c.GetProperty("cohort").GetString()));
        Assert.Equal(expected.Cohorts.Select(c => c.Size), cohorts.Select(c => c.GetProperty("size").GetInt32()));
        Assert.Equal(23570, cohorts.Sum(c => c.GetProperty("size").GetInt32()));
    }

    [Fact]
    public void Retention_UnobservableCellsAreNull_AndDelimitersAgree()
    {
        const string rows = "2026-03-01T10:00:00Z|a|o1\n2026-03-02T09:00:00+01:00|a|o2\n2026-03-09T12:00:00Z|b|o3\n2026-03-10T12:00:00Z|b|o4\n";
        string Json(string delimiter, string separator)
        {
            var input = Write($"p{delimiter}.txt", "time" + separator + "customer" + separator + "order\n" + rows.Replace("|", separator, StringComparison.Ordinal));
            var json = Path.Combine(Folder, $"r{delimiter}.json");
            var (exit, _, error) = Run("retention", "--input", input, "--customer", "customer", "--time", "time", "--delimiter", delimiter, "--days", "1,7", "--json", json);
            Assert.True(exit == 0, error);
            return File.ReadAllText(json);
        }

        var comma = Json(",", ",");
        Assert.Equal(comma, Json(";", ";"));
        Assert.Equal(comma, Json("tab", "\t"));
        Assert.Equal(comma, Json("whitespace", "   "));
        using var document = JsonDocument.Parse(comma);
        var cohorts = document.RootElement.GetProperty("cohorts").EnumerateArray().ToArray();
        Assert.Equal("2026-03-01", cohorts[0].GetProperty("cohort").GetString());
        Assert.Equal(1, cohorts[0].GetProperty("days").GetProperty("1").GetProperty("retained").GetInt32()); // 2 Mar 09:00+01:00 is 2 Mar 08:00Z: D1
        Assert.Equal(JsonValueKind.Null, cohorts[1].GetProperty("days").GetProperty("7").ValueKind); // 9 Mar + 7 > 10 Mar
    }

    [Fact]
    public void BadRows_AreCountedWithLineNumbers_AndStrictMakesThemFatal()
    {
        var input = Write("bad.csv", "customer,time,amount\na,2026-03-01,10\n,2026-03-02,5\nb,yesterday,5\n\"c, quoted\",2026-03-03,x\nd,2026-03-04,7.5\n");
        var (exit, _, error) = Run("repeat", "--input", input, "--customer", "customer", "--time", "time", "--amount", "amount");
        Assert.Equal(0, exit);
        Assert.Contains("3 of 5 row(s) could not be used and were skipped", error, StringComparison.Ordinal);
        Assert.Contains("line 3: missing customer", error, StringComparison.Ordinal);
        Assert.Contains("line 4: unparsable time 'yesterday'", error, StringComparison.Ordinal);
        Assert.Contains("line 5: unparsable amount 'x'", error, StringComparison.Ordinal);

        Assert.Equal(Cli.BadRowsWhenStrict, Run("repeat", "--input", input, "--customer", "customer", "--time", "time", "--amount", "amount", "--strict").Exit);
    }

    [Fact]
    public void InputProblems_ExitWith2_AndArgumentProblemsWith1()
    {
        var input = Write("ok.csv", "customer,time\na,2026-03-01\n");
        var missingColumn = Run("retention", "--input", input, "--customer", "client", "--time", "time");
        Assert.Equal(Cli.InputProblem, missingColumn.Exit);
        Assert.Contains("--customer 'client': no such column. The header has: 'customer', 'time'.", missingColumn.Err, StringComparison.Ordinal);
        Assert.Equal(Cli.InputProblem, Run("retention", "--input", Path.Combine(Folder, "none.csv"), "--customer", "customer", "--time", "time").Exit);
        Assert.Equal(Cli.InputProblem, Run("retention", "--input", input, "--customer", "customer", "--time", "time", "--time-zone", "Mars/Olympus").Exit);
        Assert.Equal(Cli.InputProblem, Run("retention", "--input", input, "--customer", "customer", "--time", "time", "--as-of", "03/01/2026").Exit);
        Assert.Equal(Cli.InputProblem, Run("retention", "--input", input, "--customer", "customer", "--time", "time", "--days", "1,x").Exit);
        Assert.Equal(Cli.InputProblem, Run("cross", "--input", input, "--customer", "customer", "--time", "time").Exit);
        Assert.Equal(Cli.InputProblem, Run("retention", "--input", Write("empty.csv", "customer,time\n"), "--customer", "customer", "--time", "time").Exit);
        Assert.Equal(Cli.InvalidArguments, Run("retention", "--input", input).Exit);
        Assert.Equal(Cli.InvalidArguments, Run("retention", "--input", input, "--customer", "customer", "--time", "time", "--cohort", "year").Exit);
    }

    [Fact]
    public void Repeat_AndCross_WriteTheirDocumentedJson()
    {
        var input = Write("p.csv", "customer,time,order,category\na,2026-03-01,o1,books\na,2026-03-01,o1,music\na,2026-03-05,o2,books\nb,2026-03-02,o3,toys\n");
        var repeatJson = Path.Combine(Folder, "repeat.json");
        Assert.Equal(0, Run("repeat", "--input", input, "--customer", "customer", "--time", "time", "--order", "order", "--days", "7", "--json", repeatJson).Exit);
        using (var repeat = JsonDocument.Parse(File.ReadAllText(repeatJson)))
        {
            Assert.Equal(2, repeat.RootElement.GetProperty("customers").GetInt32());
            Assert.Equal(1, repeat.RootElement.GetProperty("repeaters").GetInt32());
            Assert.Equal(0.5, repeat.RootElement.GetProperty("rate").GetDouble());
        }

        var crossJson = Path.Combine(Folder, "cross.json");
        var (exit, output, _) = Run("cross", "--input", input, "--customer", "customer", "--time", "time", "--category", "category", "--json", crossJson);
        Assert.Equal(0, exit);
        Assert.Contains("P(bought column | bought row)", output, StringComparison.Ordinal);
        using var cross = JsonDocument.Parse(File.ReadAllText(crossJson));
        Assert.Equal(2, cross.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(1, cross.RootElement.GetProperty("multiCategory").GetInt32());
        Assert.Equal(0.5, cross.RootElement.GetProperty("rate").GetDouble());
        var books = cross.RootElement.GetProperty("matrix").GetProperty("books");
        Assert.Equal(1, books.GetProperty("customers").GetInt32());
        Assert.Equal(1.0, books.GetProperty("alsoBought").GetProperty("music").GetProperty("rate").GetDouble());
        Assert.Equal(0.0, books.GetProperty("alsoBought").GetProperty("toys").GetProperty("rate").GetDouble());
    }

    [Fact]
    public void Rfm_OnCdnow_WritesTheDocumentedJson()
    {
        var json = Path.Combine(Folder, "rfm.json");
        var (exit, output, error) = Run("rfm", "--input", Cdnow(), "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd",
            "--delimiter", "whitespace", "--amount", "dollar_value", "--as-of", "1998-06-30", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("Hibernating", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(new[] { "customers", "segments" }, root.EnumerateObject().Select(p => p.Name));
        var customers = root.GetProperty("customers").EnumerateArray().ToArray();
        Assert.Equal(23570, customers.Length);
        Assert.Equal(23570, root.GetProperty("segments").EnumerateObject().Sum(p => p.Value.GetInt32()));
        var first = customers.Single(c => c.GetProperty("customer").GetString() == "00001");
        Assert.Equal(new[] { "customer", "recency", "frequency", "monetary", "r", "f", "m", "segment", "churnRisk" }, first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(545, first.GetProperty("recency").GetInt32()); // one purchase on 1997-01-01
        Assert.Equal(1, first.GetProperty("frequency").GetInt32());
        Assert.Equal(11.77m, first.GetProperty("monetary").GetDecimal());
        Assert.Equal(1, first.GetProperty("f").GetInt32());
        Assert.Equal("Hibernating", first.GetProperty("segment").GetString());
        Assert.Equal(Cli.InvalidArguments, Run("rfm", "--input", Cdnow(), "--customer", "customer_id", "--time", "date").Exit);
    }

    [Fact]
    public void Churn_OnCdnow_FitsReportsAndEvaluates()
    {
        var json = Path.Combine(Folder, "churn.json");
        var (exit, output, error) = Run("churn", "--input", Cdnow(), "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd",
            "--delimiter", "whitespace", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("ROC AUC", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("bgnbd", root.GetProperty("model").GetString());
        Assert.Equal(new[] { "r", "alpha", "a", "b" }, root.GetProperty("params").EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("logLikelihood").GetDouble() < 0);
        var customers = root.GetProperty("customers").EnumerateArray().ToArray();
        Assert.Equal(23570, customers.Length);
        Assert.Equal(new[] { "customer", "frequency", "recency", "T", "pAlive", "expected" }, customers[0].EnumerateObject().Select(p => p.Name));
        Assert.All(customers.Where(c => c.GetProperty("frequency").GetInt32() == 0), c => Assert.Equal(1.0, c.GetProperty("pAlive").GetDouble()));
        var evaluation = root.GetProperty("evaluation");
        Assert.InRange(evaluation.GetProperty("aucRfm").GetDouble(), 0.6, 0.95);
        Assert.InRange(evaluation.GetProperty("aucPAlive").GetDouble(), 0.2, 0.5);

        var plain = Path.Combine(Folder, "plain.json");
        Assert.Equal(0, Run("churn", "--input", Cdnow(), "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd",
            "--delimiter", "whitespace", "--calibration-end", "1997-09-30", "--period", "day", "--json", plain).Exit);
        using var days = JsonDocument.Parse(File.ReadAllText(plain));
        Assert.False(days.RootElement.TryGetProperty("evaluation", out _));
        Assert.True(days.RootElement.GetProperty("params").GetProperty("alpha").GetDouble() > 20); // α in days is about 7× α in weeks
    }

    [Fact]
    public void Churn_OnDataWithoutRepeatPurchases_IsAnInputProblem()
    {
        var input = Write("once.csv", "customer,time\na,2026-03-01\nb,2026-03-02\n");
        var (exit, _, error) = Run("churn", "--input", input, "--customer", "customer", "--time", "time", "--calibration-end", "2026-03-31");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("no customer has a repeat purchase", error, StringComparison.Ordinal);
        Assert.Equal(Cli.InputProblem, Run("churn", "--input", input, "--customer", "customer", "--time", "time", "--calibration-end", "2026-03-31", "--holdout-end", "2026-03-01").Exit);
    }
}
