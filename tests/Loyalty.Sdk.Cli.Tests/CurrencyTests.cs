using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>Amounts in several currencies converted into one, exactly, at the latest rate on or before each row's date.</summary>
public sealed class CurrencyTests() : TempFolderTests("loyalty-currency-")
{
    [Fact]
    public void Amounts_AreConvertedAsOfEachRowsDate_AndAMissingRateIsAnInputProblem()
    {
        var orders = Write("orders.csv", "customer,time,qty,price,currency\n" +
            "a,2024-01-01,2,10.00,EUR\n" +       // base currency: 20
            "a,2024-01-03,1,10.00,GBP\n" +       // GBP on 2024-01-02: 1.15 -> 11.5
            "b,2024-01-10,3,1.10,GBP\n" +        // GBP on 2024-01-10: 1.17 -> 3.861
            "b,2024-01-11,1,100,USD\n" +         // USD on 2024-01-01: 0.91 -> 91
            "c,2024-01-12,1,5,\n");              // no currency: a bad row
        var rates = Write("rates.csv", "date,currency,rate\n2024-01-02,GBP,1.15\n2024-01-10,GBP,1.17\n2024-01-01,USD,0.91\n");
        string[] args = ["rfm", "--input", orders, "--customer", "customer", "--time", "time", "--quantity", "qty", "--unit-price", "price",
            "--currency", "currency", "--rates", rates, "--base-currency", "eur"];
        var json = Path.Combine(Folder, "rfm.json");
        var (exit, _, error) = CliRunner.Run([.. args, "--json", json]);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("(missing currency: 1)", error, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var monetary = document.RootElement.GetProperty("customers").EnumerateArray().ToDictionary(c => c.GetProperty("customer").GetString()!, c => c.GetProperty("monetary").GetDecimal());
            Assert.Equal(31.5m, monetary["a"]);
            Assert.Equal(94.861m, monetary["b"]);
        }

        // A GBP order before the first GBP rate: the rates file is incomplete, and the tool says which rate is missing.
        var early = Write("early.csv", "customer,time,qty,price,currency\na,2024-01-01,1,10,GBP\n");
        (exit, _, error) = CliRunner.Run(["rfm", "--input", early, "--customer", "customer", "--time", "time", "--quantity", "qty", "--unit-price", "price",
            "--currency", "currency", "--rates", rates, "--base-currency", "EUR"]);
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("has no GBP rate on or before 2024-01-01 (into EUR)", error, StringComparison.Ordinal);

        var broken = Write("broken.csv", "date,currency,rate\n2024-01-02,GBP,1.15\n2024-13-01,GBP,1.2\n");
        (exit, _, error) = CliRunner.Run([.. args[..^4], "--rates", broken, "--base-currency", "EUR"]);
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("'" + broken + "' line 3", error, StringComparison.Ordinal);

        Assert.Equal(Cli.InvalidArguments, CliRunner.Run([.. args[..^4]]).Exit);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
