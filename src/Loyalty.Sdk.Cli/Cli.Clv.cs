using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Value;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>clv</c> subcommand: customer lifetime value from a purchase model and the Gamma-Gamma spend model.</summary>
internal static partial class Cli
{
    private static readonly Option<string> ValueModel = CreateChoice("--model", "The purchase model: mbgnbd (one-time buyers can be gone), bgnbd or pareto.", "mbgnbd", "mbgnbd", "bgnbd", "pareto");
    private static readonly Option<int> Months = new("--months") { Description = "The CLV horizon in months.", DefaultValueFactory = _ => 12 };
    private static readonly Option<double> Discount = new("--discount") { Description = "The monthly discount rate (0.01: about 12.7% a year).", DefaultValueFactory = _ => 0.01 };
    private static readonly Option<double> Margin = new("--margin") { Description = "The share of a purchase's value that is profit (1: revenue).", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Top = new("--top") { Description = "How many of the most valuable customers to print.", DefaultValueFactory = _ => 20 };

    /// <summary>The options of <c>clv</c> beyond the input's.</summary>
    private static Option[] ClvOptions => [AsOf, ValueModel, PeriodOption, Months, Discount, Margin, Top, Json];

    private static int Clv(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var (months, discount, margin) = (parse.GetValue(Months), parse.GetValue(Discount), parse.GetValue(Margin));
        if (months is < 1 or > 1200 || !double.IsFinite(discount) || discount < 0 || !double.IsFinite(margin) || margin < 0)
        {
            throw new UsageException("--months must be 1 to 1200, and --discount and --margin finite and not negative.");
        }

        var asOf = ParseAsOf(parse.GetValue(AsOf)) ?? Analytics.Retention.PurchaseTable.DateOf(contents.Table.Days.Max());
        var period = parse.GetValue(PeriodOption) == "day" ? SummaryPeriod.Day : SummaryPeriod.Week;
        var options = new ClvOptions { Months = months, MonthlyDiscountRate = discount, Margin = margin };
        var name = parse.GetValue(ValueModel)!;
        var model = name switch { "bgnbd" => PurchaseModel.BgNbd, "pareto" => PurchaseModel.ParetoNbd, _ => PurchaseModel.ModifiedBgNbd };
        GammaGammaParameters spendParameters;
        IReadOnlyList<CustomerValue> values;
        try
        {
            (spendParameters, values) = CustomerValues.Compute(contents.Table, contents.Amounts!, asOf, model, options, period);
        }
        catch (ModelFitException ex)
        {
            throw new InputException($"the {name} and Gamma-Gamma models cannot be fitted to this data (as of {asOf:yyyy-MM-dd}): {ex.Message}");
        }

        var rows = values.Select(v => new ClvRow(contents.Table.CustomerIds!.Decode(v.Customer), v)).OrderByDescending(r => r.Value.Clv).ThenBy(r => r.Customer, StringComparer.Ordinal).ToList();
        var spend = spendParameters;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLV over {months} months as of {asOf:yyyy-MM-dd} ({name} and Gamma-Gamma p = {spend.P:0.###}, q = {spend.Q:0.###}, v = {spend.V:0.###}; {discount:0.0#%} a month, margin {margin:0.##})"));
        stdout.WriteLine($"{"customer",-14} {"repeats",8} {"P(alive)",9} {"purchases",10} {"spend",10} {"CLV",12}");
        foreach (var row in rows.Take(Math.Max(0, parse.GetValue(Top))))
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Customer,-14} {row.Value.Summary.Frequency,8} {row.Value.ProbabilityAlive,9:0.000} {row.Value.ExpectedPurchases,10:0.00} {row.Value.ExpectedSpend,10:0.00} {row.Value.Clv,12:N2}"));
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total over {rows.Count:N0} customers: {rows.Sum(r => r.Value.Clv):N2}"));
        WriteJson(parse, stream =>
        {
            using var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("model", name);
            json.WriteString("asOf", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("months", months);
            JsonParts.Array(json, "customers", rows, static (writer, row) =>
            {
                writer.WriteStartObject();
                writer.WriteString("customer", row.Customer);
                var v = row.Value;
                writer.WriteNumber("frequency", v.Summary.Frequency);
                writer.WriteNumber("recency", v.Summary.Recency);
                writer.WriteNumber("T", v.Summary.T);
                writer.WriteNumber("pAlive", Math.Round(v.ProbabilityAlive, 6));
                writer.WriteNumber("expectedPurchases", Math.Round(v.ExpectedPurchases, 6));
                writer.WriteNumber("expectedSpend", Math.Round(v.ExpectedSpend, 6));
                writer.WriteNumber("clv", Math.Round(v.Clv, 6));
                writer.WriteNumber("valueAtRisk", Math.Round(v.ValueAtRisk, 6));
                writer.WriteEndObject();
            });
            json.WriteEndObject();
        });
        return Success;
    }

    private sealed record ClvRow(string Customer, CustomerValue Value);
}
