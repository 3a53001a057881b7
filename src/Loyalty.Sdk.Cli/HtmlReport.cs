using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using Loyalty.Sdk.Analytics.Reactivation;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Returns;
using Loyalty.Sdk.Analytics.Rfm;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// One self-contained HTML page (inline CSS, inline SVG, one small inline script; no external scripts or fonts):
/// the cohort retention heatmap and curves, repeat and cross-purchase figures, the RFM segment chart, the churn list,
/// reactivation, return rates when the export says what a return is, and satisfaction when reviews are given.
/// </summary>
internal static class HtmlReport
{
    public static string Render(string source, PurchaseTable table, RetentionReport retention, RepeatPurchaseReport repeat, CrossPurchaseReport? cross, RfmReport rfm,
        IReadOnlyList<ReturnRateRow>? returns = null, ReactivationReport? reactivation = null, SatisfactionResult? satisfaction = null, IReadOnlyList<Analytics.Value.CustomerValue>? values = null, Analytics.Churn.SupervisedChurnEvaluation? churnModel = null)
    {
        var html = new StringBuilder();
        void Line(string text) => html.AppendLine(text);
        static string E(string text) => WebUtility.HtmlEncode(text);
        static string Pct(double rate) => double.IsNaN(rate) ? "–" : rate.ToString("0.0%", CultureInfo.InvariantCulture);
        static string Date(NodaTime.LocalDate date) => LocalDatePattern.Iso.Format(date);

        Line("<!DOCTYPE html>");
        Line("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        Line($"<title>Loyalty report – {E(Path.GetFileName(source))}</title>");
        Line("<style>");
        Line("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1d2733;background:#fff}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde3ea;padding-bottom:.3rem}");
        Line("table{border-collapse:collapse;font-size:.85rem}th,td{padding:.25rem .5rem;text-align:right;border:1px solid #e6ebf0}th{background:#f4f6f8}td.cohort,th.cohort{text-align:left}table+table{margin-top:1rem}");
        Line(".figures{display:flex;gap:1.5rem;flex-wrap:wrap}.figure{background:#f4f6f8;border-radius:.5rem;padding:.75rem 1rem;min-width:10rem}.figure b{display:block;font-size:1.4rem}.muted{color:#66727f;font-size:.85rem}");
        Line("</style></head><body>");
        Line($"<h1>Loyalty report</h1><p class=\"muted\">{E(Path.GetFileName(source))}: {table.Count:N0} purchases by {table.CustomerCount:N0} customers, as of {(retention.AsOf is { } asOf ? Date(asOf) : "–")}.</p>");

        // Retention heatmap: the cell colour is the rate; unobservable cells stay blank.
        var definition = retention.Definition switch { RetentionDefinition.OnOrAfter => "on-or-after", RetentionDefinition.Within => "within", _ => "exact" };
        Line($"<h2>Cohort retention ({definition})</h2>");
        Line("<table id=\"retention\"><thead><tr><th class=\"cohort\">cohort</th><th>size</th>" + string.Concat(retention.Days.Select(d => $"<th>D{d}</th>")) + "</tr></thead><tbody>");
        foreach (var row in retention.Cohorts)
        {
            html.Append($"<tr><td class=\"cohort\">{Date(row.Cohort)}</td><td>{row.Size:N0}</td>");
            foreach (var cell in row.Cells)
            {
                html.Append(cell is { } c
                    ? $"<td style=\"background:rgba(32,120,200,{Math.Round(0.08 + (0.85 * c.Rate), 3).ToString(CultureInfo.InvariantCulture)})\" title=\"{c.Retained:N0} of {c.Observable:N0}\">{Pct(c.Rate)}</td>"
                    : "<td></td>");
            }

            Line("</tr>");
        }

        Line("<tr><th class=\"cohort\">overall</th><th>" + retention.Cohorts.Sum(c => c.Size).ToString("N0", CultureInfo.InvariantCulture) + "</th>" + string.Concat(retention.Overall.Select(c => $"<th class=\"overall\">{(c is { } o ? Pct(o.Rate) : string.Empty)}</th>")) + "</tr>");
        Line("</tbody></table>");

        HtmlReportSections.RetentionCurves(html, retention);
        Line("<h2>Repeat and cross-purchase</h2><div class=\"figures\">");
        Line($"<div class=\"figure\" id=\"repeat-rate\"><b>{Pct(repeat.Rate)}</b>repeat-purchase rate ({repeat.Repeaters:N0} of {repeat.Customers:N0})</div>");
        if (repeat.DaysToSecondOrder is { } q)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"<div class=\"figure\"><b>{q.Median:0} days</b>median to the second order (quartiles {q.Q1:0}–{q.Q3:0})</div>"));
        }

        Line(cross is null
            ? "<div class=\"figure\"><b>–</b>cross-purchase rate (no category column)</div>"
            : $"<div class=\"figure\" id=\"cross-rate\"><b>{Pct(cross.Rate)}</b>cross-purchase rate ({cross.MultiCategory:N0} of {cross.Customers:N0})</div>");
        Line("</div>");

        // RFM segments as an SVG bar chart.
        Line($"<h2>RFM segments ({rfm.Customers.Count:N0} customers, {rfm.Bins} bins)</h2>");
        var segments = rfm.Segments.OrderByDescending(s => s.Value).ToArray();
        var max = Math.Max(1, segments.Max(s => s.Value));
        Line($"<svg id=\"segments\" width=\"720\" height=\"{(segments.Length * 26) + 10}\" role=\"img\" aria-label=\"customers per RFM segment\">");
        for (var i = 0; i < segments.Length; i++)
        {
            var width = (int)Math.Round(440.0 * segments[i].Value / max);
            var y = (i * 26) + 5;
            Line($"<text x=\"0\" y=\"{y + 15}\" font-size=\"13\">{E(segments[i].Key)}</text><rect x=\"170\" y=\"{y}\" width=\"{width}\" height=\"20\" fill=\"#2078c8\"></rect><text class=\"segment-count\" x=\"{178 + width}\" y=\"{y + 15}\" font-size=\"13\">{segments[i].Value:N0}</text>");
        }

        Line("</svg>");
        Line("<p class=\"muted\">Segments total: <span id=\"segment-total\">(computing)</span></p>");

        if (values is not null)
        {
            HtmlValue.Distribution(html, values, 12);
        }

        if (values is not null && HtmlValue.FindsDropout(values))
        {
            HtmlValue.AtRisk(html, table, values, rfm);
        }
        else
        {
            if (values is not null)
            {
                Line("<p class=\"muted\" id=\"no-dropout\">MBG/NBD finds no dropout in this data (P(alive) is about 1 for nearly every customer), so value at risk cannot rank customers: the list below is ranked by RFM churn risk.</p>");
            }

            Line("<h2>Most at risk among the best customers</h2>");
            Line("<table id=\"churn\"><thead><tr><th class=\"cohort\">customer</th><th>churn risk</th><th>days since last order</th><th>orders</th><th>spend</th><th class=\"cohort\">segment</th></tr></thead><tbody>");
            foreach (var c in rfm.Customers.Where(c => c.M >= rfm.Bins - 1).OrderByDescending(c => c.ChurnRisk).ThenByDescending(c => c.Monetary).Take(20))
            {
                var id = table.CustomerIds?.Decode(c.Customer) ?? c.Customer.ToString(CultureInfo.InvariantCulture);
                Line(string.Create(CultureInfo.InvariantCulture, $"<tr><td class=\"cohort\">{E(id)}</td><td>{c.ChurnRisk:0.00}</td><td>{c.RecencyDays:N0}</td><td>{c.Frequency:N0}</td><td>{c.Monetary:N2}</td><td class=\"cohort\">{E(c.Segment)}</td></tr>"));
            }

            Line("</tbody></table>");
        }

        if (churnModel is not null)
        {
            HtmlChurnModel.Section(html, churnModel);
        }

        if (reactivation is not null)
        {
            HtmlReportSections.Reactivation(html, reactivation);
        }

        if (returns is not null)
        {
            HtmlReportSections.Returns(html, returns);
        }

        if (satisfaction is not null)
        {
            HtmlSatisfaction.Section(html, satisfaction);
        }

        Line("<p class=\"muted\">Generated by the loyalty tool (Loyalty.Sdk). Churn risk = (6(b−R) + 3(b−F) + (b−M)) / 10(b−1).</p>");

        // The one script: totals the bar labels, so a reader (or a test) can see the page rendered and ran.
        Line("<script>");
        Line("(function(){var total=0;document.querySelectorAll('#segments .segment-count').forEach(function(t){total+=parseInt(t.textContent.replace(/[^0-9]/g,''),10);});");
        Line("document.getElementById('segment-total').textContent=total.toLocaleString('en-US');document.body.setAttribute('data-rendered','true');})();");
        Line("</script>");
        Line("</body></html>");
        return html.ToString();
    }
}
