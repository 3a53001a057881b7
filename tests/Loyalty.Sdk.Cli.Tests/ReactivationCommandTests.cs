using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Reactivation;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary><c>loyalty reactivation</c> on CDNOW: its JSON is the library's report on the same purchases.</summary>
public sealed class ReactivationCommandTests() : TempFolderTests("loyalty-reactivation-")
{
    [Fact]
    public void Cdnow_WritesTheLibrarysReport()
    {
        var json = Path.Combine(Folder, "r.json");
        var (exit, output, error) = CliRunner.Run("reactivation", "--input", CliTests.CdnowPath(), "--customer", "customer_id", "--time", "date", "--time-format", "yyyyMMdd",
            "--delimiter", "whitespace", "--dormancy-days", "120", "--within", "30,180", "--as-of", "1998-06-30", "--json", json);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("back within  180 days", output, StringComparison.Ordinal);

        var records = File.ReadLines(CliTests.CdnowPath()).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => new PurchaseRecord(f[0], LocalDate.FromDateTime(DateTime.ParseExact(f[1], "yyyyMMdd", CultureInfo.InvariantCulture)).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()));
        var expected = ReactivationAnalysis.Compute(PurchaseTable.FromRecords(records, DateTimeZone.Utc),
            new ReactivationOptions { DormancyDays = 120, WithinDays = [30, 180], AsOf = new LocalDate(1998, 6, 30) });

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(expected.DormantSpells, root.GetProperty("dormantSpells").GetInt64());
        Assert.Equal(expected.DormantCustomers, root.GetProperty("dormantCustomers").GetInt32());
        Assert.Equal(expected.Reactivations, root.GetProperty("reactivations").GetInt64());
        Assert.Equal(expected.ReactivatedCustomers, root.GetProperty("reactivatedCustomers").GetInt32());
        Assert.Equal(expected.Within[1].Reactivated, root.GetProperty("within").GetProperty("180").GetProperty("reactivated").GetInt64());
        Assert.Equal(expected.Within[1].Rate!.Value, root.GetProperty("within").GetProperty("180").GetProperty("rate").GetDouble(), 12);
        Assert.Equal(expected.ByMonth.Select(m => m.Reactivations), root.GetProperty("byMonth").EnumerateArray().Select(m => m.GetProperty("reactivations").GetInt64()));
        Assert.True(expected.Reactivations > 1000);
    }

    [Fact]
    public void ABadThresholdOrWindow_IsAnInputProblem()
    {
        var csv = Path.Combine(Folder, "a.csv");
        File.WriteAllText(csv, "customer,time\nc1,2024-01-01\n");
        Assert.Equal(Cli.InputProblem, CliRunner.Run("reactivation", "--input", csv, "--customer", "customer", "--time", "time", "--dormancy-days", "0").Exit);
        var (exit, _, error) = CliRunner.Run("reactivation", "--input", csv, "--customer", "customer", "--time", "time", "--within", "30,x");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("--within '30,x'", error, StringComparison.Ordinal);
    }
}
