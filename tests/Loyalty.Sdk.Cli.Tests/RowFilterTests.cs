using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>Row filters keep or set aside rows by a column's values, and say how many: on the real online-retail export.</summary>
public sealed class RowFilterTests() : TempFolderTests("loyalty-filters-")
{
    [Fact]
    public void IncludeAndExclude_EqualFilteringBeforehand_AndAreCounted()
    {
        var path = ExportFormatTests.OnlineRetailPath();
        var lines = ExportFormatTests.ReadLines(path);
        var rows = lines.Skip(1).Select(l => (Line: l, Fields: ExportFormatTests.Fields(l))).ToList();
        bool Usable((string Line, string[] Fields) r) => r.Fields[6].Trim().Length > 0;
        bool Kept((string Line, string[] Fields) r) => r.Fields[7] is "France" or "Germany" && !r.Fields[0].StartsWith('C');

        var filtered = Path.Combine(Folder, "filtered.csv");
        File.WriteAllLines(filtered, [lines[0], .. rows.Where(Kept).Select(r => r.Line)]);
        var expected = Retention(filtered, []);
        var (actual, error) = Retention(path, ["--include", "Country=france, GERMANY", "--exclude", "InvoiceNo=" + string.Join(',', rows.Where(r => r.Fields[0].StartsWith('C')).Select(r => r.Fields[0]).Distinct())]);
        Assert.Equal(expected.Json, actual);

        var notIncluded = rows.Count(r => Usable(r) && r.Fields[7] is not ("France" or "Germany"));
        var excluded = rows.Count(r => Usable(r) && r.Fields[7] is "France" or "Germany" && r.Fields[0].StartsWith('C'));
        Assert.Contains($"loyalty: --include Country=france, GERMANY set aside {notIncluded:N0} of {rows.Count:N0} row(s).", error, StringComparison.Ordinal);
        Assert.Contains($"set aside {excluded:N0} of {rows.Count:N0} row(s).", error, StringComparison.Ordinal);
        Assert.True(notIncluded > 100_000 && excluded > 10, $"{notIncluded} / {excluded}");

        // The rows without a customer are counted by their reason before any filter.
        Assert.Contains($"could not be used and were skipped (missing customer: {rows.Count(r => !Usable(r)):N0}):", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedFilter_IsAnArgumentError_AndAnUnknownColumn_AnInputProblem()
    {
        var csv = Path.Combine(Folder, "a.csv");
        File.WriteAllText(csv, "customer,time,country\nc1,2024-01-01,FR\n");
        var (exit, _, error) = CliRunner.Run("retention", "--input", csv, "--customer", "customer", "--time", "time", "--include", "country");
        Assert.Equal(Cli.InvalidArguments, exit);
        Assert.Contains("COLUMN=VALUE", error, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("retention", "--input", csv, "--customer", "customer", "--time", "time", "--exclude", "land=FR");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("'land': no such column", error, StringComparison.Ordinal);
    }

    private (string Json, string Error) Retention(string input, string[] extra)
    {
        var json = Path.Combine(Folder, $"r-{Guid.NewGuid():N}.json");
        var (exit, _, error) = CliRunner.Run(["retention", "--input", input, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--cohort", "month", "--json", json, .. extra]);
        Assert.True(exit == Cli.Success, error);
        return (File.ReadAllText(json), error);
    }
}
