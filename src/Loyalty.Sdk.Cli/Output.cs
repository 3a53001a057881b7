using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>The tool's human-readable tables (stdout) and JSON documents (the shapes scripts depend on).</summary>
internal static class Output
{
    /// <summary>
    /// What happened to the rows that are not purchases, on stderr: each filter's count, the returns set aside, and
    /// the rows that could not be used, by reason, with the first few.
    /// </summary>
    public static void RowSummary(InputOptions input, PurchaseFileContents contents, bool strict, TextWriter stderr)
    {
        for (var i = 0; i < input.Filters.Count; i++)
        {
            stderr.WriteLine($"loyalty: {input.Filters[i].Option} set aside {contents.Filtered[i]:N0} of {contents.Rows:N0} row(s).");
        }

        if (input.Returns.Any)
        {
            stderr.WriteLine($"loyalty: {contents.ReturnRows:N0} of {contents.Rows:N0} row(s) were returns or cancellations and are not purchases (their amounts: {contents.ReturnedAmount.ToString("N2", CultureInfo.InvariantCulture)}).");
        }

        if (contents.Links is { } links)
        {
            stderr.WriteLine(
                $"loyalty: returns undid purchases: {links.LinkedByOrder:N0} through the order they name, {links.LinkedByProduct:N0} by an earlier purchase of their product " +
                $"(amount {links.LinkedAmount.ToString("N2", CultureInfo.InvariantCulture)} subtracted); {links.CancelledOrders:N0} order(s) returned whole are not purchases; " +
                $"{links.Unlinked:N0} return row(s) matched no purchase (amount {links.UnlinkedAmount.ToString("N2", CultureInfo.InvariantCulture)}, not subtracted).");
        }

        if (contents.BadRowCount == 0)
        {
            return;
        }

        var reasons = string.Join("; ", contents.BadReasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {r.Value:N0}"));
        stderr.WriteLine($"loyalty: {contents.BadRowCount:N0} of {contents.Rows:N0} row(s) could not be used{(strict ? "" : " and were skipped")} ({reasons}):");
        foreach (var bad in contents.FirstBadRows)
        {
            stderr.WriteLine($"  {(bad.File is null ? "" : bad.File + " ")}line {bad.Line}: {bad.Reason}");
        }

        if (contents.BadRowCount > contents.FirstBadRows.Count)
        {
            stderr.WriteLine($"  … and {contents.BadRowCount - contents.FirstBadRows.Count:N0} more");
        }
    }

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void RetentionTable(RetentionReport report, TextWriter output)
    {
        var header = "cohort       size" + string.Concat(report.Days.Select(d => $"  {"D" + d.ToString(CultureInfo.InvariantCulture),22}"));
        output.WriteLine(header);
        foreach (var row in report.Cohorts)
        {
            output.WriteLine($"{Date(row.Cohort)}  {row.Size,5}" + string.Concat(row.Cells.Select(c => $"  {Cell(c),22}")));
        }

        output.WriteLine($"{"overall",-10}  {report.Cohorts.Sum(c => c.Size),5}" + string.Concat(report.Overall.Select(c => $"  {Cell(c),22}")));
        output.WriteLine($"({Definition(report.Definition)}; as of {(report.AsOf is { } asOf ? Date(asOf) : "-")}; blank: not observable yet)");
    }

    public static void RetentionJson(RetentionReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Indented);
        json.WriteStartObject();
        json.WriteStartObject("overall");
        for (var k = 0; k < report.Days.Count; k++)
        {
            json.WritePropertyName(report.Days[k].ToString(CultureInfo.InvariantCulture));
            WriteCell(json, report.Overall[k] ?? new RetentionCell(0, 0));
        }

        json.WriteEndObject();
        json.WriteStartArray("cohorts");
        foreach (var row in report.Cohorts)
        {
            json.WriteStartObject();
            json.WriteString("cohort", Date(row.Cohort));
            json.WriteNumber("size", row.Size);
            json.WriteStartObject("days");
            for (var k = 0; k < report.Days.Count; k++)
            {
                json.WritePropertyName(report.Days[k].ToString(CultureInfo.InvariantCulture));
                if (row.Cells[k] is { } cell)
                {
                    WriteCell(json, cell);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void RepeatTable(RepeatPurchaseReport report, TextWriter output)
    {
        output.WriteLine($"customers    {report.Customers,10:N0}");
        output.WriteLine($"repeaters    {report.Repeaters,10:N0}");
        output.WriteLine($"rate         {Percent(report.Rate),10}");
        for (var k = 0; k < report.WithinDays.Count; k++)
        {
            output.WriteLine($"within {report.WithinDays[k],4}d  {Cell(report.Within[k]),22}");
        }

        if (report.DaysToSecondOrder is { } q)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"days to the second order: median {q.Median:0.#}, quartiles {q.Q1:0.#}–{q.Q3:0.#} ({q.Count:N0} repeaters)"));
        }
    }

    public static void RepeatJson(RepeatPurchaseReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Indented);
        json.WriteStartObject();
        json.WriteNumber("customers", report.Customers);
        json.WriteNumber("repeaters", report.Repeaters);
        JsonParts.Number(json, "rate", report.Rate);
        json.WriteStartObject("within");
        for (var k = 0; k < report.WithinDays.Count; k++)
        {
            json.WritePropertyName(report.WithinDays[k].ToString(CultureInfo.InvariantCulture));
            WriteCell(json, report.Within[k]);
        }

        json.WriteEndObject();
        if (report.DaysToSecondOrder is { } q)
        {
            json.WriteStartObject("daysToSecondOrder");
            json.WriteNumber("q1", q.Q1);
            json.WriteNumber("median", q.Median);
            json.WriteNumber("q3", q.Q3);
            json.WriteNumber("count", q.Count);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    public static void CrossTable(CrossPurchaseReport report, TextWriter output)
    {
        output.WriteLine($"customers with a category  {report.Customers,10:N0}");
        output.WriteLine($"in two or more categories  {report.MultiCategory,10:N0}");
        output.WriteLine($"rate                       {Percent(report.Rate),10}");
        output.WriteLine();
        output.WriteLine("P(bought column | bought row):");
        var width = System.Math.Max(8, report.Categories.Max(c => c.Length) + 1);
        output.WriteLine(new string(' ', width) + string.Concat(report.Categories.Select(c => $" {Clip(c, 10),10}")));
        for (var a = 0; a < report.Categories.Count; a++)
        {
            output.WriteLine(report.Categories[a].PadRight(width) + string.Concat(Enumerable.Range(0, report.Categories.Count).Select(b => $" {Percent(report.Conditional(a, b)),10}")));
        }
    }

    public static void CrossJson(CrossPurchaseReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Indented);
        json.WriteStartObject();
        json.WriteNumber("customers", report.Customers);
        json.WriteNumber("multiCategory", report.MultiCategory);
        JsonParts.Number(json, "rate", report.Rate);
        json.WriteStartObject("matrix");
        for (var a = 0; a < report.Categories.Count; a++)
        {
            json.WriteStartObject(report.Categories[a]);
            json.WriteNumber("customers", report.Bought[a]);
            json.WriteStartObject("alsoBought");
            for (var b = 0; b < report.Categories.Count; b++)
            {
                json.WriteStartObject(report.Categories[b]);
                json.WriteNumber("customers", report.Both[a, b]);
                JsonParts.Number(json, "rate", report.Conditional(a, b));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void RfmTable(RfmReport report, PurchaseTable table, TextWriter output)
    {
        output.WriteLine($"RFM as of {Date(report.AsOf)}, {report.Bins} bins, {report.Customers.Count:N0} customers");
        output.WriteLine();
        output.WriteLine($"{"segment",-22} {"customers",10} {"share",8}");
        foreach (var (segment, count) in report.Segments.OrderByDescending(s => s.Value))
        {
            output.WriteLine($"{segment,-22} {count,10:N0} {Percent(report.Customers.Count == 0 ? double.NaN : (double)count / report.Customers.Count),8}");
        }

        output.WriteLine();
        output.WriteLine("highest churn risk (of the customers who spent most):");
        foreach (var c in report.Customers.OrderByDescending(c => c.ChurnRisk).ThenByDescending(c => c.Monetary).Take(10))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Id(table, c.Customer),-16} risk {c.ChurnRisk:0.00}  R{c.R} F{c.F} M{c.M}  {c.RecencyDays} days ago, {c.Frequency} orders, {c.Monetary:0.00}  {c.Segment}"));
        }
    }

    public static void RfmJson(RfmReport report, PurchaseTable table, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Indented);
        json.WriteStartObject();
        json.WriteStartArray("customers");
        foreach (var c in report.Customers)
        {
            json.WriteStartObject();
            json.WriteString("customer", Id(table, c.Customer));
            json.WriteNumber("recency", c.RecencyDays);
            json.WriteNumber("frequency", c.Frequency);
            json.WriteNumber("monetary", c.Monetary / 1.0000000000000000000000000000m); // without trailing zeros
            json.WriteNumber("r", c.R);
            json.WriteNumber("f", c.F);
            json.WriteNumber("m", c.M);
            json.WriteString("segment", c.Segment);
            json.WriteNumber("churnRisk", c.ChurnRisk);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("segments");
        foreach (var (segment, count) in report.Segments)
        {
            json.WriteNumber(segment, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void ChurnTable(BgNbdModel model, IReadOnlyList<CustomerSummary> summaries, double horizon, ChurnEvaluation? evaluation, TextWriter output)
    {
        var p = model.Parameters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BG/NBD: r = {p.R:0.######}, alpha = {p.Alpha:0.######}, a = {p.A:0.######}, b = {p.B:0.######}; log-likelihood {model.LogLikelihood:0.####}; {summaries.Count:N0} customers"));
        var expected = summaries.Sum(s => model.ExpectedPurchases(horizon, s.Frequency, s.Recency, s.T));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"expected repeat purchases in the next {horizon:0.##} periods: {expected:N1}"));
        if (evaluation is null)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"holdout: {evaluation.Churned:N0} of {evaluation.Customers:N0} customers did not buy again"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROC AUC: RFM risk {evaluation.AucRfm:0.000}, 1 - P(alive) {evaluation.AucPAlive:0.000}, -E[purchases] {evaluation.AucExpectedPurchases:0.000}"));
        output.WriteLine("decile  customers  predicted  actual  bought again");
        foreach (var d in evaluation.Deciles)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Decile,6}  {d.Customers,9:N0}  {d.PredictedPurchases,9:0.000}  {d.ActualPurchases,6:0.000}  {Percent(d.ActualRepeatBuyers),12}"));
        }
    }

    public static void ChurnJson(BgNbdModel model, IReadOnlyList<CustomerSummary> summaries, PurchaseTable table, double horizon, ChurnEvaluation? evaluation, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Indented);
        json.WriteStartObject();
        json.WriteString("model", "bgnbd");
        json.WriteStartObject("params");
        json.WriteNumber("r", model.Parameters.R);
        json.WriteNumber("alpha", model.Parameters.Alpha);
        json.WriteNumber("a", model.Parameters.A);
        json.WriteNumber("b", model.Parameters.B);
        json.WriteEndObject();
        json.WriteNumber("logLikelihood", model.LogLikelihood);
        json.WriteStartArray("customers");
        foreach (var s in summaries)
        {
            json.WriteStartObject();
            json.WriteString("customer", Id(table, s.Customer));
            json.WriteNumber("frequency", s.Frequency);
            json.WriteNumber("recency", s.Recency);
            json.WriteNumber("T", s.T);
            json.WriteNumber("pAlive", model.ProbabilityAlive(s.Frequency, s.Recency, s.T));
            json.WriteNumber("expected", model.ExpectedPurchases(horizon, s.Frequency, s.Recency, s.T));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (evaluation is not null)
        {
            json.WriteStartObject("evaluation");
            JsonParts.Number(json, "aucPAlive", evaluation.AucPAlive);
            JsonParts.Number(json, "aucRfm", evaluation.AucRfm);
            JsonParts.Number(json, "aucExpected", evaluation.AucExpectedPurchases);
            json.WriteStartArray("deciles");
            foreach (var d in evaluation.Deciles)
            {
                json.WriteStartObject();
                json.WriteNumber("decile", d.Decile);
                json.WriteNumber("customers", d.Customers);
                json.WriteNumber("predicted", d.PredictedPurchases);
                json.WriteNumber("actual", d.ActualPurchases);
                json.WriteNumber("boughtAgain", d.ActualRepeatBuyers);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static string Id(PurchaseTable table, int customer) => table.CustomerIds?.Decode(customer) ?? customer.ToString(CultureInfo.InvariantCulture);

    private static void WriteCell(Utf8JsonWriter json, RetentionCell cell)
    {
        json.WriteStartObject();
        json.WriteNumber("observable", cell.Observable);
        json.WriteNumber("retained", cell.Retained);
        JsonParts.Number(json, "rate", cell.Rate);
        json.WriteEndObject();
    }

    private static string Cell(RetentionCell? cell) =>
        cell is { Observable: > 0 } c ? string.Create(CultureInfo.InvariantCulture, $"{Percent(c.Rate)} ({c.Retained:N0}/{c.Observable:N0})") : string.Empty;

    private static string Percent(double rate) => double.IsNaN(rate) ? "-" : rate.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Date(NodaTime.LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Definition(RetentionDefinition definition) => definition switch
    {
        RetentionDefinition.OnOrAfter => "on-or-after",
        RetentionDefinition.Within => "within",
        _ => "exact",
    };
}
